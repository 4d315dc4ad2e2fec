"""The append-only audit log. Each row carries the hash of the previous one (tamper evidence)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..extensions import db
from .base import utcnow


class AuditLog(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32), index=True)  # create, update, submit, ...
    entity: Mapped[str] = mapped_column(String(32), index=True)
    entity_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(Text, default="")
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


class AuditCheckpoint(db.Model):
    """The chain's head as last written by the application, signed with the secret key and
    kept apart from the log: deleting the newest rows (or appending forged ones) with SQL
    leaves a log that no longer ends where the signed checkpoint says. One row."""

    id: Mapped[int] = mapped_column(primary_key=True)
    last_id: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(64))


# PostgreSQL: wait for the chain lock, then read the tail's hash. A VOLATILE function takes a
# new snapshot for each statement in it, so the read sees a writer that committed while this
# one waited (a single SELECT would read the snapshot taken before the wait and fork the
# chain). One round trip instead of two on every audited write. Migration 0002 creates it.
CHAIN_TAIL_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_chain_tail() RETURNS varchar
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    tail varchar;
BEGIN
    PERFORM pg_advisory_xact_lock(724101);
    SELECT hash INTO tail FROM audit_log ORDER BY id DESC LIMIT 1;
    RETURN tail;
END
$$
"""
event.listen(
    AuditLog.__table__,
    "after_create",
    DDL(CHAIN_TAIL_FUNCTION).execute_if(dialect="postgresql"),
)


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or delete an audit row through the ORM."""


@event.listens_for(AuditLog, "before_update")
def _refuse_update(_mapper, _connection, target: AuditLog) -> None:
    raise AuditLogIsAppendOnly(f"audit row {target.id} cannot be changed")


@event.listens_for(AuditLog, "before_delete")
def _refuse_delete(_mapper, _connection, target: AuditLog) -> None:
    raise AuditLogIsAppendOnly(f"audit row {target.id} cannot be deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_change(state) -> None:
    """Bulk `update(AuditLog)` / `delete(AuditLog)` skip the mapper events: refuse them too."""
    mapper = state.bind_mapper
    if (state.is_update or state.is_delete) and mapper is not None and mapper.class_ is AuditLog:
        raise AuditLogIsAppendOnly("audit rows cannot be changed or deleted")
