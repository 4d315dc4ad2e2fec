"""`flask demo --simulate 2026`: the demo agency through the whole cycle, via the services."""

from __future__ import annotations

from collections import Counter

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from evaluation.demo.agency import DEMO_CODE
from evaluation.demo.simulation import SimulationError, simulate_year
from evaluation.extensions import db
from evaluation.models import (
    Agency,
    AuditLog,
    Cycle,
    Decision,
    PeerReview,
    PeriodSheet,
    RoleName,
    Staff,
    UnitApproval,
    User,
)
from evaluation.queries import dashboard as queries_dashboard
from evaluation.services import decisions, org
from evaluation.services.audit import verify_chain

from . import factories


@pytest.fixture
def simulated(app, runner):
    result = runner.invoke(args=["demo", "--simulate", "2026"])
    assert result.exit_code == 0, result.output
    agency = db.session.scalars(select(Agency).where(Agency.code == DEMO_CODE)).one()
    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == agency.id, Cycle.year == 2026)
    ).one()
    return agency, cycle, result.output


def test_simulation_decides_and_approves_everyone_within_quota(simulated, tmp_path, runner):
    """One test on purpose: the simulation takes most of a minute, so it runs once."""
    agency, cycle, output = simulated
    assert "Chỉ tiêu HTXS" in output and "Người được xếp loại" in output
    # The work went through the catalogue: assigned, reported, confirmed; the closed sheets'
    # task points are the scoring of those confirmed tasks (issue 19, docs/products.md).
    from evaluation.models import SheetStatus, Task, TaskStatus
    from evaluation.services import assessments

    tasks = db.session.scalars(select(Task).where(Task.agency_id == agency.id)).all()
    assert len(tasks) > 500 and {t.status for t in tasks} == {TaskStatus.CONFIRMED}
    assert any(t.delays for t in tasks) and any(t.failed_reviews for t in tasks)
    sheet = db.session.scalars(
        select(PeriodSheet).where(
            PeriodSheet.cycle_id == cycle.id, PeriodSheet.status == SheetStatus.CLOSED
        )
    ).first()
    rows = assessments.task_rows(sheet, manager=True)
    assert [(r["units"], r["delays"]) for r in rows] == [
        (i["units"], i["delays"]) for i in sheet.items_manager
    ]
    assert sheet.manager_task == assessments.breakdown(sheet, manager=True).task_points
    # The party round ran after the State round: three cells, every member decided, the State
    # level caps the party level, the party quota holds (tests/test_party.py for the rules).
    from evaluation.services import party as party_service

    org = party_service.organisation_of(agency.id)
    assert org is not None and len(org.cells) == 3
    party_round = party_service.round_of(org, 2026)
    assert party_round is not None and "Kiểm điểm đảng viên" in output
    rows = party_service.board(party_round)
    assert len(rows) > 30 and all(r.review.level is not None for r in rows)
    rank = {"HTXS": 3, "HTT": 2, "HTNV": 1, "KHTNV": 0}
    assert all(rank[r.review.level.value] <= rank[r.state.level] for r in rows)
    assert all(not q.over for q in party_service.quota_meters(party_round).values())
    classification = decisions.classify_agency(cycle)
    current = decisions.current_decisions(cycle)
    needing = [sid for sid in classification.staff if classification.needs_level(sid)]
    assert len(needing) > 50
    for sid in needing:
        decision = current.get(sid)
        assert decision is not None, classification.staff[sid].full_name
        assert decision.level is not None and decision.approved
    # Quotas: recount HTXS from the decisions against the engine's caps.
    assert classification.quotas
    for quota in classification.quotas:
        scope = quota["scope"]
        count = sum(
            1
            for sid, d in current.items()
            if d.level.value == "HTXS"
            # 2026: each group is counted apart (Decree 335 Art 20.5(a), Decree 233 Art 12.6(a))
            and quota["group"] in ("", classification.staff[sid].group.value)
            and (
                scope == "agency"
                or scope == f"task_group:{classification.staff[sid].task_group or ''}"
            )
        )
        assert count <= quota["cap"], (scope, count, quota["cap"])
    # Every decision is in the audit log.
    ids = set(db.session.scalars(select(Decision.id).where(Decision.cycle_id == cycle.id)))
    audited = set(
        db.session.scalars(
            select(AuditLog.entity_id).where(
                AuditLog.entity == "decision", AuditLog.entity_id.in_(ids)
            )
        )
    )
    assert ids and ids == audited
    assert verify_chain() == []
    # Every unit with people approved; a few overrides carry a reason.
    units = {d.unit_id for d in current.values()}
    approved = set(
        db.session.scalars(select(UnitApproval.unit_id).where(UnitApproval.cycle_id == cycle.id))
    )
    assert units <= approved
    overrides = [d for d in current.values() if d.proposed_level and d.level != d.proposed_level]
    assert overrides and all(d.reason for d in overrides)
    # Periodic sheets closed for every period, peer reviews with a pasted text.
    sheets = db.session.scalar(
        select(func.count(PeriodSheet.id)).where(PeriodSheet.cycle_id == cycle.id)
    )
    assert sheets >= 4 * 50
    texts = Counter(
        db.session.scalars(select(PeerReview.strengths).where(PeerReview.cycle_id == cycle.id))
    )
    assert texts.most_common(1)[0][1] >= 3
    dashboard = queries_dashboard.build(cycle, agency.id, None)
    kinds = Counter(flag.kind for flag in dashboard.flags)
    # Pasted peer comments show, and only in the couple of units where they were pasted.
    assert 1 <= kinds["same_peer"] <= 2, dashboard.flags
    assert kinds["same_meeting"] == 0

    # The export has every person of the agency.
    target = tmp_path / "ketqua.xlsx"
    result = runner.invoke(args=["export", "results", "--year", "2026", "-o", str(target)])
    assert result.exit_code == 0, result.output
    workbook = load_workbook(target)
    text = "\n".join(
        str(cell)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    )
    staff = list(db.session.scalars(select(Staff).where(Staff.agency_id == agency.id)))
    missing = [s.code for s in staff if s.code not in text and s.full_name not in text]
    assert missing == []

    # One run per year: a second one is refused and changes nothing.
    count = db.session.scalar(select(func.count(AuditLog.id)))
    result = runner.invoke(args=["demo", "--simulate", "2026"])
    assert db.session.scalar(select(func.count(AuditLog.id))) == count
    assert result.exit_code != 0
    assert "đã có quyết định" in result.output


