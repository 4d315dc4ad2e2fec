"""Issue 17, a next step at a closed door: after the self-assessment deadline a person asks to
reopen their sheet or annual form; HR grants it until a day (or refuses it) with a reason,
audited; a granted request lets the owner save until that day, and no longer."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from evaluation._time import VN, today
from evaluation.extensions import db
from evaluation.models import AuditLog, ReopenRequest
from evaluation.services import assessments as svc
from tests.test_assessments import _sheet, _url, sheet_post


def _close(world) -> None:
    world.cycle.self_assessment_deadline = today() - timedelta(days=1)
    db.session.commit()


def _requests() -> list[ReopenRequest]:
    db.session.expire_all()
    return list(db.session.scalars(select(ReopenRequest).order_by(ReopenRequest.id)))


def _audit(entity_id: int) -> list[tuple[str, str]]:
    return [
        (row.action, row.reason)
        for row in db.session.scalars(
            select(AuditLog)
            .where(AuditLog.entity == "reopen_request", AuditLog.entity_id == entity_id)
            .order_by(AuditLog.id)
        )
    ]


def test_before_the_deadline_there_is_nothing_to_request(client, auth, world):
    auth.login("congchuc")
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Đề nghị mở lại phiếu" not in page
    client.post(
        f"/assessments/reopen/{world.staff['clerk'].id}", data={"period": "1", "reason": "x"}
    )
    assert _requests() == []


def test_request_grant_until_a_day_then_closed_again(client, auth, world, clock):
    _close(world)
    auth.login("congchuc")
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Đã quá hạn tự đánh giá" in page and "Gửi đề nghị mở lại" in page  # a next step
    url = f"/assessments/reopen/{world.staff['clerk'].id}"
    response = client.post(url, data={"period": "1", "reason": "  "}, follow_redirects=True)
    assert "Hãy ghi lý do đề nghị mở lại." in response.get_data(as_text=True)
    assert _requests() == []
    client.post(url, data={"period": "1", "reason": "Tôi nằm viện tuần cuối tháng 11."})
    (req,) = _requests()
    assert (req.status, req.period, req.staff_id) == ("pending", 1, world.staff["clerk"].id)
    page = client.get(_url(world)).get_data(as_text=True)
    assert "đang xem xét" in page and "Gửi đề nghị mở lại" not in page  # no duplicate
    assert client.post(_url(world), data=sheet_post()).status_code == 200  # still closed
    assert _sheet(world) is None
    client.post("/logout")

    auth.login("tccb")
    assert "1 đề nghị mở lại phiếu sau hạn đang chờ trả lời." in client.get("/").get_data(
        as_text=True
    )
    page = client.get("/assessments/reopen-requests").get_data(as_text=True)
    assert "Trương Quốc Hưng" in page and "Tôi nằm viện tuần cuối tháng 11." in page
    decide = f"/assessments/reopen-requests/{req.id}"
    p = f"r{req.id}-"
    response = client.post(decide, data={p + "decision": "grant", p + "answer": "Có giấy viện."})
    assert response.status_code == 422  # no last day: said next to the field, nothing changed
    assert "Hãy ghi ngày cuối cùng được sửa phiếu." in response.get_data(as_text=True)
    assert _requests()[0].status == "pending"
    until = today() + timedelta(days=3)
    response = client.post(
        decide,
        data={
            p + "decision": "grant",
            p + "answer": "Có giấy viện.",
            p + "open_until": f"{until:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302
    req = _requests()[0]
    assert (req.status, req.open_until, req.answer) == ("granted", until, "Có giấy viện.")
    assert _audit(req.id) == [
        ("request", "Tôi nằm viện tuần cuối tháng 11."),
        ("granted", f"Có giấy viện. (mở đến hết ngày {until:%d/%m/%Y})"),
    ]
    client.post("/logout")

    auth.login("congchuc")
    assert f"đến hết ngày {until:%d/%m/%Y}" in client.get(_url(world)).get_data(as_text=True)
    assert client.post(_url(world), data=sheet_post()).status_code == 302  # saved
    assert _sheet(world) is not None
    clock.move_to(datetime.combine(until + timedelta(days=1), time(9), tzinfo=VN))
    sheet = _sheet(world)
    assert svc.can_edit_sheet(sheet)[0] is False  # the day has passed: closed again
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Thời gian được mở lại đã hết" in page and "Gửi đề nghị mở lại" in page


def test_refused_with_its_reason_and_the_person_may_ask_again(client, auth, world):
    _close(world)
    auth.login("congchuc")
    url = f"/assessments/reopen/{world.staff['clerk'].id}"
    client.post(url, data={"period": "", "reason": "Quên hạn."})  # the annual form
    (req,) = _requests()
    assert req.period is None
    client.post("/logout")
    auth.login("tccb")
    p = f"r{req.id}-"
    response = client.post(
        f"/assessments/reopen-requests/{req.id}",
        data={p + "decision": "refuse", p + "answer": "Lý do không chính đáng."},
    )
    assert response.status_code == 302
    assert _requests()[0].status == "refused" and _requests()[0].open_until is None
    client.post("/logout")
    auth.login("congchuc")
    page = client.get(f"/assessments/annual/{world.staff['clerk'].id}").get_data(as_text=True)
    assert "Lý do không chính đáng." in page and "Gửi đề nghị mở lại" in page


def test_hr_cannot_open_beyond_the_classification_deadline(app, world):
    _close(world)
    from evaluation.services import reopen

    req = reopen.request_reopen(world.cycle, world.staff["clerk"], world.users["staff"], 1, "Ốm")
    late = world.cycle.classification_deadline + timedelta(days=1)
    with pytest.raises(svc.ValidationError) as caught:
        reopen.decide_reopen(req, True, "Đồng ý", late, world.users["hr"])
    assert caught.value.errors[0][0] == "open_until"
    assert req.status == "pending"
