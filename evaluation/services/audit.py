"""The one way to write the audit log: append a row chained to the previous row's hash."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import select, text

from ..extensions import db
from ..models import AuditLog


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_plain(v) for v in value]
    return value


def snapshot(obj: Any, fields: list[str] | tuple[str, ...]) -> dict:
    """The audited fields of a row, as JSON-able values."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def _utc_naive(moment: datetime | None) -> str:
    """The same text whether the database hands the time back with or without its zone."""
    if moment is None:
        return ""
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(timespec="microseconds")


def row_hash(row: AuditLog) -> str:
    payload = json.dumps(
        [
            row.prev_hash,
            _utc_naive(row.at),
            row.agency_id,
            row.user_id,
            row.action,
            row.entity,
            row.entity_id,
            row.before,
            row.after,
            row.reason,
        ],
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(
    action: str,
    entity: str,
    entity_id: int | None,
    *,
    agency_id: int | None,
    before: dict | None = None,
    after: dict | None = None,
    reason: str = "",
    user=None,
) -> AuditLog:
    """Append one audit row (flushed, committed with the change it describes)."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    last = _tail_in_this_transaction()
    prev_hash = last.hash if last is not None else None
    if last is None:
        if db.engine.dialect.name == "postgresql":
            # Serialise writers of the chain so two transactions never share one predecessor.
            db.session.execute(text("SELECT pg_advisory_xact_lock(724101)"))
        elif db.engine.dialect.name == "sqlite":
            # A no-op write takes SQLite's write lock now, before reading the last row:
            # otherwise two writers could both read the same predecessor and fork the chain.
            db.session.execute(text("UPDATE audit_log SET id = id WHERE 0"))
        # Only the hash: loading the whole row (its JSON before/after) would cost more.
        prev_hash = db.session.scalar(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1))
    from .._time import now  # local import: keeps this module free of app start-up work

    row = AuditLog(
        at=now(),
        agency_id=agency_id,
        user_id=getattr(user, "id", None),
        username=getattr(user, "username", "") or "system",
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        reason=reason,
        prev_hash=prev_hash or "",
    )
    row.hash = row_hash(row)
    db.session.add(row)
    db.session.flush()
    session = db.session()  # the scoped proxy does not expose get_transaction
    session.info[_TAIL] = (session.get_transaction(), row)
    return row


_TAIL = "audit_tail"


def _tail_in_this_transaction() -> AuditLog | None:
    """The row this transaction appended last, when it is certainly still the chain's tail.

    Once a transaction has appended a row it holds the chain lock (PostgreSQL advisory lock;
    SQLite's write lock) until it ends, so nobody else can have appended after it: the next
    row links to it without locking and querying again. Bulk work (the province loader, a
    decision with several audit rows) saves two round trips per row. A row rolled back with a
    savepoint is no longer in the session, and a new transaction is a new object: both fall
    back to the query."""
    session = db.session()
    cached = session.info.get(_TAIL)
    if cached is None:
        return None
    transaction, row = cached
    if transaction is None or transaction is not session.get_transaction():
        return None
    if row not in session:
        return None
    return row


def verify_chain() -> list[int]:
    """Ids of rows whose hash or link does not match: empty when the log is intact."""
    broken: list[int] = []
    previous = ""
    for row in db.session.scalars(select(AuditLog).order_by(AuditLog.id)):
        if row.prev_hash != previous or row.hash != row_hash(row):
            broken.append(row.id)
        previous = row.hash
    return broken
