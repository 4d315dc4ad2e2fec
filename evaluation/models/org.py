"""The organisation: agencies and their tree of units."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, enum_column
from .enums import AgencyKind, UnitKind

if TYPE_CHECKING:
    from .people import Staff


class Agency(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    governing_body: Mapped[str] = mapped_column(String(255), default="")  # cơ quan chủ quản
    kind: Mapped[AgencyKind] = mapped_column(enum_column(AgencyKind, "agency_kind"))
    place: Mapped[str] = mapped_column(String(100), default="")  # địa danh on documents
    notice_symbol: Mapped[str] = mapped_column(String(32), default="")  # e.g. SNV in TB-SNV
    special_deadline: Mapped[bool] = mapped_column(Boolean, default=False)
    has_intranet: Mapped[bool] = mapped_column(Boolean, default=True)
    # Who decides for the agency's own head (Decree 335 Art 10.2(a)): the head of the managing
    # body, outside the agency (e.g. "Chủ tịch Ủy ban nhân dân tỉnh"); HR records the name.
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", use_alter=True, name="fk_agency_head_id_staff")
    )
    superior_post: Mapped[str] = mapped_column(String(120), default="")
    superior_name: Mapped[str] = mapped_column(String(120), default="")
    # "Kính gửi" of the year's report to the superior body, one addressee a line: HR types it
    # when issuing the report and the agency remembers it for the next year.
    superior_body: Mapped[str] = mapped_column(String(255), default="", server_default="")
    # The province whose People's Committee chairman recognises the agency's own level (a Sở
    # or a commune People's Committee, Decree 335 Art 5.2): one quota scope (Art 8.5).
    province: Mapped[str] = mapped_column(String(100), default="")
    # The province's Home Affairs department (Sở Nội vụ): its HR follows the recognition of
    # every agency of the province.
    home_affairs: Mapped[bool] = mapped_column(Boolean, default=False)

    units: Mapped[list[Unit]] = relationship(back_populates="agency")

    def __repr__(self) -> str:
        return f"<Agency {self.code}>"

    head: Mapped[Staff | None] = relationship(foreign_keys=[head_id], post_update=True)


class Unit(TimestampMixin, db.Model):
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    kind: Mapped[UnitKind] = mapped_column(enum_column(UnitKind, "unit_kind"))
    # Decree 233 Art 20.1: without its own evaluation regulation a service unit uses D90 criteria.
    has_regulation: Mapped[bool] = mapped_column(Boolean, default=True)
    head_id: Mapped[int | None] = mapped_column(
        ForeignKey("staff.id", use_alter=True, name="fk_unit_head_id_staff")
    )
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # A public service unit issues its own documents: its symbol (e.g. TTLT in TB-TTLT).
    symbol: Mapped[str] = mapped_column(String(32), default="")

    agency: Mapped[Agency] = relationship(back_populates="units")
    parent: Mapped[Unit | None] = relationship(remote_side="Unit.id", back_populates="children")
    children: Mapped[list[Unit]] = relationship(back_populates="parent", order_by="Unit.name")
    head: Mapped[Staff | None] = relationship(foreign_keys=[head_id], post_update=True)

    def __repr__(self) -> str:
        return f"<Unit {self.code}>"
