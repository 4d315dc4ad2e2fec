"""Query discipline: the head's ranking board and the HR dashboard run the same number of SQL
statements for 30 people as for 300 (no query per person, unit or decision)."""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

import pytest
from sqlalchemy import event

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import Decision, DecisionStatus, Level, PeerReview, StaffYearRecord
from evaluation.services import org

from . import factories


@pytest.fixture(autouse=True)
def _in_review_window(monkeypatch):
    monkeypatch.setattr(_time, "today", lambda: date(2026, 12, 3))


@contextmanager
def count_queries():
    """Counts every statement sent to the database inside the block (list length)."""
    seen: list[str] = []

    def listen(_conn, _cursor, statement, *_args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)


def _grow(world, units, people: int, start: int) -> None:
    """`people` more civil servants spread over `units`, each with the rows a board shows:
    an HR year record, a decision by the head with a reason, and a colleague's review."""
    reviewer = world.staff["colleague"]
    decider = world.users["unit_head"]
    for i in range(people):
        unit = units[i % len(units)]
        person = factories.make_staff(world.agency, unit, code=f"QC{start + i:04d}")
        db.session.add(StaffYearRecord(staff_id=person.id, year=world.cycle.year, months_worked=12))
        db.session.add(
            Decision(
                cycle_id=world.cycle.id,
                staff_id=person.id,
                unit_id=unit.id,
                level=Level.HTT if i % 5 else Level.HTXS,
                reason="Hoàn thành tốt nhiệm vụ",
                decided_by_id=decider.id,
                status=DecisionStatus.DECIDED,
            )
        )
        db.session.add(
            PeerReview(
                agency_id=world.agency.id,
                cycle_id=world.cycle.id,
                unit_id=unit.id,
                reviewer_id=reviewer.id,
                reviewee_id=person.id,
                strengths="Cẩn thận, đúng hạn",
                shortcomings="",
                proposed_level=Level.HTT,
            )
        )
    db.session.commit()


def _measure(client, url: str) -> tuple[int, list[str]]:
    db.session.expire_all()  # a request starts from an empty identity map, as in production
    with count_queries() as seen:
        response = client.get(url)
    assert response.status_code == 200
    return len(seen), seen


def _sizes(world, small, big, make_url: Callable[[], str], client) -> tuple[int, int]:
    _grow(world, small, 27, 0)  # about 30 people
    few, _ = _measure(client, make_url())
    _grow(world, big, 270, 1000)  # about 300
    many, statements = _measure(client, make_url())
    assert many == few, "\n".join(statements)
    print(f"{make_url()}: {few} queries for ~30 people, {many} for ~300")  # pytest -s shows it
    return few, many


def test_ranking_board_queries_do_not_grow_with_the_unit(client, auth, world):
    auth.login("truongphong")
    dept = world.units["dept"]
    url = f"/ranking/{world.cycle.id}/units/{dept.id}"
    few, many = _sizes(world, [dept], [dept], lambda: url, client)
    html = client.get(url).get_data(as_text=True)
    rows = set(re.findall(r'name="p(\d+)-level"', html))
    assert len(rows) >= 297  # the 300 people are really on the board, each with a form
    assert few == many and few <= 40


def test_ranking_board_for_hr_does_not_ask_per_person_who_decides(client, auth, world):
    # HR decides only where no head inside the agency can: that check must not run per row.
    auth.login("tccb")
    dept = world.units["dept"]
    url = f"/ranking/{world.cycle.id}/units/{dept.id}"
    few, many = _sizes(world, [dept], [dept], lambda: url, client)
    assert few == many and few <= 45


def test_dashboard_queries_do_not_grow_with_people_or_units(client, auth, world):
    auth.login("tccb")
    units = [
        org.create_unit(world.agency, code=f"P{i}", name=f"Phòng số {i}", kind="department")
        for i in range(10)
    ]
    db.session.commit()
    # 30 people in 3 units, then 300 in 10: neither more people nor more units add queries.
    few, many = _sizes(world, units[:3], units, lambda: "/dashboard", client)
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Phòng số 9" in html
    assert few == many and few <= 30
