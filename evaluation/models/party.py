"""The Party side (docs/rules/rules.md §2.4, §6.4, §7.3): the grassroots party organisation, its
cells (chi bộ) and members, its rules as data, and the yearly party round (QĐ 366-QĐ/TW, HD
43-HD/BTCTW).

A cell need not match an administrative unit: membership links a person to a cell, nothing
else. The party round of a year reads the State decisions of the same year (it never writes them).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

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
from .base import TimestampMixin, enum_column
from .enums import Level
from .org import Agency, Unit
from .people import Staff, User


class PartyOrgKind(StrEnum):
    DANG_BO_CO_SO = "dang_bo_co_so"  # đảng bộ cơ sở (with cells under it)
    CHI_BO_CO_SO = "chi_bo_co_so"  # chi bộ cơ sở


class MemberStatus(StrEnum):
    PROBATIONARY = "probationary"  # đảng viên dự bị
    FULL = "full"  # đảng viên chính thức


class MemberCategory(StrEnum):
    """The individual review form (HD 43 Mẫu 2A/2B/2C), mapped to the QĐ 366 appendices."""

    LEADER = "2A"  # cá nhân giữ chức vụ lãnh đạo, quản lý
    NON_LEADER = "2B"  # cá nhân không giữ chức vụ lãnh đạo, quản lý
    OUTSIDE = "2C"  # đảng viên không làm việc trong hệ thống chính trị


class PartyOrganisation(TimestampMixin, db.Model):
    """Tổ chức cơ sở đảng: the issuing committee of the Party documents."""

    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))  # "Đảng bộ Sở Nội vụ"
    kind: Mapped[PartyOrgKind] = mapped_column(enum_column(PartyOrgKind, "party_org_kind"))
    # Header of its documents (HD 36-HD/VPTW): the superior committee, then its own committee.
    superior_committee: Mapped[str] = mapped_column(String(255), default="")
    committee: Mapped[str] = mapped_column(String(255), default="")  # "ĐẢNG ỦY SỞ NỘI VỤ"
    symbol: Mapped[str] = mapped_column(String(16), default="ĐU")  # TB/ĐU, QĐ/ĐU
    place: Mapped[str] = mapped_column(String(100), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    agency: Mapped[Agency] = relationship()
    cells: Mapped[list[PartyCell]] = relationship(
        back_populates="organisation", order_by="PartyCell.code"
    )

    def __repr__(self) -> str:
        return f"<PartyOrganisation {self.code}>"


class PartyCell(TimestampMixin, db.Model):
    """Chi bộ trực thuộc. ``unit_id`` is only a hint for lists: a cell need not match a unit."""

    __table_args__ = (UniqueConstraint("organisation_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("party_organisation.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(255))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    organisation: Mapped[PartyOrganisation] = relationship(back_populates="cells")
    secretary: Mapped[Staff | None] = relationship()
    unit: Mapped[Unit | None] = relationship()

    def __repr__(self) -> str:
        return f"<PartyCell {self.code}>"


class PartyMembership(TimestampMixin, db.Model):
    """A person's party membership: one current cell per person."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), unique=True)
    cell_id: Mapped[int] = mapped_column(ForeignKey("party_cell.id"), index=True)
    joined_on: Mapped[date] = mapped_column(Date)  # ngày vào Đảng
    status: Mapped[MemberStatus] = mapped_column(enum_column(MemberStatus, "member_status"))
    full_on: Mapped[date | None] = mapped_column(Date)  # ngày chính thức
    category: Mapped[MemberCategory] = mapped_column(
        enum_column(MemberCategory, "member_category"), default=MemberCategory.NON_LEADER
    )

    staff: Mapped[Staff] = relationship()
    cell: Mapped[PartyCell] = relationship()

    def __repr__(self) -> str:
        return f"<PartyMembership {self.staff_id} in {self.cell_id}>"


class PartyRule(TimestampMixin, db.Model):
    """One Party rule as the organisation adjusted it, in force from the round of ``from_year``
    until a later row of the same key: its value, source and whether the source was verified.
    Rules without a row take their default from scoring/party.py (RULES). Rows are never
    rewritten for a year whose round has decisions: a change applies from a later year."""

    __table_args__ = (UniqueConstraint("organisation_id", "key", "from_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("party_organisation.id"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    from_year: Mapped[int] = mapped_column(Integer, default=0)  # 0: from the first round
    value: Mapped[dict] = mapped_column(JSON, default=dict)  # {"value": ...}
    source: Mapped[str] = mapped_column(Text, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)


class PartyReviewItem(TimestampMixin, db.Model):
    """One item of the members' self-review form as the organisation configured it (HD 43 names
    the contents; the rest is the organisation's). The items of a year are the whole set of the
    latest ``year`` not after it; no set at all: the default items (services/party_items.py).
    ``forms`` lists the review forms (2A 2B 2C) the item appears on."""

    __table_args__ = (UniqueConstraint("organisation_id", "year", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("party_organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    key: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(500))
    forms: Mapped[str] = mapped_column(String(16), default="2A 2B 2C")


class PartyRound(TimestampMixin, db.Model):
    """The party round of one year in one grassroots organisation; its row is the lock every
    committee decision takes first (the quota is re-counted under it)."""

    __table_args__ = (UniqueConstraint("organisation_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("party_organisation.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | closed
    opened_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    organisation: Mapped[PartyOrganisation] = relationship()


class PartyMemberReview(TimestampMixin, db.Model):
    """Bản kiểm điểm (Mẫu 2A/2B/2C), the cell's comments and proposal, the committee's level."""

    __table_args__ = (UniqueConstraint("round_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("party_round.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    cell_id: Mapped[int] = mapped_column(ForeignKey("party_cell.id"), index=True)  # at the time
    category: Mapped[MemberCategory] = mapped_column(enum_column(MemberCategory, "review_category"))
    items: Mapped[dict] = mapped_column(JSON, default=dict)  # the form's answers, by item key
    general_score: Mapped[float | None] = mapped_column(Numeric(5, 2))  # of 30
    task_score: Mapped[float | None] = mapped_column(Numeric(5, 2))  # of 70
    self_level: Mapped[Level | None] = mapped_column(enum_column(Level, "party_self_level"))
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cell_comment: Mapped[str] = mapped_column(Text, default="")
    cell_level: Mapped[Level | None] = mapped_column(enum_column(Level, "party_cell_level"))
    cell_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    level: Mapped[Level | None] = mapped_column(enum_column(Level, "party_level"))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")  # the committee's own words
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    round: Mapped[PartyRound] = relationship()
    staff: Mapped[Staff] = relationship()
    cell: Mapped[PartyCell] = relationship()
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])


class PartyOrgReview(TimestampMixin, db.Model):
    """A collective's review (Mẫu 01): a cell's, or the grassroots organisation's (cell_id None).
    ``subject`` is the cell code or "*" for the organisation: unique per round."""

    __table_args__ = (UniqueConstraint("round_id", "subject"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("party_round.id"), index=True)
    subject: Mapped[str] = mapped_column(String(32))
    cell_id: Mapped[int | None] = mapped_column(ForeignKey("party_cell.id"))
    report: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float | None] = mapped_column(Numeric(5, 2))
    facts: Mapped[dict] = mapped_column(JSON, default=dict)  # conditions of QĐ 366 Art 11
    self_level: Mapped[Level | None] = mapped_column(enum_column(Level, "party_org_self_level"))
    level: Mapped[Level | None] = mapped_column(enum_column(Level, "party_org_level"))
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    round: Mapped[PartyRound] = relationship()
    cell: Mapped[PartyCell | None] = relationship()
