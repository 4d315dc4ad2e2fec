"""Issue 17 journey, a next step at a closed door: HR moves the self-assessment deadline to
yesterday; the civil servant finds their sheet closed, asks to reopen it with a reason; HR
grants it until a day with a reason; the sheet opens again. Screenshots at 375 and 1366 px."""

from __future__ import annotations

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser
WIDTHS = (375, 1366)


def _shoot(page, screenshots, name: str) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(screenshots / f"reopen-{name}-{width}.png"), full_page=True)
        if width == 375 and name.startswith("staff"):
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 375, (name, scroll)  # a staff page never scrolls sideways


def test_closed_sheet_request_and_grant(live_server, page, screenshots):
    sign_in(page, live_server, "tccb")
    page.goto(live_server + "/cycles/")
    page.locator("main table a", has_text="2026").first.click()  # the open round
    page.locator("a[href$='/edit']").first.click()
    page.fill("input[name=self_assessment_deadline]", "15/11/2026")
    with page.expect_navigation():
        page.click("main form .form-actions [type=submit]")
    assert "15/11/2026" in page.content()
    page.context.clear_cookies()

    sign_in(page, live_server, "congchuc")
    page.goto(live_server + "/assessments/")
    me = page.locator("a[href^='/assessments/annual/']").first.get_attribute("href")
    staff_id = me.rsplit("/", 1)[1]
    page.goto(f"{live_server}/assessments/sheet/{staff_id}/4")
    assert "Đã quá hạn tự đánh giá (15/11/2026)" in page.content()
    _shoot(page, screenshots, "staff-closed")
    page.fill("textarea[name=reason]", "Tôi đi công tác biên giới từ 10 đến 16/11, không có mạng.")
    with page.expect_navigation():
        page.click("#reopen [type=submit]")
    assert "Đã gửi đề nghị mở lại phiếu" in page.content()
    assert "đang xem xét" in page.content()
    _shoot(page, screenshots, "staff-pending")
    page.context.clear_cookies()

    sign_in(page, live_server, "tccb")
    assert "đề nghị mở lại phiếu sau hạn đang chờ trả lời" in page.content()
    page.goto(live_server + "/assessments/reopen-requests")
    assert "Tôi đi công tác biên giới" in page.content()
    section = page.locator("section.card").first
    section.locator("select").select_option("grant")
    section.locator("textarea").fill("Có quyết định cử đi công tác.")
    section.locator("input[name$='open_until']").fill("20/11/2026")
    _shoot(page, screenshots, "hr-request")
    with page.expect_navigation():
        section.locator("[type=submit]").click()
    assert "Đồng ý mở lại đến hết ngày 20/11/2026" in page.content()
    _shoot(page, screenshots, "hr-granted")
    page.context.clear_cookies()

    sign_in(page, live_server, "congchuc")
    page.goto(f"{live_server}/assessments/sheet/{staff_id}/4")
    assert "đã đồng ý mở lại phiếu đến hết ngày 20/11/2026" in page.content()
    assert page.locator("input[name='general-0-score']").is_enabled()
    _shoot(page, screenshots, "staff-reopened")
