"""This round's document pages as their users meet them, at 375 and 1366 px: the head scores a
quarter's sheet with strengths and weaknesses and finds the Mẫu số 01 print links; the party
committee saves a draft comment on a head and finds its download links (on the meeting and on
the ranking board); HR issues the report to the superior body with an addressee and sees its
number and the downloads. No page scrolls sideways on a phone, no internal code on screen."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from .conftest import JOURNEY_START, LIVE, ROOT, sign_in

pytestmark = pytest.mark.browser
WIDTHS = (375, 1366)
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# Screen text that only an engine or a developer would write.
CODES = re.compile(r"\b(HTXS|HTTNV|HTNV|KHTNV|None|null|undefined|Traceback)\b|_[a-z]+_|\{\{")

# The State round approved for the whole agency (HTT), as the decisions journey leaves it: the
# report needs approved results to count.
APPROVE_ALL = """
from sqlalchemy import select
from evaluation import create_app
from evaluation.extensions import db
from evaluation.models import Cycle, Decision, DecisionStatus, Level, Staff

app = create_app()
with app.app_context():
    cycle = db.session.scalars(select(Cycle).where(Cycle.year == 2026)).one()
    for staff in db.session.scalars(select(Staff).where(Staff.agency_id == cycle.agency_id)):
        db.session.add(Decision(cycle_id=cycle.id, staff_id=staff.id, level=Level.HTT,
            status=DecisionStatus.APPROVED, unit_id=staff.unit_id))
    db.session.commit()
"""


def _shoot(page, screenshots, name: str) -> None:
    """Both widths, and the phone never scrolls sideways; the visible text carries no code."""
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(screenshots / f"documents-{name}-{width}.png"), full_page=True)
        if width == 375:
            scroll = page.evaluate("document.documentElement.scrollWidth")
            assert scroll <= 375, (name, scroll)
    text = page.locator("main").inner_text()
    assert not CODES.search(text), (name, CODES.search(text))


def _download(page, href: str, content_type: str) -> None:
    """The link answers with the document, in the signed-in user's session."""
    response = page.request.get(re.match(r"https?://[^/]+", page.url).group(0) + href)
    assert response.status == 200, (href, response.status)
    assert response.headers["content-type"].startswith(content_type), href
    assert len(response.body()) > 1000


def _fill_quarter(page) -> None:
    for i, value in enumerate(["4,5", "5", "2,5", "2,5", "2,5", "2,5", "8"]):
        page.fill(f"input[name='general-{i}-score']", value)
    page.fill("input[name='items-0-title']", "Báo cáo sơ kết công tác tuyển dụng")
    page.fill("input[name='items-0-units']", "2")
    page.fill("input[name='items-0-assigned_on']", "01/07/2026")
    page.fill("input[name='items-0-due_on']", "20/07/2026")
    page.fill("input[name='items-0-completed_on']", "18/07/2026")
    page.check("input[name='items-0-quality_ok']")


