"""The demo is alive on the day it is loaded: an open round with every window still ahead, the
year before closed (issue: main went red when the calendar passed 30 November)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from evaluation import _time
from evaluation.demo.agency import DEMO_CODE
from evaluation.demo.simulation import simulate_year
from evaluation.extensions import db
from evaluation.models import Agency, Cycle, CycleStatus, Decision, User
from evaluation.services import assessments, cycles

from . import factories


@pytest.mark.parametrize(
    ("day", "year", "special", "self_assessment", "review"),
    [
        # Before mid-November the law's default windows already leave two weeks.
        (
            date(2026, 11, 16),
            2026,
            False,
            date(2026, 11, 30),
            (date(2026, 12, 1), date(2026, 12, 7)),
        ),
        # 4 December: two more weeks cannot end before 15 December; the special deadline can.
        (date(2026, 12, 4), 2026, True, date(2026, 12, 20), (date(2026, 12, 21), date(2027, 1, 5))),
        # 28 December: too late even for 15 January; the next year's round opens.
        (
            date(2026, 12, 28),
            2027,
            False,
            date(2027, 11, 30),
            (date(2027, 12, 1), date(2027, 12, 7)),
        ),
        # February: every 2026 window has closed; the 2027 round is open.
        (
            date(2027, 2, 15),
            2027,
            False,
            date(2027, 11, 30),
            (date(2027, 12, 1), date(2027, 12, 7)),
        ),
    ],
)
def test_live_round_on_edge_days(day, year, special, self_assessment, review):
    live = cycles.live_round(day)
    assert (live.year, live.special_deadline) == (year, special)
    assert live.deadlines["self_assessment_deadline"] == self_assessment
    assert (live.deadlines["review_opens_on"], live.deadlines["review_closes_on"]) == review


def test_live_round_fits_the_law_on_every_day_of_two_years():
    day = date(2026, 1, 1)
    while day < date(2028, 1, 1):
        live = cycles.live_round(day)
        dates = live.deadlines
        limit = date(live.year + 1, 1, 14) if live.special_deadline else date(live.year, 12, 14)
        assert dates["self_assessment_deadline"] >= day + timedelta(days=14), day
        assert dates["self_assessment_deadline"] < dates["review_opens_on"], day
        assert dates["review_closes_on"] >= dates["review_opens_on"] + timedelta(days=6), day
        assert dates["review_closes_on"] < dates["classification_deadline"] <= limit, day
        day += timedelta(days=1)


def _demo(runner) -> tuple[Agency, dict[int, Cycle]]:
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    agency = db.session.scalars(select(Agency).where(Agency.code == DEMO_CODE)).one()
    found = db.session.scalars(select(Cycle).where(Cycle.agency_id == agency.id)).all()
    return agency, {c.year: c for c in found}


@pytest.mark.parametrize("day", ["2026-11-16", "2026-12-04", "2026-12-10", "2027-02-15"])
def test_the_demo_opens_a_round_every_role_can_walk_on_the_day_it_is_loaded(runner, clock, day):
    clock.move_to(f"{day}T09:00:00+07:00")
    today = _time.today()
    agency, by_year = _demo(runner)
    year = cycles.live_round(today).year
    assert by_year[year].status == CycleStatus.OPEN
    assert by_year[year - 1].status == CycleStatus.CLOSED
    open_cycle = by_year[year]
    assert open_cycle.self_assessment_deadline >= today + timedelta(days=14)
    assert today < open_cycle.review_opens_on <= open_cycle.review_closes_on
    # The civil servant of the demo can write both the annual form and a periodic sheet today.
    staff = (
        db.session.scalars(
            select(User).where(User.agency_id == agency.id, User.username == "congchuc")
        )
        .one()
        .staff
    )
    form = assessments.new_form(open_cycle, staff)
    assert assessments.can_edit_form(form) == (True, "")
    sheet = assessments.new_sheet(open_cycle, staff, 1)
    assert assessments.can_edit_sheet(sheet)[0]


def test_simulating_last_years_round_in_february_acts_on_its_last_lawful_day(world, clock):
    """Run after every 2026 window has closed (the world is built on the default day, 16/11/2026,
    the simulation runs on 15/02/2027), the simulator still runs the 2026 round, on its
    classification deadline, and records the decisions on that day."""
    clock.move_to("2027-02-15T09:00:00+07:00")
    summary = simulate_year(world.agency, 2026, seed=7)
    assert summary.people_classified > 0
    days = {
        _time.as_utc(at).astimezone(_time.VN).date()
        for at in db.session.scalars(
            select(Decision.decided_at).where(Decision.cycle_id == world.cycle.id)
        )
    }
    assert days == {world.cycle.classification_deadline}
    assert _time.today() == date(2027, 2, 15)  # the clock is back to the test's day


def test_factories_build_the_cycle_of_the_clocks_year(app, clock):
    clock.move_to("2027-03-02T09:00:00+07:00")
    agency = factories.make_agency("CLK")
    assert factories.make_cycle(agency).year == 2027


def test_a_process_can_start_its_clock_on_a_named_day_but_not_in_production(monkeypatch):
    """The browser journeys' live server (tests/browser/conftest.py) lives on the day they are
    about through XEPLOAI_CLOCK_START; production refuses to start with it."""
    import subprocess
    import sys

    import config

    env = {"XEPLOAI_CLOCK_START": "2026-11-16T23:30:00+07:00", "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", "from evaluation import _time; print(_time.today(), _time.now())"],
        cwd=config.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.startswith("2026-11-16 2026-11-16 16:30:")
    monkeypatch.setenv("XEPLOAI_CLOCK_START", "2026-11-16T09:00:00+07:00")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://x@127.0.0.1/x")
    monkeypatch.setattr(config.ProductionConfig, "SECRET_KEY", "x" * 40)
    with pytest.raises(RuntimeError, match="XEPLOAI_CLOCK_START"):
        config.ProductionConfig.check()
