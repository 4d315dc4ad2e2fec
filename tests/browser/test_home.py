"""A civil servant signs in and sees the Vietnamese home page."""

from __future__ import annotations

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser


def test_sign_in_shows_the_vietnamese_home_page(live_server, page, screenshots):
    page.goto(live_server + "/login")
    assert page.locator("h1").inner_text() == "Đăng nhập"
    sign_in(page, live_server, "congchuc")
    assert page.url.rstrip("/") == live_server
    heading = page.locator("h1").inner_text()
    assert heading.startswith("Xin chào, ")
    assert "Kỳ đánh giá, xếp loại chất lượng năm 2026 đang mở." in page.content()
    page.screenshot(path=str(screenshots / "home-congchuc.png"), full_page=True)


def test_wrong_password_stays_on_sign_in(live_server, page):
    sign_in(page, live_server, "congchuc", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in page.content()


def test_staff_cannot_open_hr_pages(live_server, page):
    sign_in(page, live_server, "congchuc")
    response = page.goto(live_server + "/units/")
    assert response.status == 403
    assert "Bạn không có quyền truy cập trang này." in page.content()
