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
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import enum_column, utcnow
from .cycle import Cycle
from .enums import DecisionStatus, Level
from .people import Staff, User


class Decision(db.Model):
    # At most one current decision per person and cycle, even under concurrent writers.
    __table_args__ = (
        Index(
            "uq_decision_current",
            "cycle_id",
            "staff_id",
            unique=True,
            postgresql_where=text("status <> 'replaced'"),
            sqlite_where=text("status <> 'replaced'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    regime: Mapped[str] = mapped_column(String(16), default="")
    score: Mapped[float | None] = mapped_column(Numeric(5, 2))
    eligible_level: Mapped[Level | None] = mapped_column(enum_column(Level, "eligible_level"))
    proposed_level: Mapped[Level | None] = mapped_column(enum_column(Level, "proposed_level"))
    level: Mapped[Level | None] = mapped_column(enum_column(Level, "level"))
    # The engine's proposal left the choice to the competent person (a fact recorded with the
    # proposal, like eligible_level; never changes afterwards, so not part of the status).
    needs_decision: Mapped[bool] = mapped_column(Boolean, default=False)
    engine_reasons: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text, default="")  # the decider's own words
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))
    # The one source of truth of the lifecycle; only workflow.transition() changes it.
    status: Mapped[DecisionStatus] = mapped_column(
        enum_column(DecisionStatus, "decision_status"), default=DecisionStatus.DECIDED, index=True
    )
    # The person's unit when decided (later transfers do not move the decision).
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    # 1 for a person's first decision, +1 for each one that replaces it: forms carry it.
    version: Mapped[int] = mapped_column(Integer, default=1)

    cycle: Mapped[Cycle] = relationship()
    staff: Mapped[Staff] = relationship()
    decided_by: Mapped[User | None] = relationship()
    replaces: Mapped[Decision | None] = relationship(remote_side="Decision.id")

    @hybrid_property
    def current(self) -> bool:
        """Not replaced: the decision in force (approved or awaiting approval)."""
        return self.status != DecisionStatus.REPLACED

    @current.inplace.expression
    @classmethod
    def _current_expression(cls):
        return cls.status != DecisionStatus.REPLACED

    @hybrid_property
    def approved(self) -> bool:
        """Approved with the unit's list, or replaced after approval is not "approved"."""
        return self.status == DecisionStatus.APPROVED

    @approved.inplace.expression
    @classmethod
    def _approved_expression(cls):
        return cls.status == DecisionStatus.APPROVED

    def __repr__(self) -> str:
        return f"<Decision {self.cycle_id}/{self.staff_id} {self.level} v{self.version}>"
