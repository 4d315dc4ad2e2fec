"""E-mail: reminders of deadlines and notices of what was issued or answered.

Messages are written in the recipient's own language (User.locale) and queued as MailMessage
rows inside the request's transaction; the background job (jobs.py kind "send_mail") sends them
through the SMTP server of the MAIL_* settings with the standard library, so a slow or broken
mail server never holds up a request. A failed message is retried later with a growing pause
(RETRY_PAUSES), then marked failed. Each message has a dedupe key (kind, person, the date it is
about): running the reminders twice a day queues nothing new.

Settings: MAIL_SERVER (empty: nothing is sent, messages wait), MAIL_PORT, MAIL_USE_TLS
(STARTTLS), MAIL_USE_SSL, MAIL_USERNAME, MAIL_PASSWORD, MAIL_DEFAULT_SENDER, MAIL_TIMEOUT.
"""

from __future__ import annotations

import smtplib
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from email.message import EmailMessage
from email.utils import make_msgid
from functools import partial

from flask import Flask, Response, current_app, g, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .._time import VN, now, today
from ..extensions import db
from ..models import (
    AnnualForm,
    Cycle,
    CycleStatus,
    FormStatus,
    MailMessage,
    PeriodSheet,
    Petition,
    PetitionStatus,
    Publication,
    SheetStatus,
    Staff,
    User,
)

RETRY_PAUSES = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=12),
)
REMIND_DAYS_BEFORE = 3  # a deadline is "approaching" from three days before it


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def queue(
    user: User,
    kind: str,
    key: str,
    write: Callable[[], tuple[str, str]],
    day: date | None = None,
) -> MailMessage | None:
    """Queue one message to `user`, written by `write()` in the user's language. None when the
    user has no address, is disabled, the same message (kind + key) was queued before, or it is
    a reminder of a kind the user was already sent on that day (Vietnam)."""
    address = _address(user)
    if not address:
        return None
    dedupe = f"{kind}:{user.id}:{key}"[:160]
    if db.session.scalar(select(MailMessage.id).where(MailMessage.dedupe_key == dedupe)):
        return None
    if kind.startswith("remind_") and reminded_on(user, kind, day or today()):
        return None
    locale = user.locale if user.locale in current_app.config["LANGUAGES"] else "vi"
    with force_locale(locale):
        subject, body = write()
    message = MailMessage(
        agency_id=user.agency_id,
        user_id=user.id,
        recipient=address,
        locale=locale,
        kind=kind,
        dedupe_key=dedupe,
        subject=subject,
        body=body,
        next_attempt_at=now(),
    )
    db.session.add(message)
    db.session.flush()
    if has_request_context():
        g.setdefault("mail_agencies", set()).add(user.agency_id)
    return message


def reminded_on(user: User, kind: str, day: date) -> bool:
    start = datetime.combine(day, time(0), tzinfo=VN).astimezone(UTC)
    return (
        db.session.scalar(
            select(MailMessage.id).where(
                MailMessage.user_id == user.id,
                MailMessage.kind == kind,
                MailMessage.created_at >= start,
                MailMessage.created_at < start + timedelta(days=1),
            )
        )
        is not None
    )


def init_app(app: Flask) -> None:
    """After a request that queued messages and committed them, hand the sending to a background
    job: the response never waits for the mail server."""

    @app.after_request
    def _start_sending(response: Response) -> Response:
        agencies = g.pop("mail_agencies", None)
        if not agencies or not app.config.get("MAIL_SERVER") or response.status_code >= 400:
            return response
        if db.session.new or db.session.dirty or db.session.deleted:
            return response  # the view did not commit: nothing of its work is to be sent
        queued = db.session.scalar(
            select(MailMessage.agency_id).where(
                MailMessage.status == "queued", MailMessage.agency_id.in_(agencies)
            )
        )
        if queued is None:  # the view rolled back
            return response
        from .jobs import create_job, start

        job = create_job("send_mail", queued, {}, None)
        db.session.commit()
        start(job)
        return response


