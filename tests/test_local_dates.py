"""Documents are dated by the Vietnam calendar day, never by the server's UTC day: between 17:00
and 24:00 UTC it is already the next day in Vietnam (SQLite hands times back without a zone)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from evaluation._time import local_date, now
from evaluation.extensions import db
from evaluation.models import Decision, DecisionStatus, Level

from .test_documents import _fill_form, org_world  # noqa: F401  (fixture)

ROOT = Path(__file__).resolve().parent.parent


def test_local_date_reads_a_stored_time_as_utc():
    evening_utc = datetime(2026, 12, 4, 18, 27)  # as SQLite hands it back: no zone
    assert local_date(evening_utc) == date(2026, 12, 5)
    assert local_date(evening_utc.replace(tzinfo=UTC)) == date(2026, 12, 5)
    assert local_date(datetime(2026, 12, 4, 9, 0, tzinfo=UTC)) == date(2026, 12, 4)
    assert local_date(None) is None


@pytest.mark.day("2026-12-05", at="01:27")
def test_annual_form_dates_are_the_vietnam_day(org_world):  # noqa: F811
    from evaluation.queries.disclosure import annual_form_data

    w = org_world
    clerk = w.staff["clerk"]
    _fill_form(w.cycle, clerk, "HTT")
    db.session.add(
        Decision(
            cycle_id=w.cycle.id,
            staff_id=clerk.id,
            regime="",
            level=Level("HTT"),
            status=DecisionStatus.APPROVED,
            unit_id=clerk.unit_id,
            decided_at=now(),
        )
    )
    db.session.flush()
    db.session.expire_all()  # read the times back as the database stores them
    data = annual_form_data(w.cycle, clerk)
    assert now().astimezone(UTC).date() == date(2026, 12, 4)  # the server's UTC day
    assert data.self_signed_on == date(2026, 12, 5)
    assert data.authority_signed_on == date(2026, 12, 5)


def test_no_stored_time_is_cut_to_its_utc_day():
    """`x_at.date()` is the UTC day; `_time.local_date(x_at)` is the day in Vietnam."""
    offenders = []
    for folder in ("evaluation", "exports"):
        for path in (ROOT / folder).rglob("*.py"):
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"_at\)?\.date\(\)", line):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []
