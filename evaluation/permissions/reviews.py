"""Who may see or change peer-review aggregates, unit meetings and party comments.
Views call these (403)."""

from __future__ import annotations

from ..models import PartyComment, Position, Staff, Unit, User
from . import headed_units, is_head, is_hr, is_party_committee, same_agency
from .decisions import can_decide_for

LEADER_POSITIONS = (Position.UNIT_HEAD, Position.MANAGER)


def can_list_meetings(user: User) -> bool:
    return is_hr(user) or is_head(user) or is_party_committee(user)


def can_view_meeting(user: User, unit: Unit) -> bool:
    """HR, the party committee (it comments on heads and deputies) and the unit's head."""
    if not same_agency(user, unit.agency_id):
        return False
    return is_hr(user) or is_party_committee(user) or unit.id in headed_units(user)


def can_edit_meeting(user: User, unit: Unit) -> bool:
    if not same_agency(user, unit.agency_id):
        return False
    return is_hr(user) or unit.id in headed_units(user)


def needs_party_comment(staff: Staff) -> bool:
    """Heads and deputies get the party committee's comments (Decree 233 Art 15.2(c))."""
    return staff.position in LEADER_POSITIONS


def can_write_party_comment(user: User, staff: Staff) -> bool:
    return (
        is_party_committee(user)
        and same_agency(user, staff.agency_id)
        and needs_party_comment(staff)
    )


def can_read_party_comment(user: User, staff: Staff, comment: PartyComment) -> bool:
    """The committee's written comments: HR (they keep the personnel file), the committee that
    writes them, the authority deciding the person (it weighs them, Decree 335 Art 21), and the
    person once the committee has made them final (they go into the person's own file, Art 25;
    a working draft stays inside the committee, HR and the authority)."""
    if not (user.is_authenticated and user.is_enabled and same_agency(user, staff.agency_id)):
        return False
    if is_hr(user) or can_write_party_comment(user, staff) or can_decide_for(user, staff):
        return True
    return comment.final and user.staff_id == staff.id
