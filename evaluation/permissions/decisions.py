"""Who decides whose level (docs/rules/rules.md §5.1 Art 13.3, §7.1 Art 8; decisions in the report).

One rule for people and for units: a head decides for everything in the units they head
(their subtree) except themselves, and except the unit they head directly when it is the
one being classified. The agency head heads every top unit (Ban Giám đốc and the others in
the demo), so they decide the heads of units; a unit head never decides their own level.
When nobody inside the agency can decide (the agency head themselves, or an agency without
a recorded head above a unit), HR records the decision of the outside authority."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from ..extensions import db
from ..models import RoleAssignment, RoleName, Staff, Unit, User
from . import headed_units, is_hr, same_agency, subtree_ids

Scopes = list[tuple[int, int | None, frozenset[int]]]


def _head_scopes(agency_id: int) -> Scopes:
    """(user id, their staff id, units they answer for) for every head of the agency.
    Not cached: tests share one app context across requests, and roles change."""
    rows = db.session.execute(
        select(RoleAssignment.user_id, User.staff_id, RoleAssignment.unit_id)
        .join(User, User.id == RoleAssignment.user_id)
        .where(
            RoleAssignment.role == RoleName.UNIT_HEAD,
            RoleAssignment.agency_id == agency_id,
            RoleAssignment.unit_id.is_not(None),
            User.is_enabled.is_(True),
        )
    ).all()
    direct: dict[int, tuple[int | None, set[int]]] = {}
    for user_id, staff_id, unit_id in rows:
        direct.setdefault(user_id, (staff_id, set()))[1].add(unit_id)
    return [
        (user_id, staff_id, frozenset(subtree_ids(units)))
        for user_id, (staff_id, units) in direct.items()
    ]


def _internal_decider(staff: Staff, scopes: Scopes) -> bool:
    return any(staff.unit_id in units and staff_id != staff.id for _u, staff_id, units in scopes)


def deciders(staff: Staff) -> list[Staff]:
    """The heads inside the agency who decide this person's level (none: an outside authority,
    recorded by HR)."""
    ids = {
        staff_id
        for _u, staff_id, units in _head_scopes(staff.agency_id)
        if staff.unit_id in units and staff_id is not None and staff_id != staff.id
    }
    return list(db.session.scalars(select(Staff).where(Staff.id.in_(ids)))) if ids else []


def has_internal_decider(staff: Staff) -> bool:
    return _internal_decider(staff, _head_scopes(staff.agency_id))


def _decides(user: User, staff: Staff, heads: set[int], scopes: Callable[[], Scopes]) -> bool:
    if not same_agency(user, staff.agency_id) or user.staff_id == staff.id:
        return False
    if staff.unit_id in heads:
        return True
    return is_hr(user) and not _internal_decider(staff, scopes())


def can_decide_for(user: User, staff: Staff) -> bool:
    """May this user decide (or re-classify) this person's level?"""
    return _decides(user, staff, headed_units(user), lambda: _head_scopes(staff.agency_id))


def can_decide_for_each(user: User, people: list[Staff]) -> dict[int, bool]:
    """can_decide_for for every row of a board (staff id -> bool), reading the user's units
    and the agency's head scopes once instead of once per person."""
    heads = headed_units(user)
    scopes: dict[int, Scopes] = {}

    def scopes_of(agency_id: int) -> Scopes:
        if agency_id not in scopes:
            scopes[agency_id] = _head_scopes(agency_id)
        return scopes[agency_id]

    return {s.id: _decides(user, s, heads, lambda s=s: scopes_of(s.agency_id)) for s in people}


def can_view_ranking(user: User, unit: Unit) -> bool:
    if not same_agency(user, unit.agency_id):
        return False
    return is_hr(user) or unit.id in headed_units(user)


def can_approve_unit(user: User, unit: Unit) -> bool:
    """The unit's head (or a head above them) approves its list; HR only when no head."""
    if not same_agency(user, unit.agency_id):
        return False
    if unit.id in headed_units(user):
        return True
    return is_hr(user) and not any(
        unit.id in units for _u, _s, units in _head_scopes(unit.agency_id)
    )


def can_self_assess_unit(user: User, unit: Unit) -> bool:
    """The head of the unit proposes the collective's level (Decree 233 Art 9.2)."""
    if not same_agency(user, unit.agency_id):
        return False
    return (unit.head_id is not None and unit.head_id == user.staff_id) or (
        unit.id in user.headed_unit_ids() and unit.head_id is None
    )


def can_decide_unit(user: User, unit: Unit) -> bool:
    """The recognising authority (D233 Art 8, D335 Art 5): a head above the unit, never the
    unit's own head. The agency itself (its leadership unit) is recognised outside it (D335 Art
    5.2): HR records that decision."""
    if not same_agency(user, unit.agency_id):
        return False
    if unit.parent_id is None and unit.head_id is not None and unit.head_id == unit.agency.head_id:
        return is_hr(user)
    if unit.head_id is not None and unit.head_id == user.staff_id:
        return False
    if unit.id in headed_units(user):
        return True
    return is_hr(user) and not any(
        unit.id in units and staff_id != unit.head_id
        for _u, staff_id, units in _head_scopes(unit.agency_id)
    )


def can_view_unit_evaluations(user: User) -> bool:
    return user.is_authenticated and (is_hr(user) or bool(headed_units(user)))
