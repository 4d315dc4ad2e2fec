"""Periodic results a person brought from their former agency (Decree 335 Art 19.1): the new
agency classifies the year from all months, these included (docs/transfers.md)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, utcnow
from .people import Staff

SCORE = Numeric(6, 2)


class TransferredPeriod(TimestampMixin, db.Model):
    """One month (``months`` = 1) or quarter (``months`` = 3) scored at the former agency.
    ``period`` is the month or quarter number in ``year``."""

    __table_args__ = (UniqueConstraint("staff_id", "year", "months", "period"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    months: Mapped[int] = mapped_column(Integer)
    period: Mapped[int] = mapped_column(Integer)
    general: Mapped[Decimal] = mapped_column(SCORE)
    task: Mapped[Decimal] = mapped_column(SCORE)
    total: Mapped[Decimal] = mapped_column(SCORE)
    source_agency: Mapped[str] = mapped_column(String(255))
    source_staff_code: Mapped[str] = mapped_column(String(32))
    file_sha256: Mapped[str] = mapped_column(String(64))
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    staff: Mapped[Staff] = relationship()

    def __repr__(self) -> str:
        return f"<TransferredPeriod {self.staff_id}/{self.year}/{self.months}:{self.period}>"
