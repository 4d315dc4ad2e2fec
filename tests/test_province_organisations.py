"""The Sở and the commune People's Committees of one province are recognised by its chairman
(Decree 335 Art 5.2): one HTXS quota for that scope (Art 8.5(a)), held under parallel outside
decisions, and the Home Affairs department's dashboard of every agency's recognition."""

from __future__ import annotations

import re
import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import RoleName, UnitEvaluation, User
from evaluation.queries.province import build as province_board
from evaluation.services import ValidationError
from evaluation.services import unit_evaluations as service

from . import factories

HTXS_FACTS = {
    "score": Decimal("95"),
    "tasks_on_time_quality_pct": Decimal("100"),
    "exceeded_pct": Decimal("40"),
    "tasks_completed_pct": Decimal("100"),
    "behind_schedule_pct": Decimal("0"),
    "plan_completed_pct": Decimal("100"),
    "shortcomings_remedied": True,
    "self_level": "HTXS",
}
OUTSIDE = {"number": "125/QĐ-UBND", "date": date(2026, 12, 10), "signer": "Nguyễn Văn Phong"}


def messages(error: ValidationError) -> str:
    return " | ".join(m for _f, m in error.errors)


def make_sở(i: int, province: str = "Hà Nam", self_assess: bool = True, department: bool = False):
    """A Sở of `province`: its leadership unit headed by its director, an HR account and the
    year's open cycle; the director self-assesses the Sở (HTXS facts). With `department`, one
    department with its head (user p1s<i>), under the director's authority."""
    agency = factories.make_agency(f"S{i:02d}", f"Sở số {i} tỉnh {province}")
    agency.province = province
    agency.superior_post = "Chủ tịch Ủy ban nhân dân tỉnh"
    bgd = factories.make_unit(agency, "BGD", "Ban Giám đốc")
    director = factories.make_staff(
        agency, bgd, position="unit_head", title="Giám đốc Sở", code=f"S{i:02d}GD"
    )
    bgd.head_id = agency.head_id = director.id
    roles = [(RoleName.UNIT_HEAD, bgd.id)]
    if department:
        dept = factories.make_unit(agency, "P1", f"Phòng nghiệp vụ {i}")
        head = factories.make_staff(agency, dept, position="unit_head", code=f"S{i:02d}P1")
        dept.head_id = head.id
        factories.make_user(agency, f"p1s{i}", [(RoleName.UNIT_HEAD, dept.id)], head)
        roles.append((RoleName.UNIT_HEAD, dept.id))
    boss = factories.make_user(agency, f"gd{i}", roles, director)
    hr = factories.make_user(agency, f"tccb{i}", [(RoleName.HR, None)])
    cycle = factories.make_cycle(agency)
    db.session.flush()
    if self_assess:
        service.self_assess(cycle, bgd, HTXS_FACTS, boss)
    db.session.commit()
    return cycle, bgd, hr


def test_the_chairmans_quota_spans_the_province(app):
    sở = [make_sở(i) for i in range(5)]
    elsewhere = [make_sở(10 + i, province="Ninh Bình") for i in range(5)]
    scope = service.province_quota(2026, "Hà Nam")
    assert len(scope.members) == 5 and scope.base == 5 and scope.cap == 1 and scope.used == 0
    cycle, bgd, hr = sở[0]
    service.decide_unit(cycle, bgd, "HTXS", "Nổi bật", hr, external=OUTSIDE)
    cycle, bgd, hr = sở[1]
    with pytest.raises(ValidationError) as error:
        service.decide_unit(cycle, bgd, "HTXS", "Cũng nổi bật", hr, external=OUTSIDE)
    text = messages(error.value)
    assert "Chủ tịch Ủy ban nhân dân tỉnh" in text and "tối đa 1 cơ quan" in text
    assert "Nghị định 335/2025/NĐ-CP, Điều 8 khoản 5 điểm a" in text
    assert service.evaluation_of(cycle, bgd).level is None
    service.decide_unit(cycle, bgd, "HTT", "Ngoài chỉ tiêu", hr, external=OUTSIDE)
    # Another province's chairman has a scope of his own (one scope of ten would allow two).
    cycle, bgd, hr = elsewhere[0]
    service.decide_unit(cycle, bgd, "HTXS", "Nổi bật", hr, external=OUTSIDE)
    scope = service.province_quota(2026, "Hà Nam")
    assert (scope.cap, scope.used) == (1, 1)


