"""Issue 19 journey: the head assigns three tasks from the demo's catalogue, the person reports
them, the head confirms one late and one failing a quality review, and the person's sheet shows
the score computed from those records with its arithmetic (Decree 335 Arts 14, 18)."""

from __future__ import annotations

import sqlite3
from datetime import date
from decimal import Decimal

import pytest

from scoring.periodic import GENERAL_CRITERIA, WorkItem, score_period

from .conftest import LIVE, sign_in

pytestmark = pytest.mark.browser

SELF_SCORES = ["4,5", "5", "2,5", "2,5", "2,5", "2,5", "8"]
# product code, quantity, expected output
TASKS = [
    ("CC03", "2", "Quyết định nâng bậc lương quý IV"),  # 2 × 1 = 2 units
    ("CC01", "1", "Hồ sơ tiếp nhận công chức"),  # 1 × 3 = 3 units, confirmed one delay
    ("CC06", "1", "Tổng hợp kết quả xếp loại quý III"),  # 1 × 6 = 6 units, one failed review
]
CONFIRMED = {"CC03": ("0", "0"), "CC01": ("0", "1"), "CC06": ("1", "0")}  # failed, delays


def _ids() -> tuple[int, dict[str, int]]:
    with sqlite3.connect(LIVE["db"]) as conn:
        (staff_id,) = conn.execute(
            "SELECT staff_id FROM user WHERE username = 'congchuc'"
        ).fetchone()
        products = dict(conn.execute("SELECT code, id FROM product").fetchall())
    return staff_id, products


def _expected() -> Decimal:
    general = dict(zip((c.code for c in GENERAL_CRITERIA["D335"]), SELF_SCORES, strict=True))
    items = [
        WorkItem("CC03", Decimal(2), date(2026, 11, 16), date(2026, 11, 30), date(2026, 11, 16),
                 True, False, False),
        WorkItem("CC01", Decimal(3), date(2026, 11, 16), date(2026, 11, 30), date(2026, 11, 16),
                 True, False, False, delays=1),
        WorkItem("CC06", Decimal(6), date(2026, 11, 16), date(2026, 11, 30), date(2026, 11, 16),
                 True, False, False, failed_reviews=1),
    ]  # fmt: skip
    result = score_period(
        "D335",
        {k: Decimal(v.replace(",", ".")) for k, v in general.items()},
        items,
        None,
        period_end=date(2026, 12, 31),
    )
    assert result.errors == ()
    return result.total


def test_head_assigns_person_reports_head_confirms_and_the_sheet_scores_it(
    live_server, page, browser, screenshots
):
    staff_id, products = _ids()
    head = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
    sign_in(head, live_server, "truongphong")
    for code, quantity, output in TASKS:
        head.goto(live_server + "/tasks/assign")
        head.select_option("select[name=staff_id]", str(staff_id))
        head.select_option("select[name=product_id]", str(products[code]))
        head.fill("input[name=quantity]", quantity)
        head.fill("input[name=due_on]", "30/11/2026")
        head.fill("textarea[name=expected_output]", output)
        with head.expect_navigation():
            head.get_by_role("button", name="Giao nhiệm vụ").click()
        assert "Đã giao nhiệm vụ" in head.content()

    sign_in(page, live_server, "congchuc")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server + "/tasks")
    page.screenshot(path=str(screenshots / "tasks-mine-375.png"), full_page=True)
    for _ in TASKS:
        form = page.locator("form[action$='/report']").first
        form.locator("input[name=output_link]").fill("https://vanban.bacninh.gov.vn/snv/123")
        with page.expect_navigation():
            form.get_by_role("button", name="Báo cáo hoàn thành").click()
        assert "Đã báo cáo hoàn thành" in page.content()
    assert page.locator("form[action$='/report']").count() == 0

    head.goto(live_server + "/tasks/assign")
    for code, _quantity, output in TASKS:
        card = head.locator("section.task", has_text=output)
        failed, delays = CONFIRMED[code]
        card.locator("input[name=failed_reviews]").fill(failed)
        card.locator("input[name=delays]").fill(delays)
        with head.expect_navigation():
            card.get_by_role("button", name="Xác nhận kết quả").click()
        assert "Đã xác nhận kết quả." in head.content()
    head.screenshot(path=str(screenshots / "tasks-confirmed-1366.png"), full_page=True)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(live_server + "/assessments/")
    page.locator("tr", has_text="Quý 4").get_by_role("link", name="Lập, sửa phiếu").click()
    # The tasks are on the sheet, read only; nothing to type but the general criteria.
    assert page.locator("input[name='items-0-title']").count() == 0
    assert page.get_by_text("Làm thêm").count() == 0
    for i, value in enumerate(SELF_SCORES):
        page.fill(f"input[name='general-{i}-score']", value)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nháp").click()
    page.screenshot(path=str(screenshots / "sheet-from-tasks-1366.png"), full_page=True)
    content = page.content()
    expected = _expected()
    assert f"{expected:.2f}".replace(".", ",") in content
    # The arithmetic: quality (2 + 3 + 6 × 75 %) / 11, progress (2 + 3 × 75 % + 6) / 11.
    for shown in ("86,36", "93,18", "65,23"):
        assert shown in content, shown
    assert "Trung bình các tỷ lệ" in content and "× 70" in content
    page.set_viewport_size({"width": 375, "height": 800})
    page.screenshot(path=str(screenshots / "sheet-from-tasks-375.png"), full_page=True)
