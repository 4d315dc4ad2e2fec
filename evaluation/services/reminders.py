"""Who still has something to do in a round, and reminding exactly them.

A person is reminded only of what is left to them: a tracking sheet of an ended (or ending)
period not sent, the annual form not sent, colleagues not yet reviewed while the review window
is open; a head of unit is reminded of the people of their units still without a level once the
review window has closed. HR reminds one unit (with its sub-units) or the whole agency: the
preview lists every recipient first; nobody gets the same reminder twice in one day
(services/mail.py: queue).

Peer reviews stay anonymous: the preview says that a person has colleagues left to review,
never whom or how many.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    AnnualForm,
    Cycle,
    Decision,
    FormStatus,
    PeerReview,
    PeriodSheet,
    RoleAssignment,
    RoleName,
    SheetStatus,
    Staff,
    StaffGroup,
    User,
)
from . import mail
from .audit import record

KINDS = {
    "sheet": _l("Phiếu theo dõi, đánh giá chưa gửi"),
    "form": _l("Phiếu tự đánh giá năm chưa gửi"),
    "review": _l("Còn đồng nghiệp chưa góp ý"),
    "decide": _l("Trưởng đơn vị còn người chưa được xếp loại"),
}


@dataclass(frozen=True)
class Due:
    """One reminder: to whom, of what, and what exactly is left."""

    user: User
    kind: str
    detail: str
    key: str  # what it is about, for the message's dedupe key

    @property
    def address(self) -> str:
        return mail._address(self.user)


def _people(cycle: Cycle, unit_ids: set[int] | None, day: date) -> list[Staff]:
    stmt = select(Staff).where(
        Staff.agency_id == cycle.agency_id,
        or_(Staff.end_date.is_(None), Staff.end_date >= day),
    )
    if unit_ids is not None:
        stmt = stmt.where(Staff.unit_id.in_(unit_ids))
    return list(db.session.scalars(stmt.options(selectinload(Staff.unit))))


def _accounts(agency_id: int) -> dict[int, User]:
    users = db.session.scalars(
        select(User)
        .where(User.agency_id == agency_id, User.staff_id.is_not(None))
        .options(selectinload(User.staff))
    )
    return {u.staff_id: u for u in users if u.is_active}


def _sheets_left(cycle: Cycle, people: list[Staff], users: dict, day: date) -> list[Due]:
    from .assessments import period_end

    periods = [
        p
        for p in range(1, cycle.period_count + 1)
        if period_end(cycle, p) <= day + timedelta(days=mail.REMIND_DAYS_BEFORE)
    ]
    if not periods:
        return []
    sent = {
        (staff_id, period)
        for staff_id, period in db.session.execute(
            select(PeriodSheet.staff_id, PeriodSheet.period).where(
                PeriodSheet.cycle_id == cycle.id, PeriodSheet.status != SheetStatus.DRAFT
            )
        )
    }
    dues = []
    for staff in people:
        left = [p for p in periods if (staff.id, p) not in sent]
        if left and staff.id in users:
            detail = _("Kỳ %(periods)s chưa gửi", periods=", ".join(map(str, left)))
            dues.append(Due(users[staff.id], "sheet", detail, f"{cycle.id}:{left[-1]}"))
    return dues


def _forms_left(cycle: Cycle, people: list[Staff], users: dict, day: date) -> list[Due]:
    sent = set(
        db.session.scalars(
            select(AnnualForm.staff_id).where(
                AnnualForm.cycle_id == cycle.id, AnnualForm.status != FormStatus.DRAFT
            )
        )
    )
    detail = _("Hạn gửi %(d)s", d=cycle.self_assessment_deadline.strftime("%d/%m/%Y"))
    return [
        Due(users[s.id], "form", detail, str(cycle.id))
        for s in people
        if s.id not in sent and s.id in users and s.group != StaffGroup.NGUOI_LAO_DONG
    ]


def _reviews_left(cycle: Cycle, people: list[Staff], users: dict, day: date) -> list[Due]:
    if not cycle.review_opens_on <= day <= cycle.review_closes_on:
        return []
    given: dict[int, int] = {}
    for reviewer_id in db.session.scalars(
        select(PeerReview.reviewer_id).where(PeerReview.cycle_id == cycle.id)
    ):
        given[reviewer_id] = given.get(reviewer_id, 0) + 1
    by_unit: dict[int, int] = {}
    for staff in _people(cycle, None, day):
        by_unit[staff.unit_id] = by_unit.get(staff.unit_id, 0) + 1
    detail = _("Hạn góp ý %(d)s", d=cycle.review_closes_on.strftime("%d/%m/%Y"))
    return [
        Due(users[s.id], "review", detail, str(cycle.id))
        for s in people
        if s.id in users and given.get(s.id, 0) < by_unit[s.unit_id] - 1
    ]


def _decisions_left(cycle: Cycle, people: list[Staff], users: dict, day: date) -> list[Due]:
    from ..permissions import subtree_ids

    if day <= cycle.review_closes_on:
        return []
    decided = set(
        db.session.scalars(
            select(Decision.staff_id).where(
                Decision.cycle_id == cycle.id,
                Decision.current.is_(True),
                Decision.level.is_not(None),
            )
        )
    )
    waiting = [s for s in people if s.group != StaffGroup.NGUOI_LAO_DONG and s.id not in decided]
    heads = db.session.execute(
        select(RoleAssignment.user_id, RoleAssignment.unit_id).where(
            RoleAssignment.agency_id == cycle.agency_id,
            RoleAssignment.role == RoleName.UNIT_HEAD,
            RoleAssignment.unit_id.is_not(None),
        )
    ).all()
    by_user = {u.id: u for u in users.values()}
    dues = []
    for user_id, unit_id in heads:
        user = by_user.get(user_id)
        if user is None:
            continue
        units = subtree_ids({unit_id})
        count = sum(1 for s in waiting if s.unit_id in units and s.id != user.staff_id)
        if count:
            detail = _("%(n)s người chưa được xếp loại", n=count)
            dues.append(Due(user, "decide", detail, f"{cycle.id}:{unit_id}"))
    return dues


_FINDERS = {
    "sheet": _sheets_left,
    "form": _forms_left,
    "review": _reviews_left,
    "decide": _decisions_left,
}


def whats_left(
    cycle: Cycle, day: date, kinds: list[str], unit_ids: set[int] | None = None
) -> list[Due]:
    """Everyone of the units (None: the agency) who still has something of `kinds` to do."""
    people = _people(cycle, unit_ids, day)
    users = _accounts(cycle.agency_id)
    dues: list[Due] = []
    for kind in kinds:
        dues += _FINDERS[kind](cycle, people, users, day)
    return dues


def review_counts(dues: list[Due]) -> list[tuple[str, int]]:
    """Per unit, how many people have colleagues left to review (names withheld: anonymity)."""
    counts: dict[str, int] = {}
    for due in dues:
        if due.kind == "review" and due.user.staff is not None:
            name = due.user.staff.unit.name
            counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items())


def reminded_today(due: Due, day: date) -> bool:
    return mail.reminded_on(due.user, f"remind_{due.kind}", day)


def reminder_text(due: Due, cycle: Cycle) -> tuple[str, str]:
    name = due.user.staff.full_name if due.user.staff else due.user.username
    subject = _("Nhắc việc: %(what)s (năm %(y)s)", what=KINDS[due.kind], y=cycle.year)
    body = _(
        "Kính gửi %(name)s,\n\nBạn còn việc chưa hoàn thành trong đợt đánh giá, xếp loại chất "
        "lượng năm %(y)s: %(what)s — %(detail)s. Xin hoàn thành đúng hạn.",
        name=name,
        y=cycle.year,
        what=KINDS[due.kind],
        detail=due.detail,
    )
    return subject, body + mail._footer()


def send(cycle: Cycle, dues: list[Due], day: date, user: User) -> int:
    """Queue the reminders (one per person and kind a day); returns how many were queued."""
    count = 0
    for due in dues:
        write = partial(reminder_text, due, cycle)
        key = f"{due.key}:{day.isoformat()}"
        count += mail.queue(due.user, f"remind_{due.kind}", key, write, day=day) is not None
    record(
        "remind",
        "cycle",
        cycle.id,
        agency_id=cycle.agency_id,
        after={"queued": count, "kinds": sorted({d.kind for d in dues})},
        user=user,
    )
    return count
