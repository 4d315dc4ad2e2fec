"""Small helpers between WTForms and the views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import flash
from sqlalchemy.orm.exc import StaleDataError

from forms.auth import SimpleActionForm

from .errors import ValidationError
from .extensions import db

T = TypeVar("T")


def action_form() -> SimpleActionForm:
    """A CSRF-only form for buttons that post (sign out, open a cycle, ...).

    It only renders a token, so it never reads the request body: an error page for a body that
    was too large (413) must not trip over that body again."""
    return SimpleActionForm(formdata=None)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What a use case gave a view: done (committed) with its value, or refused (rolled back)
    with its (field, message) pairs, for a page that also shows them beside rows it draws itself."""

    done: bool
    value: T | None = None
    errors: tuple[tuple[str, str], ...] = ()
    stale: bool = False  # refused because someone saved the row first (answer 409 to a script)

    def __bool__(self) -> bool:
        return self.done


def run_service(
    action: Callable[[], T],
    *,
    form: Any = None,
    success: str | Callable[[T], str] | None = None,
    on_error: Callable[[list[tuple[str, str]]], None] | None = None,
    stale: str | None = None,
) -> Outcome[T]:
    """The views' one transaction block: call one service; when it refuses, roll back and show
    each message next to its field (flashed when there is no form), so nothing is half-saved and
    nothing typed is lost; otherwise commit and flash the success message.

    `on_error` shows the messages instead (a page with rows of its own, a JSON answer). With
    `stale`, a save that lost an optimistic version check (StaleDataError, raised at flush or
    commit) is refused the same way with that one message, and the outcome says `stale`."""
    try:
        value = action()
        db.session.commit()
    except ValidationError as error:
        return _refused(list(error.errors), form, on_error)
    except StaleDataError:
        if stale is None:
            raise
        return _refused([("", stale)], form, on_error, stale=True)
    if success is not None:
        flash(success(value) if callable(success) else success, "success")
    return Outcome(True, value)


def _refused(
    errors: list[tuple[str, str]],
    form: Any,
    on_error: Callable[[list[tuple[str, str]]], None] | None,
    *,
    stale: bool = False,
) -> Outcome:
    db.session.rollback()
    if on_error is not None:
        on_error(errors)
    elif form is not None:
        ValidationError(errors).apply_to(form)
    else:
        for _field, message in errors:
            flash(message, "error")
    return Outcome(False, errors=tuple(errors), stale=stale)
