"""Reminders reach only the people who still have something to do, per unit, after a preview;
nobody gets the same reminder twice in one day; peer reviews stay anonymous in the preview."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import AnnualForm, AuditLog, FormStatus, Level, MailMessage, PeerReview
from evaluation.services import mail
from tests.disclosure_factories import decide_all


def _addresses(world) -> None:
    for key in ("head", "clerk", "colleague"):
        world.staff[key].email = f"{world.staff[key].code.lower()}@snv.example.vn"
    db.session.commit()


def _page(client, world, kind: str) -> str:
    return client.get(f"/reminders?unit={world.units['dept'].id}&kind={kind}").get_data(
        as_text=True
    )


def _send(client, world, kind: str):
    return client.post(f"/reminders?unit={world.units['dept'].id}&kind={kind}")


def _recipients(kind: str) -> list[str]:
    return sorted(db.session.scalars(select(MailMessage.recipient).where(MailMessage.kind == kind)))


@pytest.mark.day("2026-11-28")
def test_only_people_whose_form_is_not_sent_are_listed_then_reminded_once_a_day(
    client, auth, world, clock
):
    _addresses(world)
    world.staff["colleague"].email = ""  # no address: listed, not sent
    db.session.add(
        AnnualForm(
            agency_id=world.agency.id,
            cycle_id=world.cycle.id,
            staff_id=world.staff["clerk"].id,
            regime="D335",
            form_kind="form01",
            status=FormStatus.SUBMITTED,
        )
    )
    db.session.commit()
    auth.login("tccb")
    page = _page(client, world, "form")
    assert "Nguyễn Thị Ánh Tuyết" in page and "Đặng Thùy Dương" in page
    assert "Trương Quốc Hưng" not in page  # sent the form: nothing to remind
    assert "Lê Văn Đức" not in page  # another unit
    assert "Chưa có e-mail, không gửi được" in page
    assert _send(client, world, "form").status_code == 302
    assert _recipients("remind_form") == ["head01@snv.example.vn"]
    assert db.session.scalars(select(AuditLog).where(AuditLog.action == "remind")).one()
    _send(client, world, "form")  # the same day again: nobody twice
    assert mail.queue_reminders() == 0  # nor by the background job
    assert _recipients("remind_form") == ["head01@snv.example.vn"]
    assert "Đã nhắc hôm nay, không gửi lại" in _page(client, world, "form")
    clock.move_to("2026-11-29T09:00:00+07:00")
    _send(client, world, "form")
    assert _recipients("remind_form") == ["head01@snv.example.vn"] * 2


@pytest.mark.day("2026-12-03")
def test_review_reminders_go_to_who_has_colleagues_left_and_the_preview_names_nobody(
    client, auth, world
):
    _addresses(world)
    clerk = world.staff["clerk"]
    for reviewee in ("head", "colleague"):  # the clerk reviewed both colleagues
        db.session.add(
            PeerReview(
                agency_id=world.agency.id,
                cycle_id=world.cycle.id,
                unit_id=world.units["dept"].id,
                reviewer_id=clerk.id,
                reviewee_id=world.staff[reviewee].id,
                proposed_level=Level.HTT,
            )
        )
    db.session.commit()
    auth.login("tccb")
    page = _page(client, world, "review")
    assert "Phòng Công chức, viên chức: 2 người còn đồng nghiệp chưa góp ý" in page
    for name in ("Trương Quốc Hưng", "Đặng Thùy Dương", "Nguyễn Thị Ánh Tuyết"):
        assert name not in page
    _send(client, world, "review")
    assert _recipients("remind_review") == ["cc0002@snv.example.vn", "head01@snv.example.vn"]


@pytest.mark.day("2026-12-05")
def test_the_job_reminds_of_reviews_only_those_with_colleagues_left(world):
    _addresses(world)
    clerk = world.staff["clerk"]
    for reviewee in ("head", "colleague"):
        db.session.add(
            PeerReview(
                agency_id=world.agency.id,
                cycle_id=world.cycle.id,
                unit_id=world.units["dept"].id,
                reviewer_id=clerk.id,
                reviewee_id=world.staff[reviewee].id,
                proposed_level=Level.HTT,
            )
        )
    db.session.commit()
    mail.queue_reminders()
    assert _recipients("remind_review") == ["cc0002@snv.example.vn", "head01@snv.example.vn"]


@pytest.mark.day("2026-12-11")
def test_a_head_with_people_still_undecided_is_reminded(client, auth, world):
    _addresses(world)
    auth.login("tccb")
    page = _page(client, world, "decide")
    assert "Nguyễn Thị Ánh Tuyết" in page and "2 người chưa được xếp loại" in page
    assert mail.queue_reminders() >= 1  # the classification deadline (14/12) is near
    assert _recipients("remind_decide") == ["head01@snv.example.vn"]
    decide_all(world)
    db.session.commit()
    assert "Không còn ai có việc cần nhắc" in _page(client, world, "decide")
