"""Peer reviews and the unit meeting, end to end in the demo (Phòng Công chức, viên chức).

The demo's 2026 review window opens on 01/12; HR first moves its opening earlier, to the journey
day (16/11/2026, tests/browser/conftest.py), through the cycle edit page, as an HR officer would."""

from __future__ import annotations

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

REVIEWERS = ("snv0036", "snv0037", "snv0038")  # other members of Phòng Công chức, viên chức
TEXTS = (
    ("Nắm chắc quy định về tuyển dụng", "HTT"),
    ("Hỗ trợ đồng nghiệp nhiệt tình", "HTXS"),
    ("Báo cáo đúng hạn, số liệu chính xác", "HTT"),
)


def _name(page) -> str:
    return page.locator("h1").inner_text().removeprefix("Xin chào, ").strip()


def _sign_out(page) -> None:
    with page.expect_navigation():
        page.click("header .account button[type=submit]")


def test_colleagues_review_and_the_head_records_the_meeting(live_server, page, screenshots):
    base = live_server
    # HR opens the review window (the demo's starts on 01/12/2026).
    sign_in(page, base, "tccb")
    page.goto(base + "/cycles/")
    page.click("main table a:text-is('2026')")
    page.click("main .actions a:has-text('Sửa')")
    page.fill("input[name=review_opens_on]", "16/11/2026")  # the journey day
    with page.expect_navigation():
        page.click("form [type=submit]:has-text('Lưu')")
    assert "Đã lưu kỳ đánh giá." in page.content()
    _sign_out(page)

    sign_in(page, base, "congchuc")
    reviewed = _name(page)
    _sign_out(page)

    reviewer_names = []
    for username, (text, level) in zip(REVIEWERS, TEXTS, strict=True):
        sign_in(page, base, username)
        reviewer_names.append(_name(page))
        page.goto(base + "/reviews/")
        # Reviewing oneself is not offered; the list holds only colleagues of the unit.
        assert reviewer_names[-1] not in page.locator("main table").inner_text()
        page.locator("tr", has_text=reviewed).locator("a").click()
        page.fill("textarea[name=strengths]", text)
        page.fill("textarea[name=shortcomings]", "Cần chủ động đề xuất hơn")
        page.select_option("select[name=proposed_level]", level)
        if username == REVIEWERS[0]:
            page.screenshot(path=str(screenshots / "review-form.png"), full_page=True)
        with page.expect_navigation():
            page.click("form [type=submit]:has-text('Lưu góp ý')")
        assert f"Đã lưu góp ý cho {reviewed}." in page.content()
        _sign_out(page)

    # The head records the unit meeting and adopts the minutes.
    sign_in(page, base, "truongphong")
    page.goto(base + "/meetings/")
    page.locator("tr", has_text="Phòng Công chức, viên chức").locator("a").click()
    assert "3 đồng nghiệp đã góp ý." in page.content()
    for name in reviewer_names:  # the head sees counts and texts, never who wrote them
        assert name not in page.locator(f"section.person:has-text('{reviewed}')").inner_text()
    page.click("a:has-text('Ghi biên bản')")
    page.fill("input[name=place]", "Phòng họp số 2, Sở Nội vụ")
    page.fill("input[name=start_time]", "14:00")
    page.select_option(
        "select[name=secretary_id]",
        label=next(
            o
            for o in page.locator("select[name=secretary_id] option").all_inner_texts()
            if o.startswith(reviewed)
        ),
    )
    row = page.locator("table.members tr", has_text=reviewed)
    row.locator("textarea[name$=summary]").fill("Tập thể đánh giá hoàn thành tốt nhiệm vụ.")
    # The meeting's own vote, counted by the secretary: everyone present voted for.
    present = page.locator("table.members input[name$=present]:checked").count()
    row.locator("input[name$=votes_for]").fill(str(present))
    row.locator("textarea[name$=conclusion]").fill("Cuộc họp thống nhất")
    for level in page.locator("table.members select[name$=proposed_level]").all():
        level.select_option("HTT")  # the minutes are adopted with a proposal for each person
    page.screenshot(path=str(screenshots / "meeting-form.png"), full_page=True)
    with page.expect_navigation():
        page.click("form [type=submit]:has-text('Lưu biên bản')")
    assert "Đã lưu biên bản cuộc họp." in page.content()
    page.check("#confirm-adopt")
    with page.expect_navigation():
        page.click("button:has-text('Thông qua biên bản')")
    assert "Đã thông qua biên bản." in page.content()
    assert page.locator("a:has-text('Sửa biên bản')").count() == 0
    page.screenshot(path=str(screenshots / "meeting-adopted.png"), full_page=True)
    shown = page.locator(f"section.person:has-text('{reviewed}')").inner_text()
    assert f"tán thành {present}, không tán thành 0, không biểu quyết 0" in shown
    with page.expect_download() as download:
        page.click("a:has-text('Tải biên bản (PDF)')")
    assert download.value.suggested_filename == "bien-ban-hop-CCVC-2026.pdf"
    _sign_out(page)

    # The person reviewed sees the aggregate, without any author.
    sign_in(page, base, "congchuc")
    page.goto(base + "/reviews/about-me")
    body = page.locator("main").inner_text()
    assert "3 đồng nghiệp đã góp ý." in body
    assert "Hỗ trợ đồng nghiệp nhiệt tình" in body
    for name in reviewer_names:
        assert name not in page.content()
    page.screenshot(path=str(screenshots / "review-about-me.png"), full_page=True)


def test_hr_sees_progress_and_an_audit_log_without_reviewers(live_server, page, screenshots):
    base = live_server
    sign_in(page, base, "tccb")
    page.goto(base + "/dashboard")
    assert page.locator("h1").inner_text() == "Bảng theo dõi"
    row = page.locator("table.progress tr", has_text="Phòng Công chức, viên chức")
    assert row.count() == 1
    page.screenshot(path=str(screenshots / "dashboard-hr.png"), full_page=True)
    page.goto(base + "/audit/?entity=peer_review")
    table = page.locator("table.audit").inner_text()
    # Peer reviews are counted per unit and day only: nothing to tie a review to its author.
    assert "Góp ý mới" in table
    assert "16/11/2026\tPhòng Công chức, viên chức\t3\t0" in table
    for username in REVIEWERS:
        assert username not in page.content()
    page.screenshot(path=str(screenshots / "audit-peer-reviews.png"), full_page=True)