def _address(user: User) -> str:
    """The address the person chose (User.email), else the work address HR keeps (Staff.email)."""
    if not user.is_enabled:
        return ""
    own = (user.email or "").strip()
    return own or (user.staff.email.strip() if user.staff is not None else "")


def _footer() -> str:
    return "\n\n" + _("Thư gửi tự động từ hệ thống Xếp loại; xin đừng trả lời thư này.")


# --- Reminders ---------------------------------------------------------------------------


def _users_by_staff(agency_id: int) -> dict[int, User]:
    users = db.session.scalars(
        select(User)
        .where(User.agency_id == agency_id, User.staff_id.is_not(None))
        .options(selectinload(User.staff))
    )
    return {u.staff_id: u for u in users if _address(u)}


def queue_reminders(day: date | None = None) -> int:
    """Queue the reminders of every deadline approaching on `day` (default: today). Returns how
    many messages were queued."""
    day = day or today()
    count = 0
    cycles = db.session.scalars(select(Cycle).where(Cycle.status == CycleStatus.OPEN)).all()
    for cycle in cycles:
        users = _users_by_staff(cycle.agency_id)
        count += _sheet_reminders(cycle, users, day)
        count += _form_reminders(cycle, users, day)
        count += _review_reminders(cycle, users, day)
        count += _decide_reminders(cycle, day)
    count += _petition_reminders(day)
    return count


def _approaching(deadline: date, day: date) -> bool:
    return 0 <= (deadline - day).days <= REMIND_DAYS_BEFORE


def _sheet_text(user: User, cycle: Cycle, period: int, end: date) -> tuple[str, str]:
    subject = _("Nhắc hạn: phiếu theo dõi kỳ %(p)s năm %(y)s", p=period, y=cycle.year)
    body = _(
        "Kính gửi %(name)s,\n\nPhiếu theo dõi, đánh giá kỳ %(p)s năm %(y)s của bạn chưa được "
        "gửi. Kỳ kết thúc ngày %(d)s; xin hoàn thành và gửi phiếu đúng hạn.",
        name=user.staff.full_name,
        p=period,
        y=cycle.year,
        d=_d(end),
    )
    return subject, body + _footer()


def _form_text(user: User, cycle: Cycle) -> tuple[str, str]:
    subject = _("Nhắc hạn: phiếu tự đánh giá năm %(y)s", y=cycle.year)
    body = _(
        "Kính gửi %(name)s,\n\nPhiếu tự đánh giá, xếp loại chất lượng năm %(y)s của bạn chưa "
        "được gửi. Hạn cuối là ngày %(d)s.",
        name=user.staff.full_name,
        y=cycle.year,
        d=_d(cycle.self_assessment_deadline),
    )
    return subject, body + _footer()


def _review_text(user: User, cycle: Cycle) -> tuple[str, str]:
    subject = _("Nhắc hạn: góp ý, đánh giá đồng nghiệp năm %(y)s", y=cycle.year)
    body = _(
        "Kính gửi %(name)s,\n\nThời gian góp ý, đánh giá đồng nghiệp năm %(y)s kết thúc ngày "
        "%(d)s. Nếu bạn chưa góp ý, xin hoàn thành trước hạn.",
        name=user.staff.full_name,
        y=cycle.year,
        d=_d(cycle.review_closes_on),
    )
    return subject, body + _footer()


def _petition_text(petition: Petition, due: date) -> tuple[str, str]:
    subject = _("Nhắc hạn: trả lời kiến nghị về kết quả xếp loại")
    body = _(
        "Kiến nghị của %(name)s về kết quả xếp loại phải được trả lời chậm nhất ngày %(d)s "
        "(7 ngày làm việc kể từ ngày nhận).",
        name=db.session.get(Staff, petition.staff_id).full_name,
        d=_d(due),
    )
    return subject, body + _footer()


