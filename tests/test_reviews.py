"""Peer reviews: who may review whom, the window, anonymity of the aggregates and the audit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import AuditLog, PeerReview, RoleName
from evaluation.services import ValidationError
from evaluation.services import reviews as review_service

from . import factories

IN_WINDOW = date(2026, 12, 3)


@pytest.fixture
def on(monkeypatch):
    def travel(day: date) -> None:
        monkeypatch.setattr(_time, "today", lambda: day)

    return travel


def _count() -> int:
    return db.session.scalar(select(func.count()).select_from(PeerReview))


def _post(client, staff_id, **data):
    payload = {"strengths": "", "shortcomings": "", "proposed_level": "", **data}
    return client.post(f"/reviews/{staff_id}", data=payload, follow_redirects=True)


def test_a_colleague_reviews_in_the_window_and_edits_once(client, auth, world, on):
    on(IN_WINDOW)
    auth.login("congchuc")
    page = client.get("/reviews/").get_data(as_text=True)
    assert "Đặng Thùy Dương" in page and "Nguyễn Thị Ánh Tuyết" in page
    assert "Lê Văn Đức" not in page  # another unit
    colleague = world.staff["colleague"]
    response = _post(client, colleague.id, strengths="Tận tụy, đúng hạn", proposed_level="HTT")
    assert "Đã lưu góp ý cho Đặng Thùy Dương." in response.get_data(as_text=True)
    response = _post(
        client,
        colleague.id,
        strengths="Tận tụy, đúng hạn",
        shortcomings="Cần chủ động hơn",
        proposed_level="HTXS",
    )
    assert response.status_code == 200
    reviews = db.session.scalars(select(PeerReview)).all()
    assert len(reviews) == 1
    assert reviews[0].proposed_level.value == "HTXS"
    assert reviews[0].shortcomings == "Cần chủ động hơn"


def test_reviewing_before_the_window_is_refused_and_changes_nothing(client, auth, world, on):
    on(date(2026, 11, 27))
    auth.login("congchuc")
    response = _post(client, world.staff["colleague"].id, strengths="Tốt", proposed_level="HTT")
    html = response.get_data(as_text=True)
    assert "Chưa đến thời gian góp ý đồng nghiệp (từ 01/12/2026 đến 07/12/2026)." in html
    assert _count() == 0


def test_reviewing_after_the_window_is_refused_and_keeps_the_review(client, auth, world, on):
    on(IN_WINDOW)
    auth.login("congchuc")
    _post(client, world.staff["colleague"].id, strengths="Chăm chỉ", proposed_level="HTT")
    on(date(2026, 12, 8))
    response = _post(client, world.staff["colleague"].id, strengths="Đổi", proposed_level="KHTNV")
    assert "Đã hết thời gian góp ý đồng nghiệp" in response.get_data(as_text=True)
    review = db.session.scalars(select(PeerReview)).one()
    db.session.refresh(review)
    assert (review.strengths, review.proposed_level.value) == ("Chăm chỉ", "HTT")


def test_reviewing_oneself_or_outside_the_unit_is_refused(client, auth, world, on):
    on(IN_WINDOW)
    auth.login("congchuc")
    response = _post(client, world.staff["clerk"].id, strengths="Tôi giỏi", proposed_level="HTXS")
    assert response.status_code == 403
    assert "Bạn không thể tự góp ý cho chính mình." in response.get_data(as_text=True)
    response = _post(client, world.staff["outsider"].id, strengths="Tốt", proposed_level="HTT")
    assert response.status_code == 403
    assert "Chỉ được góp ý cho đồng nghiệp đang công tác cùng đơn vị" in response.get_data(
        as_text=True
    )
    assert _count() == 0
    with pytest.raises(ValidationError):
        review_service.save_review(
            world.cycle, world.staff["clerk"], world.staff["clerk"], {"proposed_level": "HTT"}
        )


def test_missing_level_keeps_what_was_typed(client, auth, world, on):
    on(IN_WINDOW)
    auth.login("congchuc")
    response = _post(client, world.staff["colleague"].id, strengths="Viết rất cẩn thận")
    html = response.get_data(as_text=True)
    assert "Hãy chọn mức xếp loại đề xuất." in html
    assert "Viết rất cẩn thận" in html
    assert _count() == 0


def _reviews_about(world, reviewee, texts):
    """Three colleagues of the department review `reviewee` (services, as the screens do)."""
    dept = world.units["dept"]
    extra = factories.make_staff(world.agency, dept, name="Ngô Thành Lợi", code="CC0003")
    factories.make_user(world.agency, "cc0003", [(RoleName.STAFF, None)], extra)
    reviewers = [world.staff["clerk"], world.staff["head"], extra]
    for reviewer, (strength, level) in zip(reviewers, texts, strict=False):
        review_service.save_review(
            world.cycle,
            reviewer,
            reviewee,
            {"strengths": strength, "shortcomings": "", "proposed_level": level},
        )
    db.session.commit()
    return reviewers


def test_tallies_hide_comments_below_three_reviewers(world, on):
    on(IN_WINDOW)
    colleague = world.staff["colleague"]
    _reviews_about(world, colleague, [("Zê bê", "HTT"), ("An toàn", "HTXS")])
    tally = review_service.peer_tallies(world.cycle, [colleague.id])[colleague.id]
    assert tally.reviewers == 2
    assert tally.counts == {"HTXS": 1, "HTT": 1, "HTNV": 0, "KHTNV": 0}
    assert tally.comments is None


def test_the_person_reviewed_sees_aggregates_without_authors(client, auth, world, on):
    on(IN_WINDOW)
    colleague = world.staff["colleague"]
    reviewers = _reviews_about(
        world,
        colleague,
        [("Zalo trả lời nhanh", "HTT"), ("Am hiểu nghiệp vụ", "HTXS"), ("Mẫu mực", "HTT")],
    )
    tally = review_service.peer_tallies(world.cycle, [colleague.id])[colleague.id]
    # Sorted by text, not by who wrote first.
    assert tally.strengths == ("Am hiểu nghiệp vụ", "Mẫu mực", "Zalo trả lời nhanh")
    assert tally.counts["HTT"] == 2
    auth.login("dongnghiep")
    html = client.get("/reviews/about-me").get_data(as_text=True)
    assert "3 đồng nghiệp đã góp ý." in html
    assert "Am hiểu nghiệp vụ" in html
    for reviewer in reviewers:
        assert reviewer.full_name not in html.replace(colleague.full_name, "")


def test_reviews_are_audited_as_a_count_per_unit_and_day_only(world, on):
    from evaluation.models import PeerReviewActivity

    on(IN_WINDOW)
    colleague = world.staff["colleague"]
    _reviews_about(world, colleague, [("Tốt", "HTT"), ("Khá", "HTXS")])
    review_service.save_review(
        world.cycle,
        world.staff["clerk"],
        colleague,
        {"strengths": "Tốt hơn", "shortcomings": "", "proposed_level": "HTT"},
    )
    db.session.commit()
    assert db.session.scalars(select(AuditLog).where(AuditLog.entity == "peer_review")).all() == []
    (activity,) = db.session.scalars(select(PeerReviewActivity)).all()
    assert (activity.unit_id, activity.day) == (world.units["dept"].id, IN_WINDOW)
    assert (activity.created, activity.updated) == (2, 1)


def test_a_double_submit_updates_the_one_review(world, on, monkeypatch):
    on(IN_WINDOW)
    clerk, colleague = world.staff["clerk"], world.staff["colleague"]
    first = {"strengths": "Lần một", "shortcomings": "", "proposed_level": "HTT"}
    review_service.save_review(world.cycle, clerk, colleague, first)
    db.session.commit()
    # The second request did not see the first one's row when it looked: its insert collides.
    real = review_service._own_review
    calls = {"n": 0}

    def stale(*args):
        calls["n"] += 1
        return None if calls["n"] == 1 else real(*args)

    monkeypatch.setattr(review_service, "_own_review", stale)
    second = {"strengths": "Lần hai", "shortcomings": "", "proposed_level": "HTXS"}
    review_service.save_review(world.cycle, clerk, colleague, second)
    db.session.commit()
    review = db.session.scalars(select(PeerReview)).one()
    assert (review.strengths, review.proposed_level.value) == ("Lần hai", "HTXS")


def test_home_reminds_reviewers_and_heads(client, auth, world, on):
    on(IN_WINDOW)
    auth.login("congchuc")
    html = client.get("/").get_data(as_text=True)
    assert "Bạn còn 2 đồng nghiệp chưa góp ý. Hạn cuối: 07/12/2026." in html
    auth.logout()
    auth.login("truongphong")
    html = client.get("/").get_data(as_text=True)
    assert "Biên bản họp đánh giá của Phòng Công chức, viên chức chưa được thông qua." in html
