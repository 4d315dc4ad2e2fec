"""Issue 21 journey: once the State round is approved, HR opens the party round; the secretary of
the specialised offices' cell records the cell's comments and proposals; the party committee
decides within the quota (a level above the State one and an HTXS over the quota are refused);
the member sees their level. Then the collectives: the secretary records the cell's own review
(Mẫu 01), the committee the organisation's, and classifies the cell; the new pages (collectives,
structure, rules) are looked at on a phone (375 px) and a desktop (1366 px)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .conftest import ROOT, sign_in

pytestmark = pytest.mark.browser

# The State round's approved results of 2026 for every party member, as the State round leaves
# them (its own journey is tests/browser/test_decisions.py): two HTXS, one HTNV, HTT otherwise.
APPROVE_STATE = """
from sqlalchemy import select
from evaluation import create_app
from evaluation.extensions import db
from evaluation.models import Cycle, Decision, DecisionStatus, Level, PartyMembership, Staff, Unit
from evaluation.services import party

app = create_app()
with app.app_context():
    cycle = db.session.scalars(select(Cycle).where(Cycle.year == 2026)).one()
    head = db.session.get(Staff, db.session.scalars(
        select(Unit.head_id).where(Unit.code == "CCVC")).one())
    members = db.session.scalars(select(PartyMembership).order_by(PartyMembership.id)).all()
    cell = next(m.cell for m in members if m.staff_id == head.id)
    mates = [m for m in members if m.cell_id == cell.id and m.staff_id != head.id]
    levels = {head.id: "HTXS", mates[0].staff_id: "HTXS", mates[1].staff_id: "HTNV"}
    for m in members:
        db.session.add(Decision(cycle_id=cycle.id, staff_id=m.staff_id,
            level=Level(levels.get(m.staff_id, "HTT")), status=DecisionStatus.APPROVED,
            unit_id=m.staff.unit_id))
    db.session.commit()
    print(mates[0].staff.full_name, "|", mates[1].staff.full_name, "|", head.full_name)
