"""Irreversible steps ask first (a required checkbox: works without JavaScript, checked by the
server too); a refused send keeps the draft; the annual form warns about unscored periods."""

from __future__ import annotations

from evaluation.extensions import db
from evaluation.models import Meeting, UnitApproval
from evaluation.services import assessments as svc

from .pagecheck import problems


def _annual(client, world, **data):
    url = f"/assessments/annual/{world.staff['clerk'].id}"
    client.get(url)
    form = svc.find_form(world.cycle, world.staff["clerk"])
    version = str(form.version) if form else ""
    return url, client.post(url, data={"version": version, **data})


def test_sending_the_annual_form_without_confirming_saves_a_draft_only(client, auth, world):
    auth.login("congchuc")
    url, response = _annual(client, world, self_level="HTT", submit="1")
    assert response.status_code == 302  # post/redirect/get
    form = svc.find_form(world.cycle, world.staff["clerk"])
    assert form.status.value == "draft"
    assert svc.annual_facts(world.cycle, [world.staff["clerk"].id]) == {}  # nothing was sent
    page = client.get(url).get_data(as_text=True)
    assert "Đã lưu nháp, chưa gửi: hãy đánh dấu ô xác nhận rồi bấm gửi." in page
    assert 'name="confirm"' in page
    assert svc.find_form(world.cycle, world.staff["clerk"]).self_level.value == "HTT"


def test_a_refused_send_keeps_what_was_typed_as_a_draft(client, auth, world):
    auth.login("congchuc")
    _annual(client, world, self_level="HTT", save="1")
    # Confirmed, but no period is scored yet: the send is refused, the new choice is kept.
    _url, response = _annual(client, world, self_level="HTNV", submit="1", confirm="y")
    assert response.status_code == 200
    assert "Chưa có kỳ nào được người quản lý trực tiếp chấm điểm" in problems_of(response)[0]
    assert "Phiếu chưa gửi được; nội dung đã lưu nháp." in response.get_data(as_text=True)
    db.session.expire_all()
    form = svc.find_form(world.cycle, world.staff["clerk"])
    assert form.status.value == "draft" and form.self_level.value == "HTNV"


def problems_of(response) -> list[str]:
    import re

    html = response.get_data(as_text=True)
    return re.findall(r"<li>([^<]+)</li>", html.split('class="errors"', 1)[-1])[:5]


def test_the_annual_form_warns_about_periods_not_scored(client, auth, world):
    auth.login("congchuc")
    page = client.get(f"/assessments/annual/{world.staff['clerk'].id}").get_data(as_text=True)
    assert "Mới có 0/4 kỳ được người quản lý chấm điểm" in page
    assert problems(page) == []


def test_approval_asks_for_confirmation_and_waits_for_everyone(client, auth, world):
    auth.login("truongphong")
    board = f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}"
    page = client.get(board).get_data(as_text=True)
    # People are undecided: the button is there but disabled, and the page says why.
    assert 'id="confirm-approve" required disabled' in page
    assert "Nút phê duyệt mở khi mọi người đã được quyết định mức." in page
    response = client.post(f"{board}/approve", follow_redirects=True)
    assert "Hãy đánh dấu ô xác nhận trước khi tiếp tục." in response.get_data(as_text=True)
    assert db.session.query(UnitApproval).count() == 0


def test_adopting_the_minutes_asks_for_confirmation(client, auth, world):
    auth.login("truongphong")
    base = f"/meetings/{world.cycle.id}/{world.units['dept'].id}"
    page = client.get(base).get_data(as_text=True)
    assert page  # the meeting page answers
    response = client.post(f"{base}/adopt", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Hãy đánh dấu ô xác nhận trước khi tiếp tục." in html
    assert not [m for m in db.session.query(Meeting) if m.adopted]
