"""Peer reviews and the unit's evaluation meeting (docs/rules/rules.md §5.1 step 2, Decree 233 Art
15).

A peer review stores its author only so the author can edit it and so one person writes one
review per colleague; the author is never shown by any page, export, API or audit row."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import TimestampMixin, enum_column
from .cycle import Cycle
from .enums import Level
from .org import Unit
from .people import Staff


class PeerReview(TimestampMixin, db.Model):
    __table_args__ = (UniqueConstraint("cycle_id", "reviewer_id", "reviewee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)  # at the time
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    reviewee_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    strengths: Mapped[str] = mapped_column(Text, default="")
    shortcomings: Mapped[str] = mapped_column(Text, default="")
    proposed_level: Mapped[Level] = mapped_column(enum_column(Level, "peer_level"))

    def __repr__(self) -> str:  # never the reviewer: reprs end up in logs
        return f"<PeerReview {self.id} about {self.reviewee_id}>"


class PeerReviewActivity(db.Model):
    """The audit of peer reviews: how many were written or changed in a unit on a day, and
    nothing else. A row per review in the audit log sat between its author's own named rows
    and named whom it was about; a count per unit and day ties no review to anyone."""

    __table_args__ = (UniqueConstraint("cycle_id", "unit_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    day: Mapped[date] = mapped_column(Date)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)


class Meeting(TimestampMixin, db.Model):
    """Cuộc họp đánh giá of one unit (or constituent unit) in one cycle; adopting locks it."""

    __table_args__ = (UniqueConstraint("cycle_id", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    place: Mapped[str] = mapped_column(String(255), default="")
    start_time: Mapped[str] = mapped_column(String(16), default="")
    end_time: Mapped[str] = mapped_column(String(16), default="")
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    secretary_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # Large units: heads of constituent units may comment in writing (Art 15.2(b)).
    written_comments: Mapped[bool] = mapped_column(Boolean, default=False)
    # A unit too small to meet on its own meets with its parent unit (docs/rules/decisions.md).
    joint_unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | adopted
    adopted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    cycle: Mapped[Cycle] = relationship()
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])
    joint_unit: Mapped[Unit | None] = relationship(foreign_keys=[joint_unit_id])
    chair: Mapped[Staff | None] = relationship(foreign_keys=[chair_id])
    secretary: Mapped[Staff | None] = relationship(foreign_keys=[secretary_id])
    attendance: Mapped[list[MeetingAttendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    opinions: Mapped[list[MeetingOpinion]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    written: Mapped[list[WrittenComment]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="WrittenComment.id"
    )

    @property
    def adopted(self) -> bool:
        return self.status == "adopted"

    def __repr__(self) -> str:
        return f"<Meeting {self.unit_id}/{self.cycle_id} {self.status}>"


class MeetingAttendance(db.Model):
    __table_args__ = (UniqueConstraint("meeting_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    present: Mapped[bool] = mapped_column(Boolean, default=True)
    absence_reason: Mapped[str] = mapped_column(String(255), default="")

    meeting: Mapped[Meeting] = relationship(back_populates="attendance")
    staff: Mapped[Staff] = relationship()


class MeetingOpinion(db.Model):
    """The opinions about one person, summarised by the secretary (recorded in the minutes), the
    meeting's own vote when it votes (counted by the secretary; never the anonymous peer-review
    tally), and its conclusion with the level it proposes."""

    __table_args__ = (UniqueConstraint("meeting_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    votes_for: Mapped[int | None] = mapped_column(Integer)  # None: no vote about this person
    votes_against: Mapped[int | None] = mapped_column(Integer)
    votes_abstain: Mapped[int | None] = mapped_column(Integer)
    conclusion: Mapped[str] = mapped_column(Text, default="")
    proposed_level: Mapped[Level | None] = mapped_column(enum_column(Level, "meeting_level"))

    meeting: Mapped[Meeting] = relationship(back_populates="opinions")
    staff: Mapped[Staff] = relationship()


class WrittenComment(db.Model):
    """A comment sent in writing instead of spoken at a large unit's meeting (signed, not
    anonymous: it is an official opinion of a named head of a constituent unit)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))  # the person commented on
    author_name: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)

    meeting: Mapped[Meeting] = relationship(back_populates="written")
    staff: Mapped[Staff] = relationship()


class PartyComment(TimestampMixin, db.Model):
    """Ý kiến của cấp ủy about a head or deputy (Decree 335 Art 21.1(c), 21.2(c); Decree 233 Art
    15.2(c)); not part of the minutes. Final and signed, it is issued as the committee's written
    comments (a numbered Party document, docs/rules/rules.md §5.1, §8.5), then no longer edited."""

    __table_args__ = (UniqueConstraint("cycle_id", "staff_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycle.id"), index=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    written_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    final: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    signer_post: Mapped[str] = mapped_column(String(60), default="", server_default="")  # BÍ THƯ
    signer_name: Mapped[str] = mapped_column(String(120), default="", server_default="")

    staff: Mapped[Staff] = relationship()
