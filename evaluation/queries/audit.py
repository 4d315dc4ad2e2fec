"""Read side of the audit log viewer: filters, and each row's before/after as a diff."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, select

from .._time import VN
from ..extensions import db
from ..models import AuditLog, PeerReviewActivity, Unit
from ..text import ui_text, vn_sort_key

# Rows about these entities never show who acted. Peer reviews write no audit row at all
# (a count per unit and day instead: review_activity); rows from before that stay hidden.
ANONYMOUS_ENTITIES = frozenset({"peer_review"})


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=VN).astimezone(UTC)


def audit_query(
    agency_id: int,
    *,
    entity: str = "",
    action: str = "",
    user: str = "",
    entity_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> Select:
    stmt = select(AuditLog).where(AuditLog.agency_id == agency_id)
    if entity:
        stmt = stmt.where(AuditLog.entity == entity)
    if action:
        stmt = stmt.where(AuditLog.action == action)
    if user:
        stmt = stmt.where(AuditLog.username == user, AuditLog.entity.not_in(ANONYMOUS_ENTITIES))
    if entity_id is not None:
        stmt = stmt.where(AuditLog.entity_id == entity_id)
    if date_from:
        stmt = stmt.where(AuditLog.at >= _start_of(date_from))
    if date_to:
        stmt = stmt.where(AuditLog.at < _start_of(date_to + timedelta(days=1)))
    return stmt.order_by(AuditLog.id.desc())


def distinct_values(agency_id: int, column) -> list[str]:
    return list(
        db.session.scalars(
            select(column).where(AuditLog.agency_id == agency_id).distinct().order_by(column)
        )
    )


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return ui_text("Có") if value else ui_text("Không")
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def changes(row: AuditLog) -> list[Change]:
    """The fields that differ between before and after (all of `after` for a creation)."""
    before = row.before if isinstance(row.before, dict) else {}
    after = row.after if isinstance(row.after, dict) else {}
    found = []
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key), after.get(key)
        if row.before is None or old != new:
            found.append(Change(key, _text(old), _text(new)))
    return found


def review_activity(
    agency_id: int, *, date_from: date | None = None, date_to: date | None = None
) -> list[tuple[date, str, int, int]]:
    """The audit of peer reviews: (day, unit name, written, changed) per unit and day, newest
    day first; units in name order within a day, never in the order reviews came."""
    stmt = (
        select(
            PeerReviewActivity.day,
            Unit.name,
            PeerReviewActivity.created,
            PeerReviewActivity.updated,
        )
        .join(Unit, Unit.id == PeerReviewActivity.unit_id)
        .where(PeerReviewActivity.agency_id == agency_id)
    )
    if date_from:
        stmt = stmt.where(PeerReviewActivity.day >= date_from)
    if date_to:
        stmt = stmt.where(PeerReviewActivity.day <= date_to)
    rows = [tuple(r) for r in db.session.execute(stmt)]
    rows.sort(key=lambda r: vn_sort_key(r[1]))
    rows.sort(key=lambda r: r[0], reverse=True)
    return rows


def who(row: AuditLog) -> str:
    if row.entity in ANONYMOUS_ENTITIES:
        return ui_text("(ẩn danh)")
    return row.username
