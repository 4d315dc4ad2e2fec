"""Work measured by products (Decree 335 Arts 13, 14, 18; docs/products.md): the agency's
catalogue of products and their conversion to standard units, versioned by the day it applies
from, and the tasks a head assigns from it, reported by the person and confirmed by the manager.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import (
    Boolean,
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
from .base import TimestampMixin, enum_column
from .org import Unit
from .people import Staff, User


class CatalogueStatus(StrEnum):
    PROPOSED = "proposed"  # units propose, HR consolidates (Art 13.1-13.2)
    APPROVED = "approved"  # the head of the agency decided it: never changed again


class TaskKind(StrEnum):
    ASSIGNED = "assigned"  # in the initial plan: counts in the assigned total
    TAKEN_OVER = "taken_over"  # from a colleague: outside the total, adds points (Art 18.1(d))
    AD_HOC = "ad_hoc"  # new work outside the plan: outside the total, adds points


class TaskStatus(StrEnum):
    ASSIGNED = "assigned"
    HANDED_BACK = "handed_back"  # stays in the total, never in the completion (Art 18.1(d))
    REPORTED = "reported"  # the person reported it done with its output
    CONFIRMED = "confirmed"  # the manager confirmed quantity, reviews and delays


class CatalogueVersion(TimestampMixin, db.Model):
    """One version of the agency's catalogue; the version in force on a day is the approved one
    with the latest ``valid_from`` not after that day (Art 26.1(c): never rewrites the past)."""

    __table_args__ = (UniqueConstraint("agency_id", "valid_from"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    valid_from: Mapped[date] = mapped_column(Date)
    status: Mapped[CatalogueStatus] = mapped_column(
        enum_column(CatalogueStatus, "catalogue_status"), default=CatalogueStatus.PROPOSED
    )
    standard_unit: Mapped[str] = mapped_column(String(255), default="")
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    approved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    approved_by: Mapped[User | None] = relationship()
    products: Mapped[list[Product]] = relationship(
        back_populates="version", order_by="Product.code", cascade="all, delete-orphan"
    )


class Product(TimestampMixin, db.Model):
    """A product or piece of work and how many standard units one of it is worth."""

    __table_args__ = (UniqueConstraint("version_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("catalogue_version.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    group: Mapped[int] = mapped_column(Integer)  # complexity group 1-5 (Art 13.1(a))
    job_position: Mapped[str] = mapped_column(String(255))
    name: Mapped[str] = mapped_column(String(500))
    unit_name: Mapped[str] = mapped_column(String(64))  # đơn vị tính: văn bản, hồ sơ…
    coefficient: Mapped[Decimal] = mapped_column(Numeric(8, 2))  # standard units per one
    proposed_by_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))

    version: Mapped[CatalogueVersion] = relationship(back_populates="products")
    proposed_by_unit: Mapped[Unit | None] = relationship()


class Task(TimestampMixin, db.Model):
    """A task assigned to one person from the catalogue (Art 18.1). ``coefficient`` is copied
    from the product when assigned, so a later catalogue never changes a task's units."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    kind: Mapped[TaskKind] = mapped_column(enum_column(TaskKind, "task_kind"))
    status: Mapped[TaskStatus] = mapped_column(
        enum_column(TaskStatus, "task_status"), default=TaskStatus.ASSIGNED
    )
    quantity: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    coefficient: Mapped[Decimal] = mapped_column(Numeric(8, 2))
    expected_output: Mapped[str] = mapped_column(Text, default="")
    assigned_on: Mapped[date] = mapped_column(Date)
    due_on: Mapped[date] = mapped_column(Date, index=True)
    # A share of a team's product (Art 18.1(c)): the parts with one team_code stay within
    # team_total.
    team_code: Mapped[str | None] = mapped_column(String(36), index=True)
    team_total: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    taken_from_id: Mapped[int | None] = mapped_column(ForeignKey("task.id"))
    handed_back_on: Mapped[date | None] = mapped_column(Date)
    handed_back_reason: Mapped[str] = mapped_column(Text, default="")
    reported_on: Mapped[date | None] = mapped_column(Date)
    report_note: Mapped[str] = mapped_column(Text, default="")
    output_link: Mapped[str] = mapped_column(String(500), default="")
    output_filename: Mapped[str] = mapped_column(String(255), default="")
    output_file: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    confirmed_quantity: Mapped[Decimal | None] = mapped_column(Numeric(10, 2))
    failed_reviews: Mapped[int] = mapped_column(Integer, default=0)
    delays: Mapped[int] = mapped_column(Integer, default=0)
    objective_cause: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    staff: Mapped[Staff] = relationship()
    product: Mapped[Product] = relationship()
    assigned_by: Mapped[User | None] = relationship(foreign_keys=[assigned_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])

    @property
    def units(self) -> Decimal:
        """The task's standard units (quantity × coefficient, Art 13.1(c))."""
        return (self.quantity * self.coefficient).quantize(Decimal("0.01"))

    @property
    def extra(self) -> bool:
        return self.kind != TaskKind.ASSIGNED
