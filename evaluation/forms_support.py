"""Small helpers between WTForms and the views."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask import flash

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

    def __bool__(self) -> bool:
        return self.done


def run_service(
    action: Callable[[], T],
    *,
    form: Any = None,
    success: str | Callable[[T], str] | None = None,
) -> Outcome[T]:
    """The views' one transaction block: call one service; when it refuses, roll back and show
    each message next to its field (flashed when there is no form), so nothing is half-saved and
    nothing typed is lost; otherwise commit and flash the success message."""
    try:
        value = action()
    except ValidationError as error:
        db.session.rollback()
        if form is not None:
            error.apply_to(form)
        else:
            for _field, message in error.errors:
                flash(message, "error")
        return Outcome(False, errors=tuple(error.errors))
    db.session.commit()
    if success is not None:
        flash(success(value) if callable(success) else success, "success")
    return Outcome(True, value)
