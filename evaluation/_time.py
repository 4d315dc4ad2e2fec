"""Clock helpers, in one place so tests can reason about 'today' in Vietnam."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(VN).date()


def as_utc(moment: datetime) -> datetime:
    """A time read back from the database, zone-aware: SQLite hands back naive values, and
    every time is stored in UTC."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
