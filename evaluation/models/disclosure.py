"""Disclosure of results (Law 10/2022 Arts 46–48), petitions, import batches and background jobs."""

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
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, enum_column, utcnow
from .cycle import Cycle
from .decision import Decision
from .org import Unit
from .people import Staff, User


class DisclosureMethod(StrEnum):
    """Law 10/2022 Art 47.1 (a)–(g)."""

    POSTING = "posting"  # (a) niêm yết
    INTRANET = "intranet"  # (b) hệ thống thông tin nội bộ, cổng thông tin
    CONFERENCE = "conference"  # (c) hội nghị CBCCVC-NLĐ
    WRITTEN_NOTICE = "written_notice"  # (d) văn bản gửi toàn thể
    VIA_HEADS = "via_heads"  # (đ) qua người đứng đầu đơn vị trực thuộc
    VIA_ORGANISATIONS = "via_organisations"  # (e) qua tổ chức đảng, công đoàn
    OTHER = "other"  # (g)


class Publication(TimestampMixin, db.Model):
    """One publication of the decided levels of a cycle (whole agency, or one unit's subtree)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))  # None: the whole agency
    decided_on: Mapped[date] = mapped_column(Date)
    published_on: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)  # 5 working days after decided_on
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    visible_until: Mapped[date] = mapped_column(Date)  # ≥ 20 consecutive days
    method: Mapped[DisclosureMethod] = mapped_column(
        enum_column(DisclosureMethod, "disclosure_method")
    )
    note: Mapped[str] = mapped_column(Text, default="")
    # The printed notice (Decree 30/2020): number, date and signer entered by HR.
    notice_number: Mapped[int | None] = mapped_column(Integer)
    notice_date: Mapped[date | None] = mapped_column(Date)
    signer_authority: Mapped[str] = mapped_column(String(64), default="")
    signer_post: Mapped[str] = mapped_column(String(120), default="")
    signer_name: Mapped[str] = mapped_column(String(120), default="")
    # Nơi nhận of the printed notice, one per line (Decree 30 form is applied when printing).
    recipients: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawn: Mapped[bool] = mapped_column(Boolean, default=False)

    cycle: Mapped[Cycle] = relationship()
    unit: Mapped[Unit | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    postings: Mapped[list[Posting]] = relationship(
        back_populates="publication", order_by="Posting.posted_on"
    )

    def __repr__(self) -> str:
        return f"<Publication {self.cycle_id}/{self.unit_id} {self.published_on}>"


class Posting(TimestampMixin, db.Model):
    """Where and when a printed notice was posted, and by whom (Art 48.2)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)
    place: Mapped[str] = mapped_column(String(255))
    posted_on: Mapped[date] = mapped_column(Date)
    posted_by: Mapped[str] = mapped_column(String(120))
    removed_on: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    publication: Mapped[Publication] = relationship(back_populates="postings")


class AccessStatus(StrEnum):
    PENDING = "pending"
    GRANTED = "granted"
    REFUSED = "refused"


class AccessRequest(TimestampMixin, db.Model):
    """A request to see the results after the posting period (Art 48.4)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[AccessStatus] = mapped_column(
        enum_column(AccessStatus, "access_status"), default=AccessStatus.PENDING
    )
    granted_until: Mapped[date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    publication: Mapped[Publication] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class PetitionStatus(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"
    ACCEPTED = "accepted"
    REJECTED = "rejected"


class Petition(TimestampMixin, db.Model):
    """A petition (kiến nghị) by a staff member about their own posted result."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)
    decision_id: Mapped[int] = mapped_column(ForeignKey("decision.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    filed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[PetitionStatus] = mapped_column(
        enum_column(PetitionStatus, "petition_status"), default=PetitionStatus.OPEN
    )
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # An accepted petition leads to a new decision replacing the contested one.
    replacement_decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"))

    publication: Mapped[Publication] = relationship()
    decision: Mapped[Decision] = relationship(foreign_keys=[decision_id])
    replacement_decision: Mapped[Decision | None] = relationship(
        foreign_keys=[replacement_decision_id]
    )
    staff: Mapped[Staff] = relationship()


class ImportBatch(TimestampMixin, db.Model):
    """An uploaded import file kept between preview and confirm (the app stays stateless)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # staff | history
    filename: Mapped[str] = mapped_column(String(255), default="")
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="previewed")  # previewed|applied|...
    problems: Mapped[list] = mapped_column(JSON, default=list)
    summary: Mapped[dict] = mapped_column(JSON, default=dict)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    applied_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Job(TimestampMixin, db.Model):
    """A background job; its result lives here so any app host can serve it."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="queued")  # queued|running|done|failed
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    result: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    filename: Mapped[str] = mapped_column(String(255), default="")
    mimetype: Mapped[str] = mapped_column(String(120), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)

    created_by: Mapped[User | None] = relationship()


__all__ = [
    "AccessRequest",
    "AccessStatus",
    "DisclosureMethod",
    "ImportBatch",
    "Job",
    "Petition",
    "PetitionStatus",
    "Posting",
    "Publication",
    "utcnow",
]
