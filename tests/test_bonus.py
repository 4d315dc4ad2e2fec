"""The bonus basis: the regulation is data HR enters; a fund is split per quarter or per year and
the shares add up to the fund to the đồng, on screen and in the workbook."""

import io
from decimal import Decimal

import openpyxl
import pytest

from evaluation.extensions import db
from evaluation.models import AuditLog, BonusRegulation, Decision, DecisionStatus, Level
from evaluation.services import ValidationError, bonus
from tests.test_periodic_results import _monthly_world

REGULATION = {
    "title": "Quy chế chi thu nhập tăng thêm năm 2026",
    "htxs": "1,5",
    "htt": "1,2",
    "htnv": "1",
    "khtnv": "0",
    "bands": "90 1,2\n70 1,0\n50; 0,8",
}


def test_regulation_is_checked_all_or_nothing(world):
    bad = REGULATION | {"htt": "abc", "bands": "90 1,2\n70\n80 x"}
    with pytest.raises(ValidationError) as caught:
        bonus.save_regulation(world.agency, bad)
    fields = [f for f, _m in caught.value.errors]
    assert fields.count("bands") == 2 and "htt" in fields
    db.session.rollback()
    assert db.session.query(BonusRegulation).count() == 0
    reg = bonus.save_regulation(world.agency, REGULATION)
    db.session.commit()
    assert reg.level_coefficients == {"HTXS": "1.5", "HTT": "1.2", "HTNV": "1", "KHTNV": "0"}
    assert reg.score_bands[-1] == {"floor": "50", "coefficient": "0.8"}
    assert db.session.query(AuditLog).filter_by(entity="bonus_regulation").count() == 1


def test_quarter_split_by_score_band_adds_up_to_the_fund(world):
    cycle = _monthly_world(world)  # Q1: clerk 80.50 (band 70: 1.0), colleague 95.00 (1.2)
    bonus.save_regulation(world.agency, REGULATION)
    split = bonus.split_fund(cycle, "q1", 10_000_001)
    got = {ln.staff.code: (ln.share.coefficient, ln.share.amount) for ln in split.lines}
    # 10,000,001 × 1.0 / 2.2 = 4,545,455.0; × 1.2 / 2.2 = 5,454,546.0 (exact: ,00 and ,45…)
    assert got == {"CC0001": (Decimal("1.0"), 4_545_455), "CC0002": (Decimal("1.2"), 5_454_546)}
    assert split.total == 10_000_001
    # Q2: only the clerk has a result (49.00: below every band → 0): nothing to share by.
    q2 = bonus.split_fund(cycle, "q2", 1_000)
    assert [(ln.staff.code, ln.share.amount) for ln in q2.lines] == [("CC0001", 0)]


def test_year_split_uses_the_approved_level(world):
    bonus.save_regulation(world.agency, REGULATION)
    for key, level in (("clerk", Level.HTXS), ("colleague", Level.HTT), ("outsider", Level.HTNV)):
        db.session.add(
            Decision(
                cycle_id=world.cycle.id,
                staff_id=world.staff[key].id,
                unit_id=world.staff[key].unit_id,
                level=level,
                status=DecisionStatus.APPROVED,
            )
        )
    db.session.add(  # not approved yet: left out
        Decision(
            cycle_id=world.cycle.id,
            staff_id=world.staff["hr"].id,
            unit_id=world.staff["hr"].unit_id,
            level=Level.HTXS,
            status=DecisionStatus.DECIDED,
        )
    )
    db.session.commit()
    split = bonus.split_fund(world.cycle, "year", 100)
    got = {ln.staff.code: ln.share.amount for ln in split.lines}
    # 100 × 1.5/3.7 = 40.54, × 1.2/3.7 = 32.43, × 1/3.7 = 27.03 → floors 40+32+27 = 99, +1 to .54
    assert got == {"CC0001": 41, "CC0002": 32, "TT0001": 27}


def test_fund_and_period_are_checked(world):
    with pytest.raises(ValidationError):
        bonus.parse_fund("-5")
    with pytest.raises(ValidationError):
        bonus.parse_fund("1,5 triệu")
    assert bonus.parse_fund("150.000.000") == 150_000_000
    with pytest.raises(ValidationError):  # no regulation yet
        bonus.split_fund(world.cycle, "q1", 1000)


def test_page_and_workbook_show_the_arithmetic(client, auth, world):
    _monthly_world(world)
    world.staff["clerk"].full_name = '=HYPERLINK("x")'
    bonus.save_regulation(world.agency, REGULATION)
    db.session.commit()
    auth.login("tccb")
    page = client.get("/bonus/?period=q1&fund=10.000.001").get_data(as_text=True)
    assert "10.000.001" in page and "4.545.455" in page and "5.454.546" in page
    bad = client.get("/bonus/?period=q1&fund=abc").get_data(as_text=True)
    assert "Quỹ phải là số đồng nguyên dương" in bad
    response = client.get("/bonus/split.xlsx?period=q1&fund=10000001")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.data)).active
    cells = [[c.value for c in row] for row in ws.iter_rows()]
    text = " ".join(str(v) for row in cells for v in row if v is not None)
    assert "Quỹ × Hệ số ÷ Tổng hệ số" in text and "Quý 1 năm 2026" in text
    people = [row for row in cells if isinstance(row[0], int)]
    assert sum(row[9] for row in people) == 10_000_001
    assert any(row[2] == '=HYPERLINK("x")' for row in people)  # text, not a formula
    total = next(row for row in cells if row[2] == "Cộng")
    assert total[9].startswith("=SUM(J")
