"""`flask demo --province N`: a province of N staff in about N/67 agencies, through the services;
`--open-year` leaves the year open (the state bench/load.py needs), otherwise the year is
simulated agency by agency."""

from __future__ import annotations

from sqlalchemy import func, select

from evaluation.demo.province import CODE_PREFIX, load_province
from evaluation.extensions import db
from evaluation.models import (
    Agency,
    AuditLog,
    Cycle,
    CycleStatus,
    Decision,
    RoleAssignment,
    RoleName,
    Staff,
    Unit,
)
from evaluation.services import decisions
from evaluation.services.audit import verify_chain


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where)) or 0


def test_open_year_province_by_command(runner, client):
    result = runner.invoke(args=["demo", "--province", "300", "--open-year"])
    assert result.exit_code == 0, result.output
    assert "Đã nạp 300 cán bộ" in result.output

    agencies = db.session.scalars(select(Agency).where(Agency.code.like(f"{CODE_PREFIX}%"))).all()
    assert 3 <= len(agencies) <= 6
    assert _count(Staff) == 300
    for agency in agencies:
        # Each agency stands on its own: units, a head, HR and an open cycle, nothing decided.
        assert _count(Unit, Unit.agency_id == agency.id) >= 2
        roles = set(
            db.session.scalars(
                select(RoleAssignment.role)
                .join(RoleAssignment.user)
                .where(RoleAssignment.user.has(agency_id=agency.id))
            )
        )
        assert {RoleName.HR, RoleName.UNIT_HEAD} <= roles
        cycle = db.session.scalars(select(Cycle).where(Cycle.agency_id == agency.id)).one()
        assert cycle.status == CycleStatus.OPEN and cycle.year == 2026
    assert _count(Decision) == 0
    assert _count(AuditLog) > 0 and verify_chain() == []

    # The printed sign-in works (the agency's leader, staff code in lower case).
    username = f"{CODE_PREFIX.lower()}001-0001"
    assert username in result.output
    signed_in = client.post("/login", data={"username": username, "password": "XepLoai@2026"})
    assert signed_in.status_code == 302

    again = runner.invoke(args=["demo", "--province", "300", "--open-year"])
    assert again.exit_code != 0 and "đã có" in again.output
    assert _count(Staff) == 300  # nothing added the second time


def test_simulated_province_decides_everyone(app):
    summary = load_province(150, seed=7)
    assert summary["staff"] == 150 and summary["simulated"] == summary["agencies"] >= 2
    for cycle in db.session.scalars(select(Cycle)):
        classification = decisions.classify_agency(cycle)
        current = decisions.current_decisions(cycle)
        needing = [sid for sid in classification.staff if classification.needs_level(sid)]
        assert needing
        assert all(current[sid].approved and current[sid].level for sid in needing)
    assert verify_chain() == []