def _published_text(user: User, publication: Publication) -> tuple[str, str]:
    year = publication.cycle.year
    subject = _("Đã ban hành thông báo kết quả xếp loại năm %(y)s", y=year)
    body = _(
        "Kính gửi %(name)s,\n\nThông báo công khai kết quả đánh giá, xếp loại chất lượng năm "
        "%(y)s đã được ban hành ngày %(d)s. Bạn có thể xem kết quả của mình và gửi kiến nghị "
        "(nếu có) trong thời gian công khai, đến hết ngày %(until)s.",
        name=user.staff.full_name,
        y=year,
        d=_d(publication.published_on),
        until=_d(publication.visible_until),
    )
    return subject, body + _footer()


def _answered_text(user: User, petition: Petition) -> tuple[str, str]:
    subject = _("Kiến nghị của bạn về kết quả xếp loại đã được trả lời")
    body = _(
        "Kính gửi %(name)s,\n\nKiến nghị của bạn đã được trả lời:\n\n%(answer)s",
        name=user.staff.full_name if user.staff else user.username,
        answer=petition.answer,
    )
    return subject, body + _footer()


def _not_draft(model: type[PeriodSheet] | type[AnnualForm], *where: object) -> set[int]:
    draft = SheetStatus.DRAFT if model is PeriodSheet else FormStatus.DRAFT
    return set(db.session.scalars(select(model.staff_id).where(model.status != draft, *where)))


def _sheet_reminders(cycle: Cycle, users: dict[int, User], day: date) -> int:
    from .assessments import period_end

    count = 0
    for period in range(1, cycle.period_count + 1):
        end = period_end(cycle, period)
        if not _approaching(end, day):
            continue
        done = _not_draft(
            PeriodSheet, PeriodSheet.cycle_id == cycle.id, PeriodSheet.period == period
        )
        for staff_id, user in users.items():
            if staff_id not in done:
                write = partial(_sheet_text, user, cycle, period, end)
                count += queue(user, "remind_sheet", f"{cycle.id}:{period}", write) is not None
    return count


def _form_reminders(cycle: Cycle, users: dict[int, User], day: date) -> int:
    if not _approaching(cycle.self_assessment_deadline, day):
        return 0
    done = _not_draft(AnnualForm, AnnualForm.cycle_id == cycle.id)
    key = f"{cycle.id}:{cycle.self_assessment_deadline.isoformat()}"
    return sum(
        queue(user, "remind_form", key, partial(_form_text, user, cycle)) is not None
        for staff_id, user in users.items()
        if staff_id not in done
    )


def _review_reminders(cycle: Cycle, users: dict[int, User], day: date) -> int:
    """Only people with colleagues left to review (services/reminders.py)."""
    from .reminders import whats_left

    open_now = cycle.review_opens_on <= day <= cycle.review_closes_on
    if not open_now or not _approaching(cycle.review_closes_on, day):
        return 0
    left = {due.user.id for due in whats_left(cycle, day, ["review"])}
    return sum(
        queue(user, "remind_review", str(cycle.id), partial(_review_text, user, cycle)) is not None
        for user in users.values()
        if user.id in left
    )


def _decide_reminders(cycle: Cycle, day: date) -> int:
    """Heads of units with people still without a level, as the classification deadline nears."""
    from .reminders import reminder_text, whats_left

    if not _approaching(cycle.classification_deadline, day):
        return 0
    key = cycle.classification_deadline.isoformat()
    return sum(
        queue(due.user, "remind_decide", f"{due.key}:{key}", partial(reminder_text, due, cycle))
        is not None
        for due in whats_left(cycle, day, ["decide"])
    )


