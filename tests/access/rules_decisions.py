"""Access rules of the ranking screen, re-classification and the units' evaluation.

truongphong heads `dept` (clerk's unit): they decide and approve there. HR records decisions
only where no head of the agency can (the agency head themselves, units without a head above),
so in the world HR may view every board but not decide the clerk's level."""

from evaluation.extensions import db
from evaluation.models import Decision, DecisionStatus, Level, RoleName
from tests.factories import make_staff, make_user
from tests.security.payload_cases import Case
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
            status=DecisionStatus.APPROVED,
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


def _center_recognised(w) -> dict:
    """The centre recognised by HR (its authority in the world): its decision exists."""
    from evaluation.services import unit_evaluations
    from tests.factories import recognise

    args = _center_headed_by_head(w)
    ev = unit_evaluations.evaluation_of(w.cycle, w.units["center"])
    if ev is None or ev.level is None:
        recognise(w, "center")
        db.session.commit()
    return {**args, "kind": "decision"}


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
    # The same authority orders and concludes the verification (Decree 335 Art 9.2(a)).
    "ranking.unit_verify": Rule(HR, args=_center_headed_by_head, denied_status=(403, 404)),
    # The recognition decision: its authority (HR here), HR and the centre's own head.
    "ranking.unit_recognition": Rule(HR | {"unit_head"}, args=_center_recognised),
}


def _decision_of(staff, cycle, unit_id: int) -> Decision:
    """An approved current decision of `staff` in `cycle` (another agency's or unit's); the one
    already there when another target (a publication) decided the whole agency."""
    existing = db.session.query(Decision).filter_by(cycle_id=cycle.id, staff_id=staff.id).first()
    if existing is not None:
        return existing
    decision = Decision(
        cycle_id=cycle.id,
        staff_id=staff.id,
        unit_id=unit_id,
        level=Level.HTT,
        status=DecisionStatus.APPROVED,
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


# --- hostile text through the real forms (tests/security/test_payloads.py) -----------------


def _current(w, staff_key: str = "clerk") -> Decision | None:
    db.session.expire_all()
    return (
        db.session.query(Decision).filter_by(staff_id=w.staff[staff_key].id, current=True).first()
    )


def _decide_data(w, n: int) -> dict:
    current = _current(w)
    p = f"p{w.staff['clerk'].id}-"
    return {
        p + "level": "HTNV",
        p + "reason": "Lý do",
        p + "version": current.version if current else 0,
    }


def _reclassify_data(w, n: int) -> dict:
    """Re-classification needs an approved current decision (each one replaces the last)."""
    if _current(w) is None:
        _approved_decision(w)
    return {"level": "HTNV", "reason": "Kết luận thanh tra", "version": _current(w).version}


def _unit_facts(w, n: int) -> dict:
    _center_headed_by_head(w)
    return {
        "score": "92",
        "tasks_on_time_quality_pct": "100",
        "exceeded_pct": "40",
        "tasks_completed_pct": "100",
        "behind_schedule_pct": "0",
        "plan_completed_pct": "100",
        "shortcomings_remedied": "y",
        "self_level": "HTXS",
        "self_note": "Ghi chú",
        "version": _unit_version(w),
    }


def _unit_version(w) -> int:
    from evaluation.services import unit_evaluations

    db.session.expire_all()
    ev = unit_evaluations.evaluation_of(w.cycle, w.units["center"])
    return ev.version if ev else 0


def _unit_decide_data(w, n: int) -> dict:
    from evaluation.services import unit_evaluations

    _center_headed_by_head(w)
    if unit_evaluations.evaluation_of(w.cycle, w.units["center"]) is None:
        facts = _unit_facts(w, n)
        facts["shortcomings_remedied"] = True
        head = w.users["unit_head"]
        # Decree 233 Art 9.1: the constituent unit is classified before the centre: its own
        # head proposes, HR (no head above it has an account) decides; then the centre.
        sub = w.units["sub"]
        sub_head = make_staff(w.agency, sub, name="Đỗ Ngọc Hân", position="manager")
        sub.head_id = sub_head.id
        sub_user = make_user(w.agency, "truongbq", [(RoleName.UNIT_HEAD, sub.id)], sub_head)
        unit_evaluations.self_assess(w.cycle, sub, facts, sub_user)
        unit_evaluations.decide_unit(w.cycle, sub, "HTT", "Lý do", w.users["hr"])
        unit_evaluations.self_assess(w.cycle, w.units["center"], facts, head)
        db.session.commit()
    p = f"u{w.units['center'].id}-"
    return {p + "level": "HTNV", p + "reason": "Lý do", p + "version": _unit_version(w)}


def _verify_data(w, n: int) -> dict:
    if _unit_version(w) == 0:
        _unit_decide_data(w, n)  # the centre self-assessed, its constituent decided
    return {"step": "require"}


def _board(w, d) -> list[str]:
    return [f"/ranking/{w.cycle.id}/units/{w.units['dept'].id}"]


def _collectives(w, d) -> list[str]:
    return [f"/ranking/{w.cycle.id}/collectives"]


PAYLOAD_CASES = [
    Case(
        "forms.decision.DecisionForm",
        ("reason",),
        "truongphong",
        lambda w: f"/ranking/{w.cycle.id}/staff/{w.staff['clerk'].id}/decide",
        _decide_data,
        _board,
        key=lambda w, name: f"p{w.staff['clerk'].id}-{name}",
    ),
    Case(
        "forms.decision.ReclassifyForm",
        ("reason",),
        "truongphong",
        lambda w: f"/ranking/decisions/{_current(w).id}/reclassify",
        _reclassify_data,
        lambda w, d: [f"/ranking/decisions/{_current(w).id}/reclassify", *_board(w, d)],
    ),
    Case(
        "forms.decision.UnitSelfAssessmentForm",
        ("self_note",),
        "truongphong",
        lambda w: f"/ranking/{w.cycle.id}/collectives/{w.units['center'].id}/self",
        _unit_facts,
        lambda w, d: [f"/ranking/{w.cycle.id}/collectives/{w.units['center'].id}/self"],
    ),
    Case(
        "forms.decision.UnitDecisionForm",
        ("reason",),
        "tccb",
        lambda w: f"/ranking/{w.cycle.id}/collectives/{w.units['center'].id}/decide",
        _unit_decide_data,
        _collectives,
        key=lambda w, name: f"u{w.units['center'].id}-{name}",
    ),
    Case(
        "forms.decision.VerificationForm",
        ("text",),
        "tccb",
        lambda w: f"/ranking/{w.cycle.id}/collectives/{w.units['center'].id}/verify",
        _verify_data,
        _collectives,
        key=lambda w, name: f"v{w.units['center'].id}-{name}",
    ),
]

# Covered by their own round trips in tests/test_organisations.py (the lines need the
# "name | max | points" shape; the outside decision exists only for the agency itself).
NOT_FREE_TEXT = {
    ("forms.decision.UnitSelfAssessmentForm", "criteria_general"): "structured lines; names "
    "escaped in test_organisations::test_hostile_text_is_escaped",
    ("forms.decision.UnitSelfAssessmentForm", "criteria_tasks"): "structured lines; names "
    "escaped in test_organisations::test_hostile_text_is_escaped",
    ("forms.decision.UnitDecisionForm", "external_number"): "the agency's own row only; "
    "escaped in test_organisations::test_hostile_text_is_escaped",
    ("forms.decision.UnitDecisionForm", "external_signer"): "the agency's own row only; "
    "escaped in test_organisations::test_hostile_text_is_escaped",
}
