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
from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, SessionTransaction

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


# The columns a row's hash covers, in the order they are hashed.
HASHED = (
    "prev_hash", "at", "agency_id", "user_id", "action", "entity", "entity_id", "before",
    "after", "reason",
)  # fmt: skip


def row_hash(row: AuditLog) -> str:
    return values_hash({name: getattr(row, name) for name in HASHED})


def values_hash(values: dict[str, Any]) -> str:
    """The hash of a row given as its column values (a row about to be written, or read)."""
    payload = json.dumps(
        [_utc_naive(values[name]) if name == "at" else values[name] for name in HASHED],
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
) -> None:
    """Append one audit row (written now, committed with the change it describes)."""
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    session = db.session()  # the scoped proxy does not expose the transactions
    # The flush sends the change this row describes first (its errors surface here, inside the
    # caller's try). The audit statements themselves go through the connection: the ORM
    # session layer costs as much Python as a round trip, on every save of the deadline surge.
    session.flush()
    connection = session.connection()
    prev_hash = _tail_in_this_transaction()
    if prev_hash is None:
        # Writers of the chain take turns, so two transactions never share one predecessor.
        if connection.dialect.name == "postgresql":
            prev_hash = connection.scalar(_LOCK_AND_READ_TAIL)  # see CHAIN_TAIL_FUNCTION
        else:
            # SQLite: a no-op write takes the write lock before the last row is read.
            connection.execute(_TAKE_WRITE_LOCK)
            # Only the hash: loading the whole row (its JSON before/after) would cost more.
            prev_hash = connection.scalar(_TAIL_HASH)
    from .._time import now  # local import: keeps this module free of app start-up work

    values = {
        "at": now(),
        "agency_id": agency_id,
        "user_id": getattr(user, "id", None),
        "username": getattr(user, "username", "") or "system",
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "before": _plain(before) if before is not None else None,
        "after": _plain(after) if after is not None else None,
        "reason": reason,
        "prev_hash": prev_hash or "",
    }
    values["hash"] = values_hash(values)
    connection.execute(_INSERT, values)
    session.info[_TAIL] = (_innermost(session), values["hash"])


_TAIL = "audit_tail"
_INSERT = insert(AuditLog.__table__)
_LOCK_AND_READ_TAIL = text("SELECT audit_chain_tail()")
_TAKE_WRITE_LOCK = text("UPDATE audit_log SET id = id WHERE 0")
_TAIL_HASH = select(AuditLog.__table__.c.hash).order_by(AuditLog.__table__.c.id.desc()).limit(1)


def _innermost(session: Session) -> SessionTransaction | None:
    return session.get_nested_transaction() or session.get_transaction()


def _tail_in_this_transaction() -> str | None:
    """The hash of the row this transaction appended last, when that row is certainly still
    the chain's tail.

    Once a transaction has appended a row it holds the chain lock (PostgreSQL advisory lock;
    SQLite's write lock) until it ends, so nobody else can have appended after it: the next
    row links to it without locking and querying again. Bulk work (the province loader, a
    decision with several audit rows) saves two round trips per row. The cache holds only
    within the (sub)transaction that wrote the row: after a savepoint ends, rolled back or
    released, and in a new transaction, the next row asks the database again."""
    session = db.session()
    cached = session.info.get(_TAIL)
    if cached is None:
        return None
    transaction, tail_hash = cached
    if transaction is None or transaction is not _innermost(session) or not transaction.is_active:
        return None
    return tail_hash


def verify_chain() -> list[int]:
    """Ids of rows whose hash or link does not match: empty when the log is intact."""
    broken: list[int] = []
    previous = ""
    for row in db.session.scalars(select(AuditLog).order_by(AuditLog.id)):
        if row.prev_hash != previous or row.hash != row_hash(row):
            broken.append(row.id)
        previous = row.hash
    return broken
