"""E-mail through a real local SMTP server (aiosmtpd): reminders in each user's language, sent
by the background job, retried after a failure, never holding up a request."""

from __future__ import annotations

import socket
from datetime import datetime, time, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from evaluation.extensions import db
from evaluation.models import Job, MailMessage
from evaluation.services import jobs, mail


class Inbox:
    def __init__(self) -> None:
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield inbox, controller
    controller.stop()
    app.config.update(MAIL_SERVER="", MAIL_PORT=25)


def _addresses(world) -> None:
    world.users["staff"].email, world.users["staff"].locale = "hung@snv.example.vn", "en"
    world.users["colleague"].email = "duong@snv.example.vn"
    db.session.commit()


def _send_by_job(world) -> Job:
    job = jobs.create_job("send_mail", world.agency.id, {}, None)
    db.session.commit()
    jobs.start(job)  # JOBS_SYNC in tests: the worker's work, done before returning
    return db.session.get(Job, job.id)


@pytest.mark.day("2026-11-28")
def test_reminder_arrives_in_each_users_language(smtp, world):
    inbox, _ = smtp
    _addresses(world)
    assert mail.queue_reminders() == 2
    db.session.commit()
    assert mail.queue_reminders() == 0  # the same reminder is queued once
    job = _send_by_job(world)
    assert job.status == "done"
    by_to = {m["To"]: m for m in inbox.messages}
    assert set(by_to) == {"hung@snv.example.vn", "duong@snv.example.vn"}
    english, vietnamese = by_to["hung@snv.example.vn"], by_to["duong@snv.example.vn"]
    assert english["Subject"] == "Reminder: the 2026 self-assessment form"
    text = english.get_content()
    assert "30/11/2026" in text and "Dear Trương Quốc Hưng" in text
    assert vietnamese["Subject"] == "Nhắc hạn: phiếu tự đánh giá năm 2026"
    assert "Kính gửi Đặng Thùy Dương" in vietnamese.get_content()
    assert english["Content-Language"] == "en" and vietnamese["Content-Language"] == "vi"
    statuses = db.session.scalars(db.select(MailMessage.status)).all()
    assert statuses == ["sent", "sent"]


@pytest.mark.day("2026-11-20")
def test_no_reminder_before_the_deadline_approaches(smtp, world):
    _addresses(world)
    assert mail.queue_reminders() == 0


@pytest.mark.day("2026-11-28")
def test_failed_message_is_retried_later(app, smtp, world, clock):
    inbox, controller = smtp
    _addresses(world)
    mail.queue_reminders()
    db.session.commit()
    app.config["MAIL_PORT"] = _free_port()  # nobody listens there
    assert mail.send_due() == (0, 2)
    messages = db.session.scalars(db.select(MailMessage)).all()
    assert all(m.status == "queued" and m.attempts == 1 and m.last_error for m in messages)
    app.config["MAIL_PORT"] = controller.port
    assert mail.send_due() == (0, 0)  # not before the pause
    clock.shift(timedelta(minutes=2))
    assert mail.send_due() == (2, 0)
    assert len(inbox.messages) == 2


@pytest.mark.day("2026-11-28")
def test_message_failing_every_time_ends_failed(app, world, clock):
    _addresses(world)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    try:
        mail.queue_reminders()
        db.session.commit()
        for pause in (timedelta(0), *mail.RETRY_PAUSES):
            clock.shift(pause + timedelta(seconds=1))
            mail.send_due()
        statuses = {m.status for m in db.session.scalars(db.select(MailMessage))}
        assert statuses == {"failed"}
    finally:
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)


def _petition(world):
    from evaluation.services import disclosure
    from tests.disclosure_factories import publish

    publication, _decisions = publish(world)
    petition = disclosure.file_petition(publication, world.users["staff"], "Xem lại giúp tôi")
    db.session.commit()
    return petition


def test_answer_is_mailed_by_the_job_the_request_started(smtp, world, auth, client):
    inbox, _ = smtp
    _addresses(world)
    petition = _petition(world)
    assert inbox.messages == []  # queued only: no request asked for sending yet
    auth.login("truongphong")
    response = client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "reject", "level": "", "answer": "Giữ nguyên kết quả."},
    )
    assert response.status_code == 302
    to_hung = {m["Subject"]: m for m in inbox.messages if m["To"] == "hung@snv.example.vn"}
    answered = to_hung["Your petition about the classification result has been answered"]
    assert "Giữ nguyên kết quả." in answered.get_content()
    assert "The 2026 notice of classification results has been issued" in to_hung
    to_duong = {m["Subject"] for m in inbox.messages if m["To"] == "duong@snv.example.vn"}
    assert to_duong == {"Đã ban hành thông báo kết quả xếp loại năm 2026"}


def test_a_dead_mail_server_never_fails_the_request(app, world, auth, client):
    _addresses(world)
    petition = _petition(world)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    try:
        auth.login("truongphong")
        response = client.post(
            f"/disclosure/petitions/{petition.id}",
            data={"action": "reject", "level": "", "answer": "Giữ nguyên kết quả."},
        )
    finally:
        app.config.update(MAIL_SERVER="", MAIL_PORT=25)
    assert response.status_code == 302
    db.session.refresh(petition)
    assert petition.status.value == "rejected"
    waiting = db.session.scalars(db.select(MailMessage)).all()
    assert waiting and all(m.status == "queued" and m.last_error for m in waiting)


def test_hr_is_reminded_of_a_petition_answer_due_soon(smtp, world, clock):
    from datetime import date

    from evaluation._time import VN

    inbox, _ = smtp
    world.users["hr"].email = "tccb@snv.example.vn"
    db.session.commit()
    petition = _petition(world)  # filed Monday 16/11/2026
    assert mail.queue_reminders() == 0  # far from due
    clock.move_to(datetime.combine(date(2026, 11, 23), time(9, 0), tzinfo=VN))
    assert mail.queue_reminders() == 1
    db.session.commit()
    assert mail.send_due() == (2, 0)  # and the notice of HR's own result, queued at publishing
    (message,) = [
        m
        for m in inbox.messages
        if m["To"] == "tccb@snv.example.vn" and "kiến nghị" in m["Subject"]
    ]
    assert message["Subject"] == "Nhắc hạn: trả lời kiến nghị về kết quả xếp loại"
    from evaluation.services.petition_clock import clock as petition_clock

    due = petition_clock(petition).due_on  # the rule's own date (7 working days from receipt)
    assert due == date(2026, 11, 26)
    text = message.get_content()
    assert "Trương Quốc Hưng" in text and "26/11/2026" in text
    assert petition.status.value == "open"


def test_person_sets_the_address_their_mail_goes_to(client, auth, world):
    auth.login("congchuc")
    assert client.get("/account/email").status_code == 200
    bad = client.post("/account/email", data={"email": "khong-phai-email"})
    assert bad.status_code == 422 and "Địa chỉ e-mail không hợp lệ." in bad.get_data(as_text=True)
    hostile = client.post("/account/email", data={"email": '"><script>alert(1)</script>'})
    assert hostile.status_code == 422
    assert "<script>alert(1)</script>" not in hostile.get_data(as_text=True)
    assert world.users["staff"].email == ""
    assert client.post("/account/email", data={"email": " hung@snv.example.vn "}).status_code == 302
    db.session.refresh(world.users["staff"])
    assert world.users["staff"].email == "hung@snv.example.vn"
    assert client.post("/account/email", data={"email": ""}).status_code == 302
    db.session.refresh(world.users["staff"])
    assert world.users["staff"].email == ""
