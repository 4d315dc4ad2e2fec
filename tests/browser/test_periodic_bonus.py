"""HR's bonus regulation and transfers, and the person's quarterly results, in Chromium at a
phone's and a desktop's width: bad input is shown next to its field and what was typed stays;
a transfer file with problems lists them and stores nothing."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("XEPLOAI_SHOTS", "/tmp/shots/iss19b"))


@pytest.mark.parametrize("width", (375, 1366))
def test_hr_enters_the_regulation_and_imports_a_transfer(live_server, browser, width, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        sign_in(page, live_server, "tccb")
        page.goto(live_server + "/bonus/regulation")
        page.fill("input[name=title]", "Quy chế chi thu nhập tăng thêm năm 2026")
        for name, value in (("htxs", "1,5"), ("htt", "một"), ("htnv", "1"), ("khtnv", "0")):
            page.fill(f"input[name={name}]", value)
        page.fill("textarea[name=bands]", "90 1,2\n70")
        page.click("main form [type=submit]")
        htt = page.locator(".field.has-error", has=page.locator("input[name=htt]"))
        assert "Hệ số phải là một số" in htt.inner_text()
        bands = page.locator(".field.has-error", has=page.locator("textarea[name=bands]"))
        assert "Dòng 2" in bands.inner_text()
        assert page.input_value("input[name=title]") == "Quy chế chi thu nhập tăng thêm năm 2026"
        assert page.input_value("input[name=htt]") == "một"  # nothing typed is lost
        page.screenshot(path=str(SHOTS / f"bonus-regulation-errors-{width}.png"), full_page=True)
        page.fill("input[name=htt]", "1,2")
        page.fill("textarea[name=bands]", "90 1,2\n70 1\n50 0,8")
        with page.expect_navigation():
            page.click("main form [type=submit]")
        assert "Đã lưu quy chế tiền thưởng" in page.inner_text("main")
        page.fill("input[name=fund]", "abc")
        page.click("main form [type=submit]")
        assert "Quỹ phải là số đồng nguyên dương" in page.inner_text("main")
        page.screenshot(path=str(SHOTS / f"bonus-split-{width}.png"), full_page=True)

        bad = tmp_path / "chuyen.json"
        bad.write_text(
            json.dumps(
                {
                    "format": "xeploai-transfer",
                    "version": 1,
                    "year": 2026,
                    "period_kind": "month",
                    "source_agency": {"code": "SYT", "name": "Sở Y tế"},
                    "person": {"full_name": "Người Không Có"},
                    "periods": [{"period": 13, "general": "25", "task": "60", "total": "85"}],
                }
            ),
            encoding="utf-8",
        )
        page.goto(live_server + "/transfers/")
        page.fill("input[name=staff_code]", "SNV0001")
        page.set_input_files("input[name=file]", str(bad))
        page.click("form[action$='/transfers/import'] [type=submit]")
        errors = page.locator(".field.has-error", has=page.locator("input[name=file]"))
        text = errors.inner_text()
        assert "Họ và tên: tên trong tệp khác tên" in text and "Dòng 1, Kỳ" in text
        assert "Chưa nhập kỳ nào" in page.inner_text("[data-transferred]")
        page.screenshot(path=str(SHOTS / f"transfers-errors-{width}.png"), full_page=True)
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= width, f"transfers page {scroll} px wide at {width} px"
    finally:
        context.close()