def test_ten_sở_allow_two(app):
    sở = [make_sở(i) for i in range(10)]
    for cycle, bgd, hr in sở[:2]:
        service.decide_unit(cycle, bgd, "HTXS", "Nổi bật", hr, external=OUTSIDE)
    cycle, bgd, hr = sở[2]
    with pytest.raises(ValidationError):
        service.decide_unit(cycle, bgd, "HTXS", "Nổi bật", hr, external=OUTSIDE)
    assert service.province_quota(2026, "Hà Nam").used == 2


@pytest.mark.postgres
def test_parallel_outside_decisions_never_exceed_the_chairmans_quota(app):
    """The HR of two Sở record an HTXS decision at the same moment (cap 1): one wins."""
    sở = [make_sở(i) for i in range(5)]
    pairs = [(c.id, u.id, h.id) for c, u, h in sở[:2]]
    outcomes: list[str] = []

    def worker(cycle_id: int, unit_id: int, user_id: int) -> None:
        from evaluation.models import Cycle, Unit, User

        with app.app_context():
            cycle = db.session.get(Cycle, cycle_id)
            unit = db.session.get(Unit, unit_id)
            user = db.session.get(User, user_id)
            barrier.wait()
            try:
                service.decide_unit(cycle, unit, "HTXS", "Nổi bật", user, external=OUTSIDE)
                db.session.commit()
                outcomes.append("ok")
            except ValidationError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    if db.engine.dialect.name == "postgresql":
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=worker, args=pair) for pair in pairs]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    else:  # SQLite serialises writers: the same two requests one after the other
        barrier = threading.Barrier(1)
        for pair in pairs:
            worker(*pair)
    assert sorted(outcomes) == ["ok", "refused"]
    db.session.expire_all()
    excellent = db.session.scalar(
        select(func.count(UnitEvaluation.id)).where(UnitEvaluation.level == "HTXS")
    )
    assert excellent == 1


def _province_with(n: int) -> list:
    """`n` Sở of Hà Nam (the first is the Home Affairs department), each with one department:
    the first two with their department recognised, the first also recognised itself (HTXS),
    the second waiting for the chairman; the others still assessing (their department)."""
    sở = [make_sở(i, department=True) for i in range(n)]
    sở[0][0].agency.home_affairs = True
    for i, (cycle, _bgd, _hr) in enumerate(sở[:2]):
        dept = next(u for u in cycle.agency.units if u.code == "P1")
        head = db.session.scalars(select(User).where(User.username == f"p1s{i}")).one()
        director = db.session.scalars(select(User).where(User.username == f"gd{i}")).one()
        service.self_assess(cycle, dept, HTXS_FACTS, head)
        service.decide_unit(cycle, dept, "HTT", "", director)
    cycle, bgd, hr = sở[0]
    service.decide_unit(cycle, bgd, "HTXS", "Nổi bật", hr, external=OUTSIDE)
    db.session.commit()
    return sở


def test_home_affairs_sees_the_province(app, client, auth):
    _province_with(5)
    auth.login("tccb0")
    page = client.get("/dashboard/province").get_data(as_text=True)
    assert "Tổ chức trong tỉnh" in page  # the menu entry
    assert "Đã công nhận 1 trên tối đa 1 cơ quan" in page
    assert "Nghị định 335/2025/NĐ-CP, Điều 8 khoản 5 điểm a" in page
    rows = re.findall(r'<tr data-status="(\w+)">\s*<td>([^<]+)</td>', page)
    assert rows[-1] == ("recognised", "Sở số 0 tỉnh Hà Nam")
    assert ("ready", "Sở số 1 tỉnh Hà Nam") in rows
    assert [s for s, _n in rows].count("assessing") == 3
    assert "Quyết định số 125/QĐ-UBND" in page
    auth.logout()
    auth.login("tccb1")  # HR of another Sở: its own agency only
    assert client.get("/dashboard/province").status_code == 403
    assert "Tổ chức trong tỉnh" not in client.get("/").get_data(as_text=True)


@pytest.mark.day("2026-12-16")
def test_overdue_after_the_deadline(app, client, auth, clock):
    _province_with(5)
    auth.login("tccb0")
    page = client.get("/dashboard/province").get_data(as_text=True)
    statuses = re.findall(r'<tr data-status="(\w+)">', page)
    assert statuses == ["overdue"] * 4 + ["recognised"]


def test_the_board_reads_a_fixed_number_of_queries(app, count_queries):
    _province_with(5)
    with count_queries() as small:
        board = province_board("Hà Nam", 2026)
    assert len(board.rows) == 5
    for i in range(5, 12):
        make_sở(i)
    db.session.expire_all()
    with count_queries() as big:
        board = province_board("Hà Nam", 2026)
    assert len(board.rows) == 12
    assert big.count == small.count, big
    assert big.count <= 8, big
