"""The one clock of the application. Every rule that depends on "today" or "now" asks here.

Tests move this clock with time-machine (tests/conftest.py pins each test to the day it is
about); the year simulator moves it with `travel()` so that each step of the cycle happens on a
day inside its window, as it would in a real agency. Nothing else reads the wall clock to decide
a rule (tests/test_architecture.py fails on a direct `date.today()` or `datetime.now()`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")

# A moment fixed for the current context (the simulator's day); None reads the wall clock.
_fixed: ContextVar[datetime | None] = ContextVar("xeploai_fixed_now", default=None)

# XEPLOAI_CLOCK_START (ISO 8601 with its offset) starts the clock of a whole process at that
# moment, ticking from there: a training server or the browser journeys live on the day they
# are about. ProductionConfig.check refuses it.
CLOCK_START_VARIABLE = "XEPLOAI_CLOCK_START"


def _offset_from_environment() -> timedelta:
    start = os.environ.get(CLOCK_START_VARIABLE)
    if not start:
        return timedelta(0)
    return datetime.fromisoformat(start).astimezone(UTC) - datetime.now(UTC)


_offset = _offset_from_environment()


def now() -> datetime:
    """Now, zone-aware in UTC (how every time is stored)."""
    fixed = _fixed.get()
    return fixed if fixed is not None else datetime.now(UTC) + _offset


def today() -> date:
    """Today in Vietnam: after 17:00 UTC the server's UTC date is still yesterday there."""
    return now().astimezone(VN).date()


def evaluation_year(day: date | None = None) -> int:
    """The year whose cycle is current on `day`: the calendar year (the evaluation year is the
    calendar year, Decree 335 Art 4.1 and Art 19.1; a cycle closed in January belongs to the
    year before and is found by its own dates, not by this)."""
    return (day or today()).year


@contextmanager
def travel(day: date, at: time = time(9, 0)) -> Iterator[None]:
    """Act as if it were `day` (at `at`, Vietnam time) inside the block: the simulator walks a
    cycle through its windows with it. Context-local, so a web request never sees it."""
    token = _fixed.set(datetime.combine(day, at, tzinfo=VN).astimezone(UTC))
    try:
        yield
    finally:
        _fixed.reset(token)


def as_utc(moment: datetime) -> datetime:
    """A time read back from the database, zone-aware: SQLite hands back naive values, and
    every time is stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def local_date(moment: datetime | None) -> date | None:
    """The Vietnam calendar day of a stored time: between 17:00 and 24:00 UTC it is already the
    next day there, and a document dated by the UTC day would carry yesterday's date."""
    return None if moment is None else as_utc(moment).astimezone(VN).date()
