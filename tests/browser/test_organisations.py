"""Issue 20's journey on the demo Sở: the head of a department self-assesses the department, the
director recognises every department within the quota of his scope (Decree 335 Art 8.5), then
rates the department heads, capped by their department's level (Art 20.6)."""

from __future__ import annotations

import sqlite3

import pytest

from .conftest import LIVE, sign_in

pytestmark = pytest.mark.browser


def _departments() -> list[tuple[int, str, str]]:
    """(unit id, name, head's username) of the Sở's departments, the leadership unit aside."""
    with sqlite3.connect(LIVE["db"]) as conn:
        rows = conn.execute(
            "SELECT u.id, u.name, us.username FROM unit u JOIN user us ON us.staff_id = u.head_id "
            "JOIN agency a ON a.id = u.agency_id "
            "WHERE u.kind = 'department' AND u.parent_id IS NULL AND u.head_id != a.head_id "
            "ORDER BY u.name"
        ).fetchall()
        cycle = conn.execute("SELECT max(id) FROM cycle WHERE status = 'open'").fetchone()[0]
    LIVE["cycle"] = cycle
    return rows


def _self_assess(page, base: str, unit_id: int, excellent: bool) -> None:
    page.goto(f"{base}/ranking/{LIVE['cycle']}/collectives/{unit_id}/self")
    page.fill("textarea[name=criteria_general]", "Chấp hành | 15 | 15\nĐoàn kết | 15 | 14")
    tasks = (
        "Kế hoạch năm | 40 | 39\nChuyển đổi số | 30 | 27"
        if excellent
        else ("Kế hoạch năm | 40 | 33\nChuyển đổi số | 30 | 20")
    )
    page.fill("textarea[name=criteria_tasks]", tasks)
    page.fill("input[name=score]", "95" if excellent else "82")
    page.fill("input[name=tasks_on_time_quality_pct]", "100")
    page.fill("input[name=exceeded_pct]", "40" if excellent else "0")
    page.fill("input[name=tasks_completed_pct]", "100")
    page.fill("input[name=behind_schedule_pct]", "0")
    page.fill("input[name=plan_completed_pct]", "100")
    page.select_option("select[name=self_level]", "HTXS" if excellent else "HTT")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "Đã gửi bản tự đánh giá của đơn vị." in page.content(), page.content()[-2000:]


def _recognise(page, base: str, unit_id: int, level: str, reason: str) -> str:
    page.goto(f"{base}/ranking/{LIVE['cycle']}/collectives")
    row = page.locator(f"tr#u{unit_id}")
    form = row.locator("form").first
    form.locator("select").select_option(level)
    form.locator("textarea").first.fill(reason)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    return page.content()


def test_department_heads_self_assess_the_director_recognises_then_rates_capped(
    live_server, page, screenshots
):
    departments = _departments()
    assert len(departments) >= 5
    # Each department's head self-assesses it; two claim HTXS.
    for i, (unit_id, _name, username) in enumerate(departments):
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        _self_assess(page, live_server, unit_id, excellent=i < 2)
    page.screenshot(path=str(screenshots / "organisations-self.png"), full_page=True)

    page.context.clear_cookies()
    sign_in(page, live_server, "giamdoc")
    page.goto(f"{live_server}/ranking/{LIVE['cycle']}/collectives")
    assert "Nghị định 335/2025/NĐ-CP" in page.content()
    first, second, *rest = departments
    html = _recognise(page, live_server, first[0], "HTXS", "Nổi bật nhất trong các phòng.")
    assert f"Đã xếp loại đơn vị {first[1]}." in html
    # 20 % of the departments rated HTT or above: one HTXS; the second is refused.
    html = _recognise(page, live_server, second[0], "HTXS", "Cũng xuất sắc.")
    assert "Vượt chỉ tiêu đơn vị “Hoàn thành xuất sắc nhiệm vụ”" in html
    assert "Nghị định 335/2025/NĐ-CP, Điều 8 khoản 5" in html
    html = _recognise(page, live_server, second[0], "HTT", "Ngoài chỉ tiêu xuất sắc.")
    assert f"Đã xếp loại đơn vị {second[1]}." in html
    for unit_id, name, _u in rest:
        html = _recognise(page, live_server, unit_id, "HTT", "Theo kết quả tự đánh giá.")
        assert f"Đã xếp loại đơn vị {name}." in html
    page.screenshot(path=str(screenshots / "organisations-recognised.png"), full_page=True)

    # The head of a department recognised HTT is capped at HTT (Decree 335 Art 20.6).
    unit_id, name, _u = second
    page.goto(f"{live_server}/ranking/{LIVE['cycle']}/units/{unit_id}")
    cap = page.locator("span.head-cap")
    assert cap.count() == 1
    assert "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6" in cap.inner_text()
    head_row = page.locator("tr", has=cap)
    form = head_row.locator("form.decide")
    form.locator("select").select_option("HTXS")
    form.locator("textarea").fill("Đề nghị xuất sắc.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "không được cao hơn mức của đơn vị" in page.content()
    form = page.locator("tr", has=page.locator("span.head-cap")).locator("form.decide")
    form.locator("select").select_option("HTT")
    form.locator("textarea").fill("Theo mức của phòng.")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "Đã lưu quyết định" in page.content()
    page.screenshot(path=str(screenshots / "organisations-head-capped.png"), full_page=True)
