"""Staff, head and HR pages at a phone's width (375 px) and a desktop's (1366 px): staff pages
fit without sideways scrolling (the sheet stacks its rows on a phone). Screenshots go to
SHOTS for people to look at."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import sign_in

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("XEPLOAI_SHOTS", "/tmp/shots/iss17"))
WIDTHS = (375, 1366)
PAGES = {
    "congchuc": ("/assessments/", "/assessments/sheet/{me}/1", "/assessments/annual/{me}"),
    "truongphong": ("/ranking/",),
    "tccb": ("/cycles/", "/dashboard/"),
}
STAFF_PAGES = set(PAGES["congchuc"])


def _me(page) -> str:
    href = page.locator("a[href^='/assessments/annual/']").first.get_attribute("href")
    return href.rsplit("/", 1)[1]


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_phone_and_desktop(live_server, browser, width):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 800})
    page = context.new_page()
    too_wide = {}
    try:
        for user, paths in PAGES.items():
            sign_in(page, live_server, user)
            me = ""
            if user == "congchuc":
                page.goto(live_server + "/assessments/")
                me = _me(page)
            for path in paths:
                url = path.format(me=me)
                page.goto(live_server + url)
                name = f"{user}{url.replace('/', '_')}-{width}.png"
                page.screenshot(path=str(SHOTS / name), full_page=True)
                scroll = page.evaluate("document.documentElement.scrollWidth")
                if path in STAFF_PAGES and scroll > width:
                    too_wide[url] = scroll
            page.context.clear_cookies()
    finally:
        context.close()
    assert not too_wide, f"staff pages wider than {width} px: {too_wide}"