def _petition_reminders(day: date) -> int:
    """HR is reminded of a petition whose answer is due soon (services/petition_clock.py: 7
    working days from receipt, Decree 335 Art 22) or overdue; once per petition."""
    from ..permissions import is_hr
    from .petition_clock import clock

    open_petitions = db.session.scalars(
        select(Petition).where(Petition.status == PetitionStatus.OPEN)
    ).all()
    count = 0
    for petition in open_petitions:
        state = clock(petition, day)
        if state.state not in ("due_soon", "overdue"):
            continue
        hr = db.session.scalars(select(User).where(User.agency_id == petition.agency_id))
        for user in hr:
            if is_hr(user):
                write = partial(_petition_text, petition, state.due_on)
                count += queue(user, "remind_petition", str(petition.id), write) is not None
    return count


# --- Notices -----------------------------------------------------------------------------


def notify_published(publication: Publication) -> int:
    """Tell each person whose result the notice publishes that it is issued."""
    from .disclosure import approved_decisions, scope_unit_ids

    users = _users_by_staff(publication.agency_id)
    count = 0
    for decision in approved_decisions(publication.cycle, scope_unit_ids(publication)):
        user = users.get(decision.staff_id)
        if user is not None:
            write = partial(_published_text, user, publication)
            count += queue(user, "published", str(publication.id), write) is not None
    return count


def notify_petition_answered(petition: Petition) -> int:
    user = db.session.get(User, petition.filed_by_id)
    if user is None:
        return 0
    key = f"{petition.id}:{petition.status.value}"
    write = partial(_answered_text, user, petition)
    return int(queue(user, "petition_answered", key, write) is not None)


# --- Sending -----------------------------------------------------------------------------


def _smtp() -> smtplib.SMTP:
    config = current_app.config
    host, port = config["MAIL_SERVER"], int(config.get("MAIL_PORT") or 25)
    timeout = float(config.get("MAIL_TIMEOUT") or 10)
    if config.get("MAIL_USE_SSL"):
        connection: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=timeout)
    else:
        connection = smtplib.SMTP(host, port, timeout=timeout)
        if config.get("MAIL_USE_TLS"):
            connection.starttls()
    if config.get("MAIL_USERNAME"):
        connection.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
    return connection


def _email(message: MailMessage) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config.get("MAIL_DEFAULT_SENDER") or "xeploai@localhost"
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(f"xeploai-{message.id}")
    email.set_content(message.body)
    email["Content-Language"] = message.locale  # after set_content, which resets Content-*
    return email


def due_messages(limit: int = 200) -> list[MailMessage]:
    return list(
        db.session.scalars(
            select(MailMessage)
            .where(MailMessage.status == "queued", MailMessage.next_attempt_at <= now())
            .order_by(MailMessage.id)
            .limit(limit)
        )
    )


def send_due(limit: int = 200) -> tuple[int, int]:
    """Send the queued messages whose time has come; returns (sent, failed this round). Each
    outcome is committed at once, so a crash never sends a message twice knowingly."""
    if not current_app.config.get("MAIL_SERVER"):
        return 0, 0
    messages = due_messages(limit)
    sent = failed = 0
    connection: smtplib.SMTP | None = None
    try:
        for message in messages:
            try:
                if connection is None:
                    connection = _smtp()
                connection.send_message(_email(message))
            except (OSError, smtplib.SMTPException) as error:
                connection = _drop(connection)
                _failed(message, error)
                failed += 1
            else:
                message.status, message.sent_at = "sent", now()
                message.attempts += 1
                sent += 1
            db.session.commit()
    finally:
        _drop(connection)
    return sent, failed


def _drop(connection: smtplib.SMTP | None) -> None:
    if connection is not None:
        try:
            connection.quit()
        except (OSError, smtplib.SMTPException):
            connection.close()


def _failed(message: MailMessage, error: Exception) -> None:
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if message.attempts > len(RETRY_PAUSES):
        message.status = "failed"
    else:
        message.next_attempt_at = now() + RETRY_PAUSES[message.attempts - 1]
    current_app.logger.warning("mail %s not sent (%s)", message.id, message.last_error)
