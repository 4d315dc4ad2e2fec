"""Classification decisions. A correction is a new row that replaces the old one
(docs/rules/rules.md §5.1)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import enum_column, utcnow
from .cycle import Cycle
from .enums import Level
from .people import Staff, User


class Decision(db.Model):
    # At most one current decision per person and cycle, even under concurrent writers.
    __table_args__ = (
        Index(
            "uq_decision_current",
            "cycle_id",
            "staff_id",
            unique=True,
            postgresql_where=text("current"),
            sqlite_where=text("current"),
        ),
    )

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
    # The person's unit when decided (later transfers do not move the decision).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # 1 for a person's first decision, +1 for each one that replaces it: forms carry it.
    version: Mapped[int] = mapped_column(Integer, default=1)

    cycle: Mapped[Cycle] = relationship()
    staff: Mapped[Staff] = relationship()
    decided_by: Mapped[User | None] = relationship()
    replaces: Mapped[Decision | None] = relationship(remote_side="Decision.id")

    def __repr__(self) -> str:
        return f"<Decision {self.cycle_id}/{self.staff_id} {self.level} v{self.version}>"
