"""The register of outgoing documents (sổ văn bản đi) and decisions taken outside the agency."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, enum_column
from .cycle import Cycle
from .enums import Level
from .people import Staff


class OutgoingDocument(TimestampMixin, db.Model):
    """One issued document: its number is unique per issuer, year and type, never reused.

    ``issuer`` is the code of the organisation that issues (the agency, or a public service unit
    under its own header); ``ref`` names what the document is about (e.g.
    ``personal_notice:12:345``) so printing it again gives the same number."""

    __table_args__ = (
        UniqueConstraint("agency_id", "issuer", "year", "doc_type", "number"),
        UniqueConstraint("agency_id", "ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    issuer: Mapped[str] = mapped_column(String(32))
    year: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(8))  # TB | QĐ | BB | BC | CV
    number: Mapped[int] = mapped_column(Integer)
    symbol: Mapped[str] = mapped_column(String(64))  # e.g. TB-SNV
    issued_on: Mapped[date] = mapped_column(Date)
    subject: Mapped[str] = mapped_column(String(255), default="")
    ref: Mapped[str] = mapped_column(String(120))
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    # "Kính gửi" as issued (one addressee a line): an issued document never follows later edits.
    addressee: Mapped[str] = mapped_column(Text, default="", server_default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def number_symbol(self) -> str:
        return f"{self.number:02d}/{self.symbol}"

    def __repr__(self) -> str:
        return f"<OutgoingDocument {self.number_symbol} {self.year}>"


class ExternalDecision(TimestampMixin, db.Model):
    """A person's level decided outside the agency (e.g. the Director of a Sở, classified by the
    Chairman of the provincial People's Committee): HR records the decision as issued."""

    __table_args__ = (UniqueConstraint("cycle_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    issuer_body: Mapped[str] = mapped_column(String(255))  # e.g. Ủy ban nhân dân tỉnh Bắc Ninh
    number: Mapped[str] = mapped_column(String(64))  # e.g. 125/QĐ-UBND
    signed_on: Mapped[date] = mapped_column(Date)
    signer_post: Mapped[str] = mapped_column(String(120))
    signer_name: Mapped[str] = mapped_column(String(120))
    level: Mapped[Level | None] = mapped_column(enum_column(Level, "external_level"))

    cycle: Mapped[Cycle] = relationship()
    staff: Mapped[Staff] = relationship()
