"""Access rules of peer reviews, unit meetings, party comments, the audit log and the dashboard."""

from . import EVERYONE, HR, Rule

HEADS = frozenset({"unit_head"})
VIEWERS = HR | HEADS | {"party_committee"}


def _meeting(w) -> dict:
    return {"cycle_id": w.cycle.id, "unit_id": w.units["dept"].id}


RULES = {
    "reviews.index": Rule(EVERYONE),
    "reviews.mine": Rule(EVERYONE),
    # The clerk and the head belong to the colleague's unit; everyone else is outside it.
    "reviews.edit": Rule(
        frozenset({"staff", "unit_head"}), args=lambda w: {"staff_id": w.staff["colleague"].id}
    ),
    "meetings.index": Rule(VIEWERS),
    "meetings.show": Rule(VIEWERS, args=_meeting),
    "meetings.edit": Rule(HR | HEADS, args=_meeting),
    "meetings.adopt": Rule(HR | HEADS, args=_meeting),
    "meetings.written": Rule(HR | HEADS, args=_meeting),
    "meetings.minutes": Rule(VIEWERS, args=_meeting),
    # Only the party committee comments, and only on heads and deputies.
    "meetings.party_comment": Rule(
        frozenset({"party_committee"}),
        args=lambda w: {"cycle_id": w.cycle.id, "staff_id": w.staff["head"].id},
    ),
    "audit.index": Rule(HR),
    "dashboard.index": Rule(HR | HEADS),
}
