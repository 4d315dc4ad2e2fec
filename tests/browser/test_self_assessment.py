"""Issue 4 journey: a civil servant fills a quarter's sheet (one item late, one failing
quality), submits; the head scores it; the annual form shows the averages and the panel
explains the level the rules allow."""

from __future__ import annotations

import re

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

SELF_SCORES = ["4,5", "5", "2,5", "2,5", "2,5", "2,5", "8"]
ITEMS = [
    # title, converted units, assigned, due, completed, quality accepted
    ("Báo cáo sơ kết công tác tuyển dụng", "2", "01/07/2026", "20/07/2026", "18/07/2026", True),
    ("Tờ trình bổ sung biên chế", "1", "01/08/2026", "10/08/2026", "15/08/2026", True),  # late
    ("Đề án vị trí việc làm", "1,5", "03/08/2026", "20/09/2026", "18/09/2026", False),
]


def _fill_sheet(page) -> None:
    for i, value in enumerate(SELF_SCORES):
        page.fill(f"input[name='general-{i}-score']", value)
    for i, (title, units, assigned, due, done, quality) in enumerate(ITEMS):
        page.fill(f"input[name='items-{i}-title']", title)
        page.fill(f"input[name='items-{i}-units']", units)
        page.fill(f"input[name='items-{i}-assigned_on']", assigned)
        page.fill(f"input[name='items-{i}-due_on']", due)
        page.fill(f"input[name='items-{i}-completed_on']", done)
        if quality:
            page.check(f"input[name='items-{i}-quality_ok']")


def test_quarter_sheet_scored_by_the_head_feeds_the_annual_form(
    live_server, page, browser, screenshots
):
    sign_in(page, live_server, "congchuc")
    page.goto(live_server + "/assessments/")
    page.locator("tr", has_text="Quý 3").get_by_role("link", name="Lập, sửa phiếu").click()
    assert page.locator("h1").inner_text().endswith("Quý 3/2026")
    _fill_sheet(page)
    # The draft saves itself while the person types.
    page.locator("[data-autosave-status]").filter(has_text="Đã lưu nháp").wait_for(timeout=10000)
    page.screenshot(path=str(screenshots / "sheet-self-filled.png"), full_page=True)
    page.check("input[name=confirm]")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi phiếu cho người quản lý").click()
    assert "Đã gửi phiếu cho người quản lý trực tiếp." in page.content()
    page.goto(live_server + "/assessments/")
    page.locator("tr", has_text="Quý 3").get_by_role("link", name="Xem").click()
    self_total = page.locator("[data-self-total]").inner_text()
    # 27.5 general + (100 + 66.67 + 94.44) / 3 × 0.7 = 88.43 (computed by scoring.periodic)
    assert self_total == "88,43"

    head = browser.new_context(locale="vi-VN").new_page()
    sign_in(head, live_server, "truongphong")
    head.goto(live_server + "/assessments/")
    head.locator("a[href$='/3/score']").first.click()
    assert "Chấm điểm phiếu" in head.locator("h1").inner_text()
    head.fill("input[name='general-6-score']", "7")
    head.fill("textarea[name='comment']", "Cần bảo đảm tiến độ tờ trình.")
    with head.expect_navigation():
        head.get_by_role("button", name="Lưu điểm và chốt kỳ").click()
    assert "Đã lưu điểm và chốt kỳ." in head.content()
    assert head.locator("[data-manager-total]").inner_text() == "87,43"
    assert head.locator("tr.diff").count() >= 2  # criterion III and the total differ
    head.screenshot(path=str(screenshots / "sheet-scored-by-head.png"), full_page=True)
    head.context.close()

    page.goto(live_server + "/assessments/")
    page.get_by_role("link", name="Phiếu đánh giá, xếp loại năm").click()
    assert "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC" in page.locator("h1").inner_text()
    assert page.locator("[data-avg-total]").inner_text() == "87,43"
    assert page.locator("[data-avg-general]").inner_text() == "26,50"
    page.select_option("select[name=self_level]", "HTXS")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nháp").click()
    panel = page.locator("[data-panel]")
    assert panel.locator("[data-eligible]").get_attribute("data-eligible") == "HTT"
    text = panel.inner_text()
    assert "cao hơn mức quy định cho phép" in text
    assert re.search(r"Nghị định 335/2025/NĐ-CP, Điều 20", text)
    page.screenshot(path=str(screenshots / "annual-form-panel.png"), full_page=True)
