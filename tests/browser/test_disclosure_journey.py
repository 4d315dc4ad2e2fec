"""HR runs a background workbook job (progress polled by static JS) and previews an import
with errors (listed by row and column, nothing written)."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from exports.excel import STAFF_COLUMNS, UNIT_COLUMNS

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_results_workbook_job_shows_progress_then_download(live_server, page, screenshots):
    sign_in(page, live_server, "tccb")
    page.goto(live_server + "/disclosure/")
    assert page.locator("h1").inner_text() == "Công khai kết quả xếp loại"
    page.screenshot(path=str(screenshots / "disclosure-index-tccb.png"), full_page=True)
    with page.expect_navigation():
        page.locator("button", has_text="Tạo bảng kết quả lớn (chạy nền)").first.click()
    assert "/jobs/" in page.url
    download_link = page.locator(".job-download a")
    download_link.wait_for(state="visible", timeout=30_000)
    assert "Đã xong — 100%" in page.locator(".job-state").inner_text()
    page.screenshot(path=str(screenshots / "job-done-tccb.png"), full_page=True)
    with page.expect_download() as info:
        download_link.click()
    assert info.value.suggested_filename.endswith(".xlsx")


def test_import_preview_lists_problems(live_server, page, screenshots, tmp_path):
    wb = Workbook()
    ws = wb.active
    ws.title = "Cán bộ"
    ws.append(list(STAFF_COLUMNS))
    ws.append(
        [
            "MOI01",
            "Lương Thị Thu Hà",
            "31/02/1990",
            "Nữ",
            "<b>Chuyên viên</b>",
            "Công chức",
            "Nhân viên",
            "",
            "Không",
            "KHONGCO",
            "01/01/2020",
            None,
        ]
    )
    ws.append(
        [
            "MOI02",
            "Phan Văn Trị",
            None,
            "Nam",
            "",
            "Bộ đội",
            "Nhân viên",
            "",
            "Không",
            "KHONGCO",
            "01/01/2020",
            None,
        ]
    )
    ws.append(
        [
            "MOI03",
            "Đinh Thị Hoa",
            None,
            "Nữ",
            "",
            "Công chức",
            "Nhân viên",
            "",
            "Không",
            "KHONGCO",
            "01/01/2020",
            None,
        ]
    )
    wu = wb.create_sheet("Đơn vị")
    wu.append(list(UNIT_COLUMNS))
    buffer = io.BytesIO()
    wb.save(buffer)
    path = tmp_path / "can-bo-loi.xlsx"
    path.write_bytes(buffer.getvalue())
    sign_in(page, live_server, "tccb")
    page.goto(live_server + "/imports/")
    page.set_input_files("#staff-file", str(path))
    with page.expect_navigation():
        page.locator("form[action$='/imports/staff'] [type=submit]").click()
    content = page.content()
    assert "chưa ghi gì vào hệ thống" in content
    assert "Không có đơn vị mã “KHONGCO”" in content
    assert "Xác nhận nhập" not in content
    page.screenshot(path=str(screenshots / "import-preview-errors.png"), full_page=True)
