"""Who keeps the catalogue of products and who assigns, reports and confirms tasks
(Decree 335 Arts 13, 18)."""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..models import Task, Unit, User
from . import is_head, is_hr, same_agency
from .assessments import is_direct_manager, owns


def can_manage_catalogue(user: User) -> bool:
    """HR consolidates the units' proposals (Art 13.2)."""
    return is_hr(user)


def can_propose(user: User) -> bool:
    """A unit's head proposes the unit's products (Art 13.1)."""
    return is_head(user)


def is_agency_head(user: User) -> bool:
    """The head of the agency heads every top unit (permissions/decisions.py); they approve
    the catalogue (Art 13.2)."""
    if not is_head(user):
        return False
    top = set(
        db.session.scalars(
            select(Unit.id).where(Unit.agency_id == user.agency_id, Unit.parent_id.is_(None))
        )
    )
    return bool(top) and top <= user.headed_unit_ids()


def can_assign(user: User) -> bool:
    return is_head(user)


def owns_task(user: User, task: Task) -> bool:
    return same_agency(user, task.agency_id) and owns(user, task.staff)


def manages_task(user: User, task: Task) -> bool:
    return is_direct_manager(user, task.staff)


def can_see_output(user: User, task: Task) -> bool:
    return same_agency(user, task.agency_id) and (
        owns_task(user, task) or manages_task(user, task) or is_hr(user)
    )
