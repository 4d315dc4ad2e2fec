"""A next step at a closed door (issue 17): after the self-assessment deadline a person asks to
reopen their annual form or one period sheet; HR grants it until a day, or refuses it, with a
reason. Both steps are audited; a granted request lets the owner edit until its last day."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from .._time import now, today
from ..extensions import db
from ..models import Cycle, CycleStatus, ReopenRequest, Staff, User
from ..text import nfc
from ..workflow import transition
from . import ValidationError
from .assessments import deadline_passed, period_label
from .audit import record

REASON_MAX = 2000


def what(request: ReopenRequest) -> str:
    """What is to be reopened, in words."""
    if request.period is None:
        return _("Phiếu đánh giá năm")
    return _("Phiếu theo dõi %(period)s", period=period_label(request.cycle, request.period))


def requests_of(cycle: Cycle, staff: Staff) -> list[ReopenRequest]:
    return list(
        db.session.scalars(
            select(ReopenRequest)
            .where(ReopenRequest.cycle_id == cycle.id, ReopenRequest.staff_id == staff.id)
            .order_by(ReopenRequest.id)
        )
    )


def latest(cycle: Cycle, staff: Staff, period: int | None) -> ReopenRequest | None:
    found = [r for r in requests_of(cycle, staff) if r.period == period]
    return found[-1] if found else None


def active_grant(cycle: Cycle, staff_id: int, period: int | None) -> ReopenRequest | None:
    """A granted request still open today for this form (None) or sheet (period)."""
    return db.session.scalars(
        select(ReopenRequest).where(
            ReopenRequest.cycle_id == cycle.id,
            ReopenRequest.staff_id == staff_id,
            ReopenRequest.period.is_(None) if period is None else ReopenRequest.period == period,
            ReopenRequest.status == "granted",
            ReopenRequest.open_until >= today(),
        )
    ).first()


def request_reopen(
    cycle: Cycle, staff: Staff, user: User, period: int | None, reason: str
) -> ReopenRequest:
    reason = nfc(reason)
    if cycle.status != CycleStatus.OPEN:
        raise ValidationError(_("Kỳ đánh giá năm không mở: không đề nghị mở lại được."))
    if not deadline_passed(cycle):
        raise ValidationError(_("Chưa quá hạn tự đánh giá: phiếu vẫn sửa được."))
    errors = []
    if not reason:
        errors.append(("reason", _("Hãy ghi lý do đề nghị mở lại.")))
    elif len(reason) > REASON_MAX:
        errors.append(("reason", _("Lý do tối đa %(n)s ký tự.", n=REASON_MAX)))
    previous = latest(cycle, staff, period)
    if previous is not None and previous.status == "pending":
        errors.append(("", _("Đề nghị trước của bạn đang chờ bộ phận tổ chức cán bộ xem xét.")))
    elif active_grant(cycle, staff.id, period) is not None:
        errors.append(("", _("Phiếu đang được mở lại: bạn sửa được ngay.")))
    if errors:
        raise ValidationError(errors)
    req = ReopenRequest(
        agency_id=cycle.agency_id,
        cycle=cycle,
        staff=staff,
        requested_by_id=user.id,
        period=period,
        reason=reason,
        status="pending",
    )
    db.session.add(req)
    db.session.flush()
    record("request", "reopen_request", req.id, agency_id=cycle.agency_id, reason=reason)
    return req


def decide_reopen(
    req: ReopenRequest, grant: bool, answer: str, open_until: date | None, user: User
) -> ReopenRequest:
    answer = nfc(answer)
    errors = []
    if not answer:
        errors.append(("answer", _("Hãy ghi lý do đồng ý hoặc từ chối.")))
    elif len(answer) > REASON_MAX:
        errors.append(("answer", _("Lý do tối đa %(n)s ký tự.", n=REASON_MAX)))
    if grant and open_until is None:
        errors.append(("open_until", _("Hãy ghi ngày cuối cùng được sửa phiếu.")))
    elif grant and open_until < today():
        errors.append(("open_until", _("Ngày cuối cùng không được trước hôm nay.")))
    elif grant and open_until > req.cycle.classification_deadline:
        errors.append(
            (
                "open_until",
                _(
                    "Ngày cuối cùng không được sau hạn xếp loại (%(d)s).",
                    d=f"{req.cycle.classification_deadline:%d/%m/%Y}",
                ),
            )
        )
    if errors:
        raise ValidationError(errors)
    target = "granted" if grant else "refused"
    note = (
        _("%(answer)s (mở đến hết ngày %(d)s)", answer=answer, d=f"{open_until:%d/%m/%Y}")
        if grant
        else answer
    )
    transition(req, "reopen_request", target, agency_id=req.agency_id, reason=note)
    req.answer = answer
    req.open_until = open_until if grant else None
    req.decided_by_id = user.id
    req.decided_at = now()
    db.session.flush()
    return req


def pending(agency_id: int) -> list[ReopenRequest]:
    return list(
        db.session.scalars(
            select(ReopenRequest)
            .where(ReopenRequest.agency_id == agency_id, ReopenRequest.status == "pending")
            .order_by(ReopenRequest.id)
        )
    )
