"""Staff, their yearly facts kept by HR, user accounts and scoped roles."""

from __future__ import annotations

from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import JSON, Boolean, Date, DateTime, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from .. import _time
from ..extensions import db
from ..text import vn_collation_key
from .base import TimestampMixin, enum_column
from .enums import Gender, Position, RoleName, StaffGroup
from .org import Agency, Unit


class Staff(TimestampMixin, db.Model):
    __table_args__ = (UniqueConstraint("agency_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))  # mã cán bộ
    full_name: Mapped[str] = mapped_column(String(120))
    name_ascii: Mapped[str] = mapped_column(String(120), index=True)  # search without diacritics
    # Vietnamese order for ORDER BY (Đ after D, Ư after U): set with the name, below.
    name_sort: Mapped[str] = mapped_column(String(1100), index=True, default="", server_default="")
    birth_date: Mapped[date | None] = mapped_column(Date)
    gender: Mapped[Gender] = mapped_column(enum_column(Gender, "gender"))
    title: Mapped[str] = mapped_column(String(120), default="")  # chức vụ / chức danh
    group: Mapped[StaffGroup] = mapped_column(enum_column(StaffGroup, "staff_group"), index=True)
    position: Mapped[Position] = mapped_column(enum_column(Position, "position"))
    task_group: Mapped[str] = mapped_column(String(120), default="")  # nhóm nhiệm vụ tương đồng
    party_member: Mapped[bool] = mapped_column(Boolean, default=False)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    # The work address HR keeps (staff page, staff import); reminders go there unless the
    # person chose their own (User.email, services/mail.py).
    email: Mapped[str] = mapped_column(String(255), default="", server_default="")

    agency: Mapped[Agency] = relationship(foreign_keys=[agency_id])
    unit: Mapped[Unit] = relationship(foreign_keys=[unit_id])

    @validates("full_name")
    def _keep_name_sort(self, _key: str, value: str) -> str:
        """Every way a name is set (form, import, demo) keeps the sort key in step."""
        self.name_sort = vn_collation_key(value)
        return value

    @property
    def active(self) -> bool:
        return self.end_date is None or self.end_date >= _time.today()

    def __repr__(self) -> str:
        return f"<Staff {self.code}>"


class StaffYearRecord(TimestampMixin, db.Model):
    """Facts of one person's year that HR keeps (never typed by the person)."""

    __table_args__ = (UniqueConstraint("staff_id", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    year: Mapped[int] = mapped_column(Integer)
    months_worked: Mapped[int] = mapped_column(Integer, default=12)
    leave: Mapped[list] = mapped_column(JSON, default=list)  # [{"kind": "...", "months": n}]
    degradation_finding: Mapped[bool] = mapped_column(Boolean, default=False)
    corruption_in_led_unit: Mapped[bool] = mapped_column(Boolean, default=False)
    corruption_self_remedied: Mapped[bool] = mapped_column(Boolean, default=False)

    staff: Mapped[Staff] = relationship()


class Discipline(TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    sanction: Mapped[str] = mapped_column(String(16))  # reprimand | warning | demotion | ...
    system: Mapped[str] = mapped_column(String(8))  # party | state
    duty_related: Mapped[bool] = mapped_column(Boolean, default=True)
    effective_on: Mapped[date] = mapped_column(Date)
    act: Mapped[str] = mapped_column(String(64), default="")  # shared by sanctions for one act
    counted_in_year: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(500), default="")

    staff: Mapped[Staff] = relationship()


class User(UserMixin, TimestampMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), unique=True)
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    locale: Mapped[str] = mapped_column(String(8), default="vi")
    # Where reminders and notices are mailed (evaluation/services/mail.py); empty: none.
    email: Mapped[str] = mapped_column(String(255), default="", server_default="")
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Bumped by logout, password change, disabling and role changes: every session cookie
    # carries the value it was signed with and is refused once it differs.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Wrong passwords in a row (reset by a correct one) and the end of a throttle they caused.
    failed_sign_ins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    agency: Mapped[Agency] = relationship()
    staff: Mapped[Staff | None] = relationship()
    roles: Mapped[list[RoleAssignment]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_active(self) -> bool:
        """An account lives as long as the person: disabled by an admin, or its person's end
        date passed, it neither signs in nor holds any role (Flask-Login refuses it)."""
        return self.is_enabled and (self.staff is None or self.staff.active)

    def get_id(self) -> str:
        # The session (and remember cookie) names the account and the session version.
        return f"{self.id}:{self.session_version or 0}"

    def end_sessions(self) -> None:
        self.session_version = (self.session_version or 0) + 1

    def has_role(self, *names: RoleName) -> bool:
        return self.is_active and any(r.role in names for r in self.roles)

    def headed_unit_ids(self) -> set[int]:
        if not self.is_active:
            return set()
        return {r.unit_id for r in self.roles if r.role == RoleName.UNIT_HEAD and r.unit_id}

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class RoleAssignment(db.Model):
    """A role scoped to an agency (HR, party committee, admin, staff) or a unit (head)."""

    __table_args__ = (UniqueConstraint("user_id", "role", "unit_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    role: Mapped[RoleName] = mapped_column(enum_column(RoleName, "role_name"))
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id"))

    user: Mapped[User] = relationship(back_populates="roles")


class ApiToken(TimestampMixin, db.Model):
    """An agency-scoped token for the JSON API; only its hash is stored."""

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
