"""The one way to write the audit log: append a row chained to the previous row's hash."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from flask import current_app, has_request_context
from flask_login import current_user
from sqlalchemy import event, insert, select, text, update
from sqlalchemy.orm import Session, SessionTransaction

from ..extensions import db
from ..models import AuditCheckpoint, AuditLog


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


# The columns a row's hash covers, in the order they are hashed: every column but the id
# (its place in the chain) and the hash itself.
HASHED = (
    "prev_hash", "at", "agency_id", "user_id", "username", "action", "entity", "entity_id",
    "before", "after", "reason",
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
    inserted = connection.execute(_INSERT, values)
    session.info[_TAIL] = (_innermost(session), values["hash"])
    session.info[_HEAD] = (_innermost(session), inserted.inserted_primary_key[0], values["hash"])


_TAIL = "audit_tail"
_HEAD = "audit_head"  # (transaction, id, hash) of the row appended last: the checkpoint's
_INSERT = insert(AuditLog.__table__)
_LOCK_AND_READ_TAIL = text("SELECT audit_chain_tail()")
_TAKE_WRITE_LOCK = text("UPDATE audit_log SET id = id WHERE 0")
_TAIL_HASH = select(AuditLog.__table__.c.hash).order_by(AuditLog.__table__.c.id.desc()).limit(1)
_TAIL_ROW = select(AuditLog.__table__.c.id, AuditLog.__table__.c.hash).order_by(
    AuditLog.__table__.c.id.desc()
)
_CHECKPOINT = AuditCheckpoint.__table__


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


def sign_head(last_id: int, last_hash: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, f"audit:{last_id}:{last_hash}".encode(), hashlib.sha256).hexdigest()


@event.listens_for(Session, "before_commit")
def _write_checkpoint(session: Session) -> None:
    """A transaction that appended audit rows signs the new head before it commits. It still
    holds the chain lock, so the head it signs is its own last row."""
    head = session.info.pop(_HEAD, None)
    if head is None:
        return
    transaction, last_id, last_hash = head
    if transaction is None or not transaction.is_active or transaction is not _innermost(session):
        # A savepoint that wrote rows ended since: ask the table for its last row.
        found = session.connection().execute(_TAIL_ROW.limit(1)).first()
        if found is None:
            return
        last_id, last_hash = found
    signature = sign_head(last_id, last_hash)
    values = {"last_id": last_id, "last_hash": last_hash, "signature": signature}
    connection = session.connection()
    if connection.execute(update(_CHECKPOINT).where(_CHECKPOINT.c.id == 1), values).rowcount == 0:
        connection.execute(insert(_CHECKPOINT), {"id": 1, **values})


@event.listens_for(Session, "after_soft_rollback")
def _forget_head(session: Session, previous_transaction: SessionTransaction) -> None:
    if previous_transaction.parent is None:  # the whole transaction, not a savepoint
        session.info.pop(_HEAD, None)


@dataclass(frozen=True)
class ChainReport:
    rows: int
    broken: list[int]  # ids of rows whose hash or link does not match, in order
    checkpoint_problem: str = ""  # the signed head is missing, forged, or not the log's end

    @property
    def first_broken(self) -> int | None:
        return self.broken[0] if self.broken else None


def check_chain() -> ChainReport:
    """Recompute every row's hash and link, then compare the log's end with the signed
    checkpoint (truncation of the newest rows, or rows appended by hand)."""
    checkpoint = db.session.get(AuditCheckpoint, 1)
    head_id = checkpoint.last_id if checkpoint is not None else None
    broken: list[int] = []
    previous = ""
    rows, head_found, first_after = 0, False, None
    for row in db.session.scalars(select(AuditLog).order_by(AuditLog.id)):
        rows += 1
        if row.prev_hash != previous or row.hash != row_hash(row):
            broken.append(row.id)
        previous = row.hash
        if row.id == head_id:
            head_found = row.hash == checkpoint.last_hash
        elif head_id is not None and row.id > head_id and first_after is None:
            first_after = row.id
    problem = ""
    if checkpoint is None:
        problem = "missing" if rows else ""
    elif not hmac.compare_digest(
        checkpoint.signature, sign_head(checkpoint.last_id, checkpoint.last_hash)
    ):
        problem = "forged"
        broken.append(checkpoint.last_id)
    elif not head_found:  # the newest rows were deleted (or the signed head changed)
        problem = "truncated"
        broken.append(checkpoint.last_id)
    elif first_after is not None:  # rows written past the signed head, not by the app
        problem = "appended"
        broken.append(first_after)
    return ChainReport(rows=rows, broken=sorted(set(broken)), checkpoint_problem=problem)


def verify_chain() -> list[int]:
    """Ids of rows whose hash or link does not match, or where the log stops matching its
    signed checkpoint: empty when the log is intact."""
    report = check_chain()
    if report.checkpoint_problem == "missing":
        return [0]
    return report.broken
