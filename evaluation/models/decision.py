"""Classification decisions. A correction is a new row that replaces the old one (rules.md §5.1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Numeric, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import enum_column, utcnow
from .cycle import Cycle
from .enums import Level
from .people import Staff, User


class Decision(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    regime: Mapped[str] = mapped_column(String(16), default="")
    classified: Mapped[bool] = mapped_column(Boolean, default=True)
    score: Mapped[float | None] = mapped_column(Numeric(5, 2))
    eligible_level: Mapped[Level | None] = mapped_column(enum_column(Level, "eligible_level"))
    proposed_level: Mapped[Level | None] = mapped_column(enum_column(Level, "proposed_level"))
    level: Mapped[Level | None] = mapped_column(enum_column(Level, "level"))
    needs_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    engine_reasons: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")  # the decider's own words
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    approved: Mapped[bool] = mapped_column(Boolean, default=False)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    current: Mapped[bool] = mapped_column(Boolean, default=True, index=True)

    cycle: Mapped[Cycle] = relationship()
    staff: Mapped[Staff] = relationship()
    decided_by: Mapped[User | None] = relationship()
