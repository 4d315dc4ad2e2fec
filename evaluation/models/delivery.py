"""What leaves the application (Decree 335 Art 24, 26.1(d)): signed documents, e-mails, result
records for the national database, and tasks coming in from the agency's document system."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .assessment import PeriodSheet
from .base import TimestampMixin, utcnow
from .decision import Decision
from .people import Staff
from .register import OutgoingDocument


class SignedDocument(TimestampMixin, db.Model):
    """The signed bytes of an issued document (a notice or decision of the register of outgoing
    documents, a person's annual form, the minutes of a meeting): what is kept and what staff
    download once it is signed. ``ref`` names what was signed (``notice:12``,
    ``annual_form:3:45:678``, ``minutes:9``, ``approval:3:SNV``); a document signed by several
    people (the minutes) keeps the bytes with every signature so far."""

    __table_args__ = (
        UniqueConstraint("document_id", name="uq_signed_document_document"),
        UniqueConstraint("agency_id", "ref", name="uq_signed_document_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    ref: Mapped[str] = mapped_column(String(120), server_default="")
    document_id: Mapped[int | None] = mapped_column(ForeignKey("outgoing_document.id"))
    filename: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    sha256: Mapped[str] = mapped_column(String(64))
    signer_name: Mapped[str] = mapped_column(String(255), default="")  # every signer, "; "
    signed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    signed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    document: Mapped[OutgoingDocument | None] = relationship()


class MailMessage(TimestampMixin, db.Model):
    """One e-mail to send; the background job sends it and retries a failure later."""

    __table_args__ = (UniqueConstraint("dedupe_key", name="uq_mail_dedupe"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    kind: Mapped[str] = mapped_column(String(32))
    # The same reminder is queued once: kind, person and the deadline it is about.
    dedupe_key: Mapped[str] = mapped_column(String(160))
    subject: Mapped[str] = mapped_column(String(255))
    body: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(
        String(16), default="queued", index=True
    )  # queued|sent|failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ResultRecord(TimestampMixin, db.Model):
    """A final result owed to the national database of cadres, civil servants and public
    employees within five days (Decree 335 Art 26.1(d)): the year's classification (a decision)
    or a month's or quarter's tracking score (a period sheet the manager closed, Art 17)."""

    __table_args__ = (
        UniqueConstraint("decision_id", name="uq_result_record_decision"),
        UniqueConstraint("sheet_id", name="uq_result_record_sheet"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    sheet_id: Mapped[int | None] = mapped_column(ForeignKey("period_sheet.id"))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    period_kind: Mapped[str] = mapped_column(String(8), server_default="year")  # |quarter|month
    period: Mapped[str] = mapped_column(String(16))  # "2026" (annual), "2026-Q3", "2026-05"
    score: Mapped[Decimal | None] = mapped_column(Numeric(5, 2))
    level: Mapped[str] = mapped_column(String(16), default="")
    decision_ref: Mapped[str] = mapped_column(String(64))
    final_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date)
    # pending -> sent (the endpoint accepted it) -> confirmed (it acknowledged the record)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    idempotency_key: Mapped[str] = mapped_column(String(64), unique=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    receipt: Mapped[str] = mapped_column(String(128), default="")

    decision: Mapped[Decision | None] = relationship()
    sheet: Mapped[PeriodSheet | None] = relationship()
    staff: Mapped[Staff] = relationship()


class AssignedTask(TimestampMixin, db.Model):
    """A task assigned through the API by the agency's document system; one row per external
    id, so a repeated request changes nothing (idempotent)."""

    __table_args__ = (UniqueConstraint("agency_id", "external_id", name="uq_assigned_task_ext"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    external_id: Mapped[str] = mapped_column(String(128))
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    sheet_id: Mapped[int] = mapped_column(ForeignKey("period_sheet.id"))
    payload: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by: Mapped[str] = mapped_column(String(120), default="")  # the token's name

    staff: Mapped[Staff] = relationship()
