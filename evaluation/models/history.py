"""Results of earlier years, imported from Excel (the level only; no scores or reasons)."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, enum_column
from .enums import Level
from .people import Staff


class HistoricalResult(TimestampMixin, db.Model):
    __table_args__ = (UniqueConstraint("staff_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    level: Mapped[Level] = mapped_column(enum_column(Level, "historical_level"))
    note: Mapped[str] = mapped_column(String(500), default="")

    staff: Mapped[Staff] = relationship()

    def __repr__(self) -> str:
        return f"<HistoricalResult {self.staff_id}/{self.year} {self.level}>"
