"""Self-assessments: the monthly or quarterly sheet (phiếu theo dõi, đánh giá), the annual form
of each regime, and the results of years before the system (entered by HR)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, enum_column
from .cycle import Cycle
from .enums import Level
from .people import Staff, User


class SheetStatus(StrEnum):
    DRAFT = "draft"  # the person is typing
    SUBMITTED = "submitted"  # waiting for the direct manager
    SCORED = "scored"  # the manager's score stands; the manager may still change it
    CLOSED = "closed"  # the manager closed the period: read-only


class FormStatus(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


SCORE = Numeric(6, 2)


class PeriodSheet(TimestampMixin, db.Model):
    """One person's sheet for one month or quarter of a cycle (Decree 335 Form 01)."""

    __table_args__ = (UniqueConstraint("cycle_id", "staff_id", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    period: Mapped[int] = mapped_column(Integer)  # 1-12 (months) or 1-4 (quarters)
    regime: Mapped[str] = mapped_column(String(8))  # D335 | D233 (criteria set used)
    status: Mapped[SheetStatus] = mapped_column(
        enum_column(SheetStatus, "sheet_status"), default=SheetStatus.DRAFT
    )
    # {criterion code: "7.5"} as typed by the person, and as scored by the manager.
    general_self: Mapped[dict] = mapped_column(JSON, default=dict)
    general_manager: Mapped[dict | None] = mapped_column(JSON)
    # [{title, units, assigned_on, due_on, completed_on, quality_ok, failed_reviews, delays,
    #   objective_cause}] (counts: Decree 335 Art 14.2, migration 0004); the manager's copy
    #   may change the quality flag, the counts and the cause flag.
    items: Mapped[list] = mapped_column(JSON, default=list)
    items_manager: Mapped[list | None] = mapped_column(JSON)
    # Leaders only: {unit_result_pct, organising_pct, uniting_pct}
    leader_self: Mapped[dict | None] = mapped_column(JSON)
    leader_manager: Mapped[dict | None] = mapped_column(JSON)
    self_general: Mapped[Decimal | None] = mapped_column(SCORE)
    self_task: Mapped[Decimal | None] = mapped_column(SCORE)
    self_total: Mapped[Decimal | None] = mapped_column(SCORE)
    manager_general: Mapped[Decimal | None] = mapped_column(SCORE)
    manager_task: Mapped[Decimal | None] = mapped_column(SCORE)
    manager_total: Mapped[Decimal | None] = mapped_column(SCORE)
    manager_comment: Mapped[str] = mapped_column(Text, default="")
    # Mẫu số 01 section II items 4-5: the assessing authority's summary of the period, entered
    # with the comment (item 6) and locked with it (migration 0022).
    manager_strengths: Mapped[str] = mapped_column(Text, default="", server_default="")
    manager_weaknesses: Mapped[str] = mapped_column(Text, default="", server_default="")
    scored_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    staff: Mapped[Staff] = relationship()
    cycle: Mapped[Cycle] = relationship()
    scored_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<PeriodSheet {self.staff_id}/{self.cycle_id}/{self.period}>"


class AnnualForm(TimestampMixin, db.Model):
    """The year's self-assessment in the official form of the person's regime."""

    __table_args__ = (UniqueConstraint("cycle_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    regime: Mapped[str] = mapped_column(String(8))  # D335 | D233 | QD366 | D90 | D90_D48
    form_kind: Mapped[str] = mapped_column(String(16))  # sheet | form01 | form02 | form03
    status: Mapped[FormStatus] = mapped_column(
        enum_column(FormStatus, "form_status"), default=FormStatus.DRAFT
    )
    # Free-text sections of the form (political ideology, ethics, ...), by field name.
    content: Mapped[dict] = mapped_column(JSON, default=dict)
    # The engine's `criteria` facts (percentages and the general-criteria judgement).
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    self_level: Mapped[Level | None] = mapped_column(enum_column(Level, "level"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    reopen_reason: Mapped[str] = mapped_column(Text, default="")
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    staff: Mapped[Staff] = relationship()
    cycle: Mapped[Cycle] = relationship()

    def __repr__(self) -> str:
        return f"<AnnualForm {self.staff_id}/{self.cycle_id}>"


class HistoricalResult(TimestampMixin, db.Model):
    """A person's level for a year before the system (typed by HR or imported)."""

    __table_args__ = (UniqueConstraint("staff_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    level: Mapped[Level] = mapped_column(enum_column(Level, "level"))
    note: Mapped[str] = mapped_column(String(500), default="")

    staff: Mapped[Staff] = relationship()

    def __repr__(self) -> str:
        return f"<HistoricalResult {self.staff_id}/{self.year}>"


class ReopenRequest(TimestampMixin, db.Model):
    """A person's request, after the self-assessment deadline, to reopen their annual form
    (period None) or one period sheet; HR grants it until a day, or refuses it, with a reason.
    Status: pending → granted | refused (workflow.TRANSITIONS)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    requested_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    period: Mapped[int | None] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending")
    answer: Mapped[str] = mapped_column(Text, default="")
    open_until: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    staff: Mapped[Staff] = relationship()
    cycle: Mapped[Cycle] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