"""


@pytest.fixture(scope="module")
def state_approved(live_server, tmp_path_factory):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("TEST_DATABASE_URL", None)
    # This module's live server is the newest (live0, live1, … one per browser module).
    servers = [d for d in tmp_path_factory.getbasetemp().glob("live*") if d.name[4:].isdigit()]
    db_file = max(servers, key=lambda d: int(d.name[4:])) / "live.db"
    env["DATABASE_URL"] = f"sqlite:///{db_file}"
    env["XEPLOAI_ENV"] = "development"
    out = subprocess.run(
        [sys.executable, "-c", APPROVE_STATE], cwd=ROOT, env=env, check=True, capture_output=True
    )
    names = out.stdout.decode().strip().splitlines()[-1].split(" | ")
    return live_server, names


def test_secretary_proposes_committee_decides_within_quota_members_see_their_level(
    state_approved, page, browser, screenshots
):
    base, (excellent_mate, htnv_mate, head_name) = state_approved
    sign_in(page, base, "tccb")
    page.goto(base + "/party/")
    with page.expect_navigation():
        page.get_by_role("button", name="Mở đợt kiểm điểm đảng viên").click()
    assert "Đã mở đợt kiểm điểm đảng viên." in page.content()
    page.goto(base + "/dashboard")
    assert page.locator("#party-round-progress").is_visible()

    # The secretary (truongphong) records the cell's comments and proposals.
    secretary = browser.new_context(locale="vi-VN").new_page()
    sign_in(secretary, base, "truongphong")
    secretary.goto(base + "/party/")
    secretary.get_by_role("link", name="Chi bộ các phòng chuyên môn").click()
    rows = secretary.locator("tbody tr")
    count = rows.count()
    assert count >= 3
    for i in range(count):
        row = rows.nth(i)
        name = row.locator("td").first.inner_text()
        level = (
            "Hoàn thành xuất sắc nhiệm vụ"
            if (excellent_mate in name or head_name in name)
            else "Hoàn thành tốt nhiệm vụ"
        )
        if htnv_mate in name:
            level = "Hoàn thành nhiệm vụ"
        row.locator("textarea[name=comment]").fill("Chi bộ thống nhất; gương mẫu, đoàn kết.")
        row.locator("select[name=level]").select_option(label=level)
        with secretary.expect_navigation():
            row.get_by_role("button", name="Lưu đề xuất").click()
        rows = secretary.locator("tbody tr")
    assert "Đã lưu nhận xét và đề xuất của chi bộ." in secretary.content()
    secretary.screenshot(path=str(screenshots / "party-cell-proposals.png"), full_page=True)

    # The committee decides: above the State level is refused; HTXS within the quota only.
    committee = browser.new_context(locale="vi-VN").new_page()
    sign_in(committee, base, "capuy")
    committee.goto(base + "/party/committee")
    quota = committee.locator("#party-quota").inner_text()
    assert "Tối đa 20%" in quota
    row = committee.locator("tr", has_text=htnv_mate)
    row.locator("select[name=level]").select_option("HTT")
    with committee.expect_navigation():
        row.get_by_role("button", name="Quyết định").click()
    assert "cao hơn mức xếp loại chính quyền" in committee.content()
    # Everyone else at the level proposed (their cell's, or HTT); the HTXS candidates last.
    total = committee.locator("tbody").first.locator("tr").count()
    for last in (False, True):
        for i in range(total):
            row = committee.locator("tbody").first.locator("tr").nth(i)
            name = row.locator("td").first.inner_text()
            if (excellent_mate in name or head_name in name) != last:
                continue
            select = row.locator("select[name=level]")
            if htnv_mate in name:
                select.select_option("HTNV")
            elif select.input_value() == "":
                select.select_option("HTT")
            with committee.expect_navigation():
                row.get_by_role("button", name="Quyết định").click()
            if "Vượt tỷ lệ" in committee.content():  # over the quota: the next level down
                row = committee.locator("tbody").first.locator("tr").nth(i)
                row.locator("select[name=level]").select_option("HTT")
                with committee.expect_navigation():
                    row.get_by_role("button", name="Quyết định").click()
    committee.screenshot(path=str(screenshots / "party-committee-board.png"), full_page=True)
    assert "đã dùng" in committee.locator("#party-quota").inner_text()

    # The member (the secretary is a member of his cell) sees his level.
    secretary.goto(base + "/party/")
    level = secretary.locator("#my-party-level").inner_text()
    assert "Mức xếp loại đảng viên" in level and "nhiệm vụ" in level
    secretary.screenshot(path=str(screenshots / "party-member-level.png"), full_page=True)
    page.goto(base + "/dashboard")
    progress = page.locator("#party-round-progress").inner_text()
    assert f"{total}/{total}" in progress


GOOD_REVIEW = {
    "score": "88",
    "tasks_done_pct": "100",
    "exceeded_pct": "20",
    "behind_pct": "0",
}


def _fill_collective(page, report: str, values: dict[str, str]) -> None:
    page.fill("textarea[name=report]", report)
    for name, value in values.items():
        page.fill(f"input[name={name}]", value)
    page.select_option("select[name=on_time_quality]", "yes")
    page.select_option("select[name=remedied]", "yes")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu báo cáo kiểm điểm").click()


def test_collectives_secretary_records_the_cells_review_committee_classifies_it(
    state_approved, browser, screenshots
):
    base, _names = state_approved
    secretary = browser.new_context(locale="vi-VN").new_page()
    sign_in(secretary, base, "truongphong")
    secretary.goto(base + "/party/")
    secretary.get_by_role("link", name="Kiểm điểm tập thể chi bộ").first.click()
    _fill_collective(
        secretary, "Chi bộ hoàn thành các nhiệm vụ năm 2026.", {**GOOD_REVIEW, "score": "120"}
    )
    error = secretary.locator(".field.has-error").first.inner_text()
    assert "Điểm phải từ 0 đến 100" in error  # next to the field, nothing saved
    assert secretary.locator("textarea[name=report]").input_value().startswith("Chi bộ hoàn")
    _fill_collective(secretary, "Chi bộ hoàn thành các nhiệm vụ năm 2026.", GOOD_REVIEW)
    assert "Đã lưu báo cáo kiểm điểm của tập thể." in secretary.content()
    result = secretary.locator("#collective-result").inner_text()
    assert "Hoàn thành tốt nhiệm vụ" in result and "88/100" in result
    cell_url = secretary.url

    committee = browser.new_context(locale="vi-VN").new_page()
    sign_in(committee, base, "capuy")
    committee.goto(base + "/party/collectives")
    committee.get_by_role("link", name="Báo cáo kiểm điểm của đảng bộ").click()
    _fill_collective(committee, "Đảng bộ lãnh đạo hoàn thành nhiệm vụ chính trị.", GOOD_REVIEW)
    assert "Đã lưu báo cáo kiểm điểm của tập thể." in committee.content()
    committee.goto(base + "/party/collectives")
    row = committee.locator("tbody tr", has_text="Chi bộ các phòng chuyên môn")
    row.locator("select[name=level]").select_option("HTXS")  # above what the conditions allow
    with committee.expect_navigation():
        row.get_by_role("button", name="Quyết định").click()
    assert "cao hơn mức các điều kiện cho phép" in committee.content()
    row = committee.locator("tbody tr", has_text="Chi bộ các phòng chuyên môn")
    row.locator("select[name=level]").select_option("HTT")
    with committee.expect_navigation():
        row.get_by_role("button", name="Quyết định").click()
    assert "Đã quyết định mức xếp loại của tổ chức đảng." in committee.content()

    # The secretary sees the committee's level; the report is locked.
    secretary.goto(cell_url)
    result = secretary.locator("#collective-result").inner_text()
    assert "Cấp ủy quyết định" in result and "Hoàn thành tốt nhiệm vụ" in result
    assert secretary.locator("textarea[name=report]").count() == 0

    # The pages on a phone and a desktop: the forms fit the width (tables scroll inside).
    too_wide = {}
    for width in (375, 1366):
        for who, path in (
            (secretary, cell_url.removeprefix(base)),
            (committee, "/party/collectives"),
            (committee, "/party/structure"),
            (committee, "/party/rules"),
        ):
            who.set_viewport_size({"width": width, "height": 800})
            who.goto(base + path)
            name = f"party{path.replace('/', '_')}-{width}.png"
            who.screenshot(path=str(screenshots / name), full_page=True)
            scroll = who.evaluate("document.documentElement.scrollWidth")
            if scroll > width:
                too_wide[(path, width)] = scroll
    assert not too_wide, too_wide
