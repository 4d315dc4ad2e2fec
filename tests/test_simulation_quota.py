"""The simulator decides within the quota that holds when it decides (flask demo --province 3000
stopped at its third agency: "Vượt chỉ tiêu … 2 người trong khi tối đa là 1")."""

from __future__ import annotations

from sqlalchemy import select

from evaluation.demo.simulation import Cast, SimulationSummary, _decide
from evaluation.extensions import db
from evaluation.models import AuditLog, RoleName
from evaluation.services import decisions

from . import factories
from .test_decisions import facts, score  # noqa: F401 - the engine's facts, stood in for


def test_two_excellent_proposals_when_a_person_without_data_shrinks_the_cap(app):
    """Ten công chức in one task group: two score 95, seven 80, one has no data yet and counts
    at the expected level, so the proposal's cap is ⌊20% × 10⌋ = 2 and both are proposed HTXS.
    Deciding the person without data below HTT leaves a base of 9 and a cap of 1: the second
    proposal is refused by the decision service and the person gets HTT with its reason."""
    agency = factories.make_agency("TQ", "Sở Tư pháp tỉnh Thử")
    unit = factories.make_unit(agency, "VP", "Văn phòng Sở")  # no head: HR decides
    people = [
        factories.make_staff(agency, unit, code=f"TQ{i:02d}", task_group="Chuyên môn")
        for i in range(10)
    ]
    factories.make_user(agency, "tccb-tq", [(RoleName.HR, None)])
    cycle = factories.make_cycle(agency)
    db.session.commit()
    # people[0] has no data (decided first, as the oldest record); two excellent, seven good.
    score(people[1], 95, "HTXS")
    score(people[2], 95, "HTXS")
    for person in people[3:]:
        score(person, 80)
    before = decisions.classify_agency(cycle)
    assert [before.proposal(p.id) for p in people[:3]] == [None, "HTXS", "HTXS"]

    summary = SimulationSummary(agency=agency.name, year=cycle.year)
    _decide(cycle, Cast(agency, cycle), 2026, summary)

    current = decisions.current_decisions(cycle)
    assert {p.id for p in people} == set(current)
    levels = [current[p.id].level.value for p in people]
    assert levels[:3] == ["HTNV", "HTXS", "HTT"] and set(levels[3:]) == {"HTT"}
    # The lower level carries the service's refusal as its written reason, and is counted.
    refused = current[people[2].id]
    assert refused.proposed_level.value == "HTXS"
    assert "Vượt chỉ tiêu" in refused.reason and "tối đa là 1" in refused.reason
    assert any("Vượt chỉ tiêu" in line for line in summary.refused)
    # No scope ends above its cap, counted on the decisions.
    assert decisions.quota_errors(cycle, decisions.classify_agency(cycle)) == []
    audited = db.session.scalars(select(AuditLog.entity_id).where(AuditLog.entity == "decision"))
    assert {d.id for d in current.values()} <= set(audited)
