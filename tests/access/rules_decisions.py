"""Access rules of the ranking screen, re-classification and the units' evaluation.

truongphong heads `dept` (clerk's unit): they decide and approve there. HR records decisions
only where no head of the agency can (the agency head themselves, units without a head above),
so in the world HR may view every board but not decide the clerk's level."""

from evaluation.extensions import db
from evaluation.models import Decision, Level

from tests.security.scope_targets import Target

from . import HR, Rule


def _approved_decision(w) -> dict:
    """An approved decision of the clerk, for the re-classification page."""
    decision = db.session.query(Decision).filter_by(staff_id=w.staff["clerk"].id).first()
    if decision is None:
        decision = Decision(
            cycle_id=w.cycle.id,
            staff_id=w.staff["clerk"].id,
            unit_id=w.units["dept"].id,
            level=Level.HTT,
            approved=True,
            current=True,
        )
        db.session.add(decision)
        db.session.commit()
    return {"decision_id": decision.id}


def _center_headed_by_head(w) -> dict:
    """The public service centre, with truongphong's staff record as its head."""
    center = w.units["center"]
    if center.head_id != w.staff["head"].id:
        center.head_id = w.staff["head"].id
        db.session.commit()
    return {"cycle_id": w.cycle.id, "unit_id": center.id}


RULES = {
    "ranking.index": Rule(HR | {"unit_head"}),
    "ranking.board": Rule(
        HR | {"unit_head"}, args=lambda w: {"cycle_id": w.cycle.id, "unit_id": w.units["dept"].id}
    ),
    "ranking.decide": Rule(
        frozenset({"unit_head"}),
        args=lambda w: {"cycle_id": w.cycle.id, "staff_id": w.staff["clerk"].id},
    ),
    "ranking.approve": Rule(
        frozenset({"unit_head"}),
        args=lambda w: {"cycle_id": w.cycle.id, "unit_id": w.units["dept"].id},
    ),
    "ranking.reclassify": Rule(frozenset({"unit_head"}), args=_approved_decision),
    "ranking.collectives": Rule(HR | {"unit_head"}, args=lambda w: {"cycle_id": w.cycle.id}),
    "ranking.unit_self": Rule(frozenset({"unit_head"}), args=_center_headed_by_head),
    # Nobody in the world heads a unit above the centre: HR records the authority's decision.
    "ranking.unit_decide": Rule(HR, args=_center_headed_by_head),
}


def _decision_of(staff, cycle, unit_id: int) -> Decision:
    """An approved current decision of `staff` in `cycle` (another agency's or unit's)."""
    decision = Decision(
        cycle_id=cycle.id,
        staff_id=staff.id,
        unit_id=unit_id,
        level=Level.HTT,
        approved=True,
        current=True,
        reason="Lý do bí mật của quyết định",
    )
    db.session.add(decision)
    db.session.flush()
    return decision


SCOPE_TARGETS = {
    "decision_id": Target(
        other_agency=lambda w: _decision_of(w.other["staff"], w.other["cycle"], w.other["unit"].id),
        other_unit=lambda w: _decision_of(
            w.staff["outsider"], w.cycle, w.staff["outsider"].unit_id
        ),
        secrets=lambda d: [d.staff.full_name, d.reason],
    ),
}
