"""Access rules of the self-assessment screens (issue 4). The clerk (congchuc) fills their own
sheet and form; their head (truongphong) scores and reopens; HR follows up."""

from tests.security.scope_targets import Target

from . import EVERYONE, HR, Rule


def _clerk(w) -> dict:
    return {"staff_id": w.staff["clerk"].id}


def _clerk_q1(w) -> dict:
    return {"staff_id": w.staff["clerk"].id, "period": 1}


OWNER = frozenset({"staff"})
HEAD = frozenset({"unit_head"})
VIEWERS = OWNER | HEAD | HR

RULES = {
    "assessments.index": Rule(EVERYONE),
    "assessments.sheet": Rule(OWNER, args=_clerk_q1),
    "assessments.sheet_autosave": Rule(OWNER, args=_clerk_q1, methods=("POST",)),
    "assessments.view_sheet": Rule(VIEWERS, args=_clerk_q1),
    "assessments.score": Rule(HEAD, args=_clerk_q1),
    "assessments.return_sheet": Rule(HEAD, args=_clerk_q1, methods=("POST",)),
    "assessments.annual": Rule(OWNER, args=_clerk),
    "assessments.annual_autosave": Rule(OWNER, args=_clerk, methods=("POST",)),
    "assessments.eligibility": Rule(VIEWERS, args=_clerk),
    "assessments.view_annual": Rule(VIEWERS, args=_clerk),
    "assessments.reopen": Rule(HEAD, args=_clerk, methods=("POST",)),
    "assessments.missing": Rule(HR),
    "assessments.records": Rule(HR, args=_clerk),
    "assessments.add_discipline": Rule(HR, args=_clerk, methods=("POST",)),
    "assessments.history": Rule(HR),
}


# The quarter number of /sheet/<staff_id>/<period>: not an object of its own. The sheet it
# selects belongs to staff_id, which the cross-scope test points at another agency/unit.
SCOPE_TARGETS = {"period": Target(other_agency=None, other_unit=None)}