def _all_decided_and_approved(cycle) -> None:
    classification = decisions.classify_agency(cycle)
    current = decisions.current_decisions(cycle)
    for sid in classification.staff:
        if classification.needs_level(sid):
            assert current[sid].level is not None and current[sid].approved


def test_simulate_year_on_another_agency_shape(world):
    """The factories' agency once its service unit and constituent unit have heads: most
    people without accounts, no agency head (HR records the outside authority's decisions)."""
    for key, code in (("center", "TT0009"), ("sub", "VC0009")):
        unit = world.units[key]
        head = factories.make_staff(
            world.agency,
            unit,
            name=f"Trưởng {unit.name}",
            position="unit_head",
            code=code,
            group="vien_chuc",
        )
        org.set_head(unit, head.id)
        factories.make_user(
            world.agency,
            code.lower(),
            [(RoleName.UNIT_HEAD, unit.id), (RoleName.STAFF, None)],
            head,
        )
    db.session.commit()
    summary = simulate_year(world.agency, 2026, seed=7)
    assert summary.people_classified >= 7
    assert summary.refused == []
    _all_decided_and_approved(world.cycle)
    assert "Toàn cơ quan" in "\n".join(summary.lines())


def test_simulate_year_reports_what_it_could_not_do(world):
    """Without a head nobody may propose the service unit's level: the run finishes, says so,
    and leaves those people unapproved (the services refuse; the simulator does not cheat)."""
    summary = simulate_year(world.agency, 2026, seed=7)
    text = "\n".join(summary.refused)
    assert "Trung tâm Lưu trữ lịch sử" in text and "Phòng Bảo quản" in text
    approved = set(
        db.session.scalars(
            select(UnitApproval.unit_id).where(UnitApproval.cycle_id == world.cycle.id)
        )
    )
    assert world.units["dept"].id in approved and world.units["sub"].id not in approved


def test_simulate_year_creates_a_system_hr_user_when_the_agency_has_none(world):
    agency = world.other_agency
    user = world.other["user"]
    user.roles = [r for r in user.roles if r.role != RoleName.HR]
    db.session.commit()
    simulate_year(agency, 2026)
    hr = [
        u
        for u in db.session.scalars(select(User).where(User.agency_id == agency.id))
        if u.has_role(RoleName.HR)
    ]
    assert [u.username for u in hr] == ["he-thong-tccb-syt"]
    _all_decided_and_approved(world.other["cycle"])


def test_simulate_year_needs_an_open_cycle(world):
    with pytest.raises(SimulationError):
        simulate_year(world.agency, 2031)
