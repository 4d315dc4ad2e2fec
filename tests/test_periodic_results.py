"""Quarterly and six-month results from the scored sheets (Decree 335 Art 17.3, Art 23.1(b)):
the person's page, the per-unit summary and HR's dashboard list of quarters below 50."""

from decimal import Decimal

from evaluation.extensions import db
from evaluation.models import PeriodSheet
from evaluation.services import periodic_results
from tests.factories import make_cycle


def _sheet(w, staff, cycle, period, total, status="scored"):
    db.session.add(
        PeriodSheet(
            agency_id=w.agency.id,
            cycle_id=cycle.id,
            staff_id=staff.id,
            period=period,
            regime="D335",
            status=status,
            general_self={},
            items=[],
            manager_general=Decimal("25"),
            manager_task=Decimal(total) - 25,
            manager_total=Decimal(total),
        )
    )


def _monthly_world(world):
    cycle = world.cycle
    cycle.period_kind = "month"
    clerk, colleague = world.staff["clerk"], world.staff["colleague"]
    for month, total in enumerate(("80", "70.5", "91", "40", "45", "62"), start=1):
        _sheet(world, clerk, cycle, month, total)
    _sheet(world, colleague, cycle, 1, "95")
    _sheet(world, colleague, cycle, 2, "30", status="submitted")  # not scored: not counted
    db.session.commit()
    return cycle


def test_person_quarters_and_half_year_are_means_of_scored_months(world):
    cycle = _monthly_world(world)
    own = periodic_results.person_results(cycle, world.staff["clerk"])
    got = {(r.kind, r.index): r for r in own["results"]}
    assert got["quarter", 1].score == Decimal("80.50")  # (80 + 70.5 + 91) / 3
    assert got["quarter", 2].score == Decimal("49.00") and got["quarter", 2].below_50
    assert got["half", 1].score == Decimal("64.75")  # 388.5 / 6
    assert got["half", 1].level == "HTNV"
    colleague = periodic_results.person_results(cycle, world.staff["colleague"])
    assert [(r.kind, r.score, r.months_scored) for r in colleague["results"]] == [
        ("quarter", Decimal("95.00"), 1),
        ("half", Decimal("95.00"), 1),
    ]


def test_unit_summary_and_below_50_list(world):
    cycle = _monthly_world(world)
    rows = {r["unit"].code: r["cells"] for r in periodic_results.unit_summary(cycle)}
    q1 = rows["CCVC"][0]
    assert q1.people == 2 and q1.mean == Decimal("87.75")  # (80.50 + 95.00) / 2
    assert q1.levels["HTT"] == 1 and q1.levels["HTXS"] == 1
    assert rows["CCVC"][1].below_50 == 1
    assert rows["TTRA"] == [None] * 6
    below = periodic_results.below_50(cycle)
    assert [(b["staff"].code, b["result"].index) for b in below] == [("CC0001", 2)]
    # A head sees only their own units.
    assert periodic_results.below_50(cycle, {world.units["other_dept"].id}) == []


def test_pages_show_the_trend_and_the_dashboard_lists_who_is_below_50(client, auth, world):
    _monthly_world(world)
    auth.login("congchuc")
    page = client.get("/periodic/").get_data(as_text=True)
    assert "80,50" in page and "49,00" in page and "64,75" in page
    assert "Điều 23 khoản 1 điểm b" in page
    auth.logout()
    auth.login("tccb")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Trương Quốc Hưng" in page and "49,00" in page
    page = client.get("/periodic/units").get_data(as_text=True)
    assert "87,75" in page and "1 dưới 50" in page


def test_quarterly_agency_half_year_is_mean_of_two_quarters(world):
    other = make_cycle(world.agency, 2025, status="closed")
    clerk = world.staff["clerk"]
    _sheet(world, clerk, other, 1, "72")
    _sheet(world, clerk, other, 2, "88.5", status="closed")
    db.session.commit()
    got = {(r.kind, r.index): r for r in periodic_results.person_results(other, clerk)["results"]}
    assert got["quarter", 2].score == Decimal("88.50")
    assert got["half", 1].score == Decimal("80.25") and got["half", 1].complete
