"""The append-only audit log. Each row carries the hash of the previous one (tamper evidence)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

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


class AuditLogIsAppendOnly(RuntimeError):
    """Raised when code tries to change or remove an audit row through the ORM."""


@event.listens_for(AuditLog, "before_update")
def _refuse_update(_mapper, _connection, target: AuditLog) -> None:
    # The hash chain already makes tampering visible; refusing it here stops honest mistakes.
    raise AuditLogIsAppendOnly(f"audit row {target.id} is append-only: it cannot be changed")


@event.listens_for(AuditLog, "before_delete")
def _refuse_delete(_mapper, _connection, target: AuditLog) -> None:
    raise AuditLogIsAppendOnly(f"audit row {target.id} is append-only: it cannot be deleted")
