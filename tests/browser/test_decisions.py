"""The head of Phòng Công chức, viên chức ranks the unit, overrides one level with a reason,
and approves. The demo has no self-assessments yet (annual_facts is another branch), so the
engine flags every person as missing facts and each decision carries its written basis."""

from __future__ import annotations

import re

import pytest

from .conftest import sign_in
from .test_organisations import _departments, _recognise, _self_assess

pytestmark = pytest.mark.browser

UNIT = "Phòng Công chức, viên chức"


def _open_board(page, base: str) -> None:
    page.goto(base + "/ranking/")
    page.get_by_role("link", name=UNIT).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(f"Xếp loại: {UNIT}")


def _decide(page, index: int, level: str, reason: str) -> None:
    form = page.locator("form.decide").nth(index)
    form.locator("select").select_option(level)
    form.locator("textarea").fill(reason)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()


def test_head_ranks_overrides_and_approves(live_server, page, screenshots):
    # The head's level waits for the department's (Decree 335 Art 20.6): truongphong
    # self-assesses the department, the director recognises it.
    unit_id = next(d[0] for d in _departments() if d[1] == UNIT)
    sign_in(page, live_server, "truongphong")
    _self_assess(page, live_server, unit_id, excellent=False)
    page.context.clear_cookies()
    # The agency head (giamdoc heads every top unit) decides the unit head's own level.
    sign_in(page, live_server, "giamdoc")
    assert "Đã xếp loại đơn vị" in _recognise(page, live_server, unit_id, "HTT", "Theo kết quả.")
    _open_board(page, live_server)
    title = page.locator("span.muted", has_text=re.compile(r"^Trưởng phòng"))
    head_row = page.locator("tr", has=title)
    assert head_row.count() == 1
    head_form = head_row.locator("form.decide")
    head_form.locator("select").select_option("HTT")
    head_form.locator("textarea").fill("Theo biên bản họp đánh giá của phòng.")
    with page.expect_navigation():
        head_form.locator("button[type=submit]").click()
    assert "Đã lưu quyết định" in page.content()
    page.context.clear_cookies()

    sign_in(page, live_server, "truongphong")
    _open_board(page, live_server)
    assert "Chưa tự đánh giá" in page.content()
    assert "Chưa đủ dữ liệu để đề xuất" in page.content()
    # Their own row is decided above them: no form for it.
    forms = page.locator("form.decide")
    count = forms.count()
    assert count == 9

    # Bad input first: no reason while no proposal exists -> refused, the choice is kept.
    form = forms.nth(0)
    form.locator("select").select_option("HTT")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "Chưa có mức đề xuất (thiếu dữ liệu đánh giá): hãy ghi rõ căn cứ quyết định." in (
        page.content()
    )
    assert page.locator("form.decide").nth(0).locator("select").input_value() == "HTT"

    # Approving with people undecided is not offered: the button waits, and the page says why.
    assert page.get_by_role("button", name="Phê duyệt kết quả").is_disabled()
    assert "Nút phê duyệt mở khi mọi người đã được quyết định mức." in page.content()

    for i in range(count):
        if i == 2:
            _decide(page, i, "HTNV", "Không hoàn thành đúng hạn hai nhiệm vụ trọng tâm quý IV.")
        else:
            _decide(page, i, "HTT", "Theo biên bản họp đánh giá của phòng ngày 05/12/2026.")
        assert "Đã lưu quyết định" in page.content()
    page.screenshot(path=str(screenshots / "ranking-decided.png"), full_page=True)

    # Approving locks the results: the browser asks for the confirmation box first.
    page.get_by_role("button", name="Phê duyệt kết quả").click()
    assert "Đã phê duyệt" not in page.content()
    page.check("#confirm-approve")
    with page.expect_navigation():
        page.get_by_role("button", name="Phê duyệt kết quả").click()
    assert "Đã phê duyệt kết quả xếp loại của Phòng Công chức, viên chức." in page.content()
    assert page.locator("form.decide").count() == 0
    assert re.search(r"Không hoàn thành đúng hạn hai nhiệm vụ trọng tâm", page.content())
    page.screenshot(path=str(screenshots / "ranking-approved.png"), full_page=True)
