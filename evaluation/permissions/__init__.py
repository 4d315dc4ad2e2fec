"""One predicate per question: who may see or change what. Views call them (403/404);
templates reuse them through the `can` helper."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy import select

from ..extensions import db
from ..models import RoleName, Staff, Unit, User

HR_ROLES = (RoleName.HR, RoleName.ADMIN)


def is_hr(user: User) -> bool:
    return user.is_authenticated and user.has_role(*HR_ROLES)


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.has_role(RoleName.ADMIN)


def is_head(user: User) -> bool:
    return user.is_authenticated and user.has_role(RoleName.UNIT_HEAD)


def is_party_committee(user: User) -> bool:
    return user.is_authenticated and user.has_role(RoleName.PARTY_COMMITTEE)


def subtree_ids(unit_ids: set[int]) -> set[int]:
    """The units and all their descendants (one query per tree level)."""
    found = set(unit_ids)
    frontier = set(unit_ids)
    while frontier:
        frontier = set(db.session.scalars(select(Unit.id).where(Unit.parent_id.in_(frontier))))
        frontier -= found
        found |= frontier
    return found


def headed_units(user: User) -> set[int]:
    """Units a head answers for: the units they head and everything beneath them."""
    if not is_head(user):
        return set()
    return subtree_ids(user.headed_unit_ids())


def same_agency(user: User, agency_id: int | None) -> bool:
    return user.is_authenticated and agency_id == user.agency_id


def can_view_staff(user: User, staff: Staff) -> bool:
    if not same_agency(user, staff.agency_id):
        return False
    if user.staff_id == staff.id or is_hr(user) or is_party_committee(user):
        return True
    return staff.unit_id in headed_units(user)


def can_manage_org(user: User) -> bool:
    return is_hr(user)


def can_manage_cycles(user: User) -> bool:
    return is_hr(user)


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def in_agency_or_404(obj) -> None:
    """Another agency's ids answer 404, never their data."""
    if obj is None or getattr(obj, "agency_id", None) != current_user.agency_id:
        abort(404)
