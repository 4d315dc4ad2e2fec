"""Working days in Vietnam: weekends and public holidays (the `holidays` library) are skipped.

Pure: no Flask, no database. The disclosure deadline (Law 10/2022 Art 47.2: within 5 working
days of the decision) and any other working-day count go through ``add_working_days``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays

DISCLOSURE_WORKING_DAYS = 5  # Law 10/2022/QH15 Art 47.2
POSTING_MIN_DAYS = 20  # Law 10/2022/QH15 Art 48.1–48.2: at least 20 consecutive days
# Decree 335/2025/NĐ-CP Art 22: a petition is resolved within 7 working days of its receipt
# (docs/rules/verification.md row 35). Decree 233 sets no time; the same clock is applied.
PETITION_WORKING_DAYS = 7


@lru_cache(maxsize=64)
def _holidays(year: int) -> frozenset[date]:
    # Observed (compensatory) days are included by the library, e.g. 2026-04-27 for Hùng Kings.
    return frozenset(holidays.country_holidays("VN", years=year).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in _holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The ``count``-th working day after ``start`` (``start`` itself is never counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def disclosure_deadline(decided_on: date) -> date:
    """The last day on which publishing the results is still on time."""
    return add_working_days(decided_on, DISCLOSURE_WORKING_DAYS)


def petition_due(received_on: date) -> date:
    """The last day for answering a petition received on ``received_on`` (that day not counted;
    weekends and Vietnamese public holidays skipped)."""
    return add_working_days(received_on, PETITION_WORKING_DAYS)


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to ``end`` included (0 when ``end`` <= ``start``)."""
    n = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        n += is_working_day(day)
    return n


def visible_until(published_on: date) -> date:
    """Last day of the minimum posting period: 20 consecutive days, the first one included."""
    return published_on + timedelta(days=POSTING_MIN_DAYS - 1)