def test_head_scores_committee_comments_hr_reports(live_server, page, browser, screenshots):
    base = live_server
    # The person sends the quarter's sheet.
    sign_in(page, base, "congchuc")
    page.goto(base + "/assessments/")
    page.locator("tr", has_text="Quý 3").get_by_role("link", name="Lập, sửa phiếu").click()
    _fill_quarter(page)
    page.check("input[name=confirm]")
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi phiếu cho người quản lý").click()
    assert "Đã gửi phiếu cho người quản lý trực tiếp." in page.content()
    assert page.locator(".print-links").is_visible()
    _shoot(page, screenshots, "staff-sheet")
    page.context.close()

    # The head scores it with strengths and weaknesses, then finds the print links.
    head = browser.new_context(locale="vi-VN").new_page()
    sign_in(head, base, "truongphong")
    head.goto(base + "/assessments/")
    head.locator("a[href$='/3/score']").first.click()
    score_url = head.url
    head.fill("textarea[name=strengths]", "Chủ động, đúng hạn; tham mưu tốt <b>tuyển dụng</b>.")
    head.fill("textarea[name=weaknesses]", "Cần tổng hợp số liệu nhanh hơn.")
    # On a phone the work items stack as cards: every value says what it is.
    item_labels = head.locator("table.items tbody tr").first.locator("td[data-label]")
    assert "Số lần chậm tiến độ" in item_labels.evaluate_all("t => t.map(c => c.dataset.label)")
    _shoot(head, screenshots, "head-score")
    with head.expect_navigation():
        head.get_by_role("button", name="Lưu điểm và chốt kỳ").click()
    assert "Đã lưu điểm và chốt kỳ." in head.content()
    assert "<b>tuyển dụng</b>" in head.locator("main").inner_text()  # shown as typed
    assert head.locator("table.items tbody tr").first.locator("td[data-label]").count() == 9
    _shoot(head, screenshots, "head-scored")
    head.goto(score_url.removesuffix("/score") + "/view")
    links = head.locator(".print-links a")
    assert links.all_inner_texts() == ["Tải phiếu (PDF)", "Tải phiếu (Word)"]
    _shoot(head, screenshots, "head-view")
    _download(head, links.nth(0).get_attribute("href"), PDF)
    _download(head, links.nth(1).get_attribute("href"), DOCX)
    head.context.close()

    # The party committee saves a draft comment on a head of office.
    committee = browser.new_context(locale="vi-VN").new_page()
    sign_in(committee, base, "capuy")
    committee.goto(base + "/meetings/")
    committee.locator("main a.button", has_text="Mở").first.click()
    meeting_url = committee.url
    committee.locator("main a.button", has_text="Ghi ý kiến").first.click()
    # The form says what the tick box changes (the download stays a draft until it is ticked).
    assert "văn bản in ra là dự thảo" in committee.locator("main").inner_text()
    assert committee.locator("h1").inner_text().startswith("Ý kiến của cấp ủy về")
    person = committee.locator("h1").inner_text().removeprefix("Ý kiến của cấp ủy về ")
    committee.fill("textarea[name=text]", "Gương mẫu, giữ gìn đoàn kết; cần sâu sát cơ sở hơn.")
    committee.fill("input[name=signer_name]", "Nguyễn Văn Bí Thư")
    assert not committee.locator("input[name=final]").is_checked()
    _shoot(committee, screenshots, "committee-form")
    with committee.expect_navigation():
        committee.get_by_role("button", name=re.compile("Lưu")).click()
    assert f"Đã lưu dự thảo ý kiến của cấp ủy về {person}." in committee.content()
    assert committee.url == meeting_url
    assert committee.locator("main a.button", has_text="Xem, sửa ý kiến").count() == 1
    pdf = committee.locator("main a", has_text="Văn bản nhận xét (PDF)").first
    word = committee.locator("main a", has_text="Word").first
    _shoot(committee, screenshots, "committee-meeting")
    _download(committee, pdf.get_attribute("href"), PDF)
    _download(committee, word.get_attribute("href"), DOCX)
    committee.go_back()
    committee.reload()
    assert committee.locator("main a", has_text="Văn bản nhận xét (PDF)").is_visible()
    _shoot(committee, screenshots, "committee-saved")
    committee.context.close()

    # HR: the ranking board's committee panel, then the report once the results are approved.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "XEPLOAI_ENV": "development"}
    env["DATABASE_URL"] = f"sqlite:///{LIVE['db']}"
    env["XEPLOAI_CLOCK_START"] = JOURNEY_START  # approved on the journey's day
    env.pop("TEST_DATABASE_URL", None)
    subprocess.run([sys.executable, "-c", APPROVE_ALL], cwd=ROOT, env=env, check=True)
    hr = browser.new_context(locale="vi-VN").new_page()
    sign_in(hr, base, "tccb")
    cycle_id, unit_id = meeting_url.rstrip("/").split("/")[-2:]
    hr.goto(f"{base}/ranking/{cycle_id}/units/{unit_id}")
    panel = hr.locator("details.party-comment").first
    panel.locator("summary").click()
    assert "cần sâu sát cơ sở hơn" in panel.inner_text()
    assert panel.locator("a", has_text="Văn bản nhận xét (PDF)").is_visible()
    _shoot(hr, screenshots, "hr-ranking-board")
    hr.goto(base + "/disclosure/")
    _shoot(hr, screenshots, "hr-disclosure")
    hr.locator("main a", has_text="Báo cáo cấp trên").first.click()
    assert "chưa được cấp số" in hr.locator("main").inner_text()
    assert "mỗi cơ quan một dòng" in hr.locator("main").inner_text()
    _shoot(hr, screenshots, "hr-report-form")
    hr.fill("textarea[name=addressee]", "- Sở Nội vụ tỉnh;\n- Ủy ban nhân dân tỉnh.")
    with hr.expect_navigation():
        hr.locator("main form .form-actions [type=submit]").click()
    main = hr.locator("main").inner_text()
    number = re.search(r"Đã cấp số báo cáo (\S+)\.", main)
    assert number, main
    assert f"Báo cáo đã được cấp số {number.group(1)} ngày" in main
    # Two addressees, one a line as typed (without the dashes), not run together.
    assert hr.locator("main ul.addressees li").all_inner_texts() == [
        "Sở Nội vụ tỉnh",
        "Ủy ban nhân dân tỉnh",
    ]
    assert hr.locator("main form textarea[name=addressee]").count() == 0  # issued: fixed
    _shoot(hr, screenshots, "hr-report-issued")
    buttons = hr.locator("main a.button")
    hrefs = [buttons.nth(i).get_attribute("href") for i in range(buttons.count())]
    types = [PDF, DOCX, PDF, DOCX]
    documents = [h for h in hrefs if "report" in h or "summary" in h]
    for href, kind in zip(documents, types, strict=True):
        _download(hr, href, kind)

    # The results made public, posted on the notice board; the posting record downloads.
    hr.goto(base + "/disclosure/")
    hr.locator("main a", has_text="Ghi nhận công khai").first.click()
    hr.fill("input[name=decided_on]", "16/11/2026")
    hr.fill("input[name=signer_post]", "Giám đốc")
    hr.fill("input[name=signer_name]", "Bùi Ngọc Tuấn")
    with hr.expect_navigation():
        hr.locator("main form .form-actions [type=submit]").click()
    assert "Đã ghi nhận việc công khai kết quả." in hr.content(), hr.locator("main").inner_text()
    publication_url = hr.url
    hr.locator("main a.button", has_text="Ghi nhận niêm yết").click()
    hr.fill("input[name=place]", "Bảng tin tầng 1, trụ sở Sở")
    hr.fill("input[name=posted_on]", "16/11/2026")
    hr.fill("input[name=posted_by]", "Phạm Quang Khánh")
    with hr.expect_navigation():
        hr.locator("main form .form-actions [type=submit]").click()
    assert "Đã ghi nhận việc niêm yết." in hr.content(), hr.locator("main").inner_text()
    assert hr.url == publication_url
    row = hr.locator("main tr", has_text="Bảng tin tầng 1")
    _shoot(hr, screenshots, "hr-publication")
    _download(hr, row.locator("a").nth(0).get_attribute("href"), PDF)
    _download(hr, row.locator("a").nth(1).get_attribute("href"), DOCX)

    # The person petitions; the director settles it; both find the reply's downloads.
    petitioner = browser.new_context(locale="vi-VN").new_page()
    sign_in(petitioner, base, "congchuc")
    petitioner.goto(publication_url)
    petitioner.locator("main a.button", has_text="Gửi kiến nghị về kết quả của tôi").click()
    petitioner.fill("textarea[name=text]", "Đề nghị xem xét lại: tôi hoàn thành vượt 20% sản phẩm.")
    with petitioner.expect_navigation():
        petitioner.locator("main form [type=submit]").click()
    assert "Đã gửi kiến nghị." in petitioner.content()
    petition_url = petitioner.url
    director = browser.new_context(locale="vi-VN").new_page()
    sign_in(director, base, "giamdoc")
    director.goto(petition_url)
    director.select_option("select[name=action]", "reject")
    director.fill("textarea[name=answer]", "Kết quả căn cứ điểm các kỳ đã chấm; giữ nguyên mức.")
    with director.expect_navigation():
        director.locator("main form .form-actions [type=submit]").click()
    assert "Đã không chấp nhận kiến nghị; kiến nghị đã đóng." in director.content()
    _shoot(director, screenshots, "director-petition-settled")
    reply = director.locator("main .actions a.button")
    assert reply.all_inner_texts() == ["Văn bản trả lời kiến nghị (PDF)", "Bản Word"]
    _download(director, reply.nth(0).get_attribute("href"), PDF)
    _download(director, reply.nth(1).get_attribute("href"), DOCX)
    petitioner.reload()
    _shoot(petitioner, screenshots, "staff-petition-settled")
    assert petitioner.locator("main .actions a.button").count() == 2
