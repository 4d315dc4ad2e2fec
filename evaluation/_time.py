"""Clock helpers, in one place so tests can reason about 'today' in Vietnam."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    return datetime.now(VN).date()
