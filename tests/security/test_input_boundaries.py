"""Issue 18 finding 7, the cases found by hand: each was a 500 and is now a 400 (or the
filter is left out with a message next to the field), in the user's language."""

from __future__ import annotations

import pytest

from evaluation.extensions import db
from evaluation.models import PeerReview

HUGE = "9" * 30
REFUSED = "Dữ liệu gửi lên có ký tự không hợp lệ"
TOO_BIG = "Số bạn nhập quá lớn"


@pytest.mark.parametrize(
    "url",
    [
        f"/staff/?page={HUGE}",
        f"/staff/?unit={HUGE}",
        f"/audit/?entity_id={HUGE}",
        f"/audit/?page={HUGE}",
        f"/staff/{HUGE}",
    ],
)
def test_huge_numbers_are_refused_in_vietnamese(client, auth, world, url):
    auth.login("tccb")
    response = client.get(url)
    assert response.status_code in (400, 404), response.status_code
    if response.status_code == 400:
        assert TOO_BIG in response.get_data(as_text=True)


def test_huge_numbers_in_english_mode(client, auth, world):
    auth.login("tccb")
    client.post("/lang/en", data={"next": "/"})
    response = client.get(f"/staff/?page={HUGE}")
    assert response.status_code == 400
    assert "too large" in response.get_data(as_text=True)


def test_an_unknown_group_is_a_message_next_to_the_field(client, auth, world):
    auth.login("tccb")
    response = client.get("/staff/?group=khong-co")
    assert response.status_code == 200
    assert "Nhóm không hợp lệ" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    ["/staff/?q=a%00b", "/audit/?user=a%00b", "/audit/?entity=a%00", "/staff/?q=%1b"],
)
def test_control_characters_in_filters_are_refused(client, auth, world, url):
    auth.login("tccb")
    response = client.get(url)
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)


def test_a_nul_in_the_sign_in_name_is_refused(client, world):
    response = client.post("/login", data={"username": "tccb\x00", "password": "x"})
    assert response.status_code == 400
    assert REFUSED in response.get_data(as_text=True)


def test_a_nul_in_a_review_is_refused_and_nothing_is_saved(client, auth, world, monkeypatch):
    from datetime import date

    from evaluation import _time

    monkeypatch.setattr(_time, "today", lambda: date(2026, 12, 3))
    auth.login("congchuc")
    response = client.post(
        f"/reviews/{world.staff['colleague'].id}",
        data={"strengths": "Tốt\x00", "shortcomings": "", "proposed_level": "HTT"},
    )
    assert response.status_code == 400
    assert db.session.query(PeerReview).count() == 0


def test_line_breaks_in_text_areas_are_kept(client, auth, world, monkeypatch):
    from datetime import date

    from evaluation import _time

    monkeypatch.setattr(_time, "today", lambda: date(2026, 12, 3))
    auth.login("congchuc")
    response = client.post(
        f"/reviews/{world.staff['colleague'].id}",
        data={
            "strengths": "Tốt\r\nđúng hạn\tvà chu đáo",
            "shortcomings": "",
            "proposed_level": "HTT",
        },
    )
    assert response.status_code == 302
    assert db.session.query(PeerReview).one().strengths.startswith("Tốt")


def test_a_nul_in_an_api_body_is_a_json_400(client, auth, world):
    auth.login("tccb")
    response = client.post("/api/v1/classify", json={"staff": "a\x00"})
    assert response.status_code in (400, 401, 404)
