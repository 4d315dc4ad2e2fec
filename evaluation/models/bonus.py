"""The agency's bonus regulation (Quy chế tiền thưởng; Decree 73/2024/NĐ-CP Art 4, Decree 335
Art 23.1(d), 23.2(d), 23.3(e)): data HR enters, never code."""

from __future__ import annotations

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import TimestampMixin


class BonusRegulation(TimestampMixin, db.Model):
    """One per agency. ``level_coefficients``: {"HTXS": "1.2", ...} for the year's level;
    ``score_bands``: [{"floor": "90", "coefficient": "1.2"}, ...] for a quarter's or a
    half-year's score. Decimals are kept as strings (exact)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), unique=True)
    title: Mapped[str] = mapped_column(String(255), default="")
    level_coefficients: Mapped[dict] = mapped_column(JSON, default=dict)
    score_bands: Mapped[list] = mapped_column(JSON, default=list)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<BonusRegulation {self.agency_id}>"
