"""Ranking records beside Decision: the unit's own evaluation (collectives, docs/rules/rules.md §7)
and the approval that locks a unit's individual decisions for a cycle."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
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
from .base import TimestampMixin, enum_column, utcnow
from .cycle import Cycle
from .enums import Level
from .org import Unit
from .people import User


class UnitEvaluation(TimestampMixin, db.Model):
    """A collective's self-assessment (scoring-api "Units") and the authority's decision."""

    __table_args__ = (UniqueConstraint("cycle_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    # Self-assessment by the unit's head.
    score: Mapped[float | None] = mapped_column(Numeric(5, 2))
    tasks_on_time_quality_pct: Mapped[float | None] = mapped_column(Numeric(5, 2))
    exceeded_pct: Mapped[float | None] = mapped_column(Numeric(5, 2))
    tasks_completed_pct: Mapped[float | None] = mapped_column(Numeric(5, 2))
    behind_schedule_pct: Mapped[float | None] = mapped_column(Numeric(5, 2))
    plan_completed_pct: Mapped[float | None] = mapped_column(Numeric(5, 2))
    force_majeure: Mapped[bool] = mapped_column(Boolean, default=False)
    shortcomings_remedied: Mapped[bool] = mapped_column(Boolean, default=True)
    personnel_violation: Mapped[bool] = mapped_column(Boolean, default=False)
    self_level: Mapped[Level | None] = mapped_column(enum_column(Level, "unit_self_level"))
    self_note: Mapped[str] = mapped_column(Text, default="")
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The engine's view when the authority decided, and the decision itself.
    eligible_level: Mapped[Level | None] = mapped_column(enum_column(Level, "unit_eligible_level"))
    proposed_level: Mapped[Level | None] = mapped_column(enum_column(Level, "unit_proposed_level"))
    level: Mapped[Level | None] = mapped_column(enum_column(Level, "unit_level"))
    engine_reasons: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Points per criterion (Decree 335 Arts 6-7, Decree 233 Arts 5-6; the authority sets them):
    # [{"group": "general" | "tasks", "name": str, "max": str, "points": str}]; empty: the
    # score alone.
    criteria: Mapped[list] = mapped_column(JSON, default=list)
    # Complaints or signs of disunity: verified before the decision (D335 Art 9.2(a)).
    verification_required: Mapped[bool] = mapped_column(Boolean, default=False)
    verification_note: Mapped[str] = mapped_column(Text, default="")
    verification_conclusion: Mapped[str] = mapped_column(Text, default="")
    verified_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Recognised outside the agency (the agency itself, D335 Art 5.2): HR records the decision.
    external_number: Mapped[str] = mapped_column(String(64), default="")
    external_date: Mapped[date | None] = mapped_column(Date)
    external_signer: Mapped[str] = mapped_column(String(120), default="")
    # Optimistic check: the form carries the version it was read at.
    version: Mapped[int] = mapped_column(Integer, default=1)

    cycle: Mapped[Cycle] = relationship()
    unit: Mapped[Unit] = relationship()
    submitted_by: Mapped[User | None] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])

    def __repr__(self) -> str:
        return f"<UnitEvaluation {self.cycle_id}/{self.unit_id} {self.level}>"


class UnitApproval(db.Model):
    """The unit's individual levels approved for the cycle: from now on only a
    re-classification (a new decision replacing the old one) changes them."""

    __table_args__ = (UniqueConstraint("cycle_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    note: Mapped[str] = mapped_column(String(500), default="")

    cycle: Mapped[Cycle] = relationship()
    unit: Mapped[Unit] = relationship()
    approved_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<UnitApproval {self.cycle_id}/{self.unit_id}>"
