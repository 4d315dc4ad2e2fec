"""Decree 335 Mẫu số 01 (Phiếu theo dõi, đánh giá công chức) of one month or quarter as PDF and
Word, filled from the person's sheet and the direct manager's score (issue 16, point 3)."""

from __future__ import annotations

import io
import os
import re
import subprocess
from datetime import date
from decimal import Decimal

import pytest
from docx import Document

from evaluation.extensions import db
from evaluation.models import PeriodKind
from evaluation.services import assessments

GENERAL = {
    "I.1": Decimal("4.5"),
    "I.2": Decimal("5"),
    "II.1": Decimal("2.5"),
    "II.2": Decimal("2"),
    "II.3": Decimal("2.5"),
    "II.4": Decimal("2.5"),
    "III": Decimal("7.5"),
}
MANAGER = {**GENERAL, "III": Decimal("6")}
SECTIONS = (
    "PHIẾU THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "I. KẾT QUẢ THEO DÕI, ĐÁNH GIÁ THEO TIÊU CHÍ CHUNG",
    "Điểm do cá nhân tự chấm",
    "Tổng cộng",
    "II. TỔNG HỢP KẾT QUẢ THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC",
    "1. Điểm tiêu chí chung:",
    "2. Điểm tiêu chí kết quả thực hiện nhiệm vụ:",
    "3. Tổng điểm theo dõi, đánh giá công chức:",
    "4. Ưu điểm:",
    "5. Hạn chế, khuyết điểm:",
    "6. Ý kiến nhận xét của cấp có thẩm quyền theo dõi, đánh giá:",
    "CÔNG CHỨC TỰ ĐÁNH GIÁ",
    "CẤP CÓ THẨM QUYỀN THEO DÕI, ĐÁNH GIÁ",
    "(Ký tên, ghi rõ họ tên)",
)
# Internal codes and names that must never reach the paper.
INTERNAL = re.compile(r"\b(D335|QD366|HTXS|HTT|I\.1|II\.4|general_self|None|manager_total)\b")


def _items(cycle, period: int) -> list[dict]:
    month = period if cycle.period_kind == PeriodKind.MONTH else period * 3
    return [
        {
            "title": "Báo cáo <b>quý</b>",
            "units": "2",
            "assigned_on": date(cycle.year, month, 2).isoformat(),
            "due_on": date(cycle.year, month, 20).isoformat(),
            "completed_on": date(cycle.year, month, 18).isoformat(),
            "quality_ok": True,
        },
        {
            "title": "Tờ trình vị trí việc làm",
            "units": "1",
            "assigned_on": date(cycle.year, month, 3).isoformat(),
            "due_on": date(cycle.year, month, 10).isoformat(),
            "completed_on": date(cycle.year, month, 15).isoformat(),
            "quality_ok": True,
        },
    ]


def _sheet(world, period: int, *, score: bool):
    cycle, clerk = world.cycle, world.staff["clerk"]
    world.staff["head"].title = "Trưởng phòng"
    sheet = assessments.new_sheet(cycle, clerk, period)
    assessments.save_sheet(
        sheet, {"general": GENERAL, "items": _items(cycle, period)}, submit=score, version=None
    )
    if score:
        assessments.score_by_manager(
            sheet,
            {
                "general": MANAGER,
                "item_flags": [{"quality_ok": True}, {"quality_ok": False, "delays": 1}],
                "comment": "Cần chủ động hơn & đúng hạn",
                "strengths": "Tham mưu <i>kịp thời</i>, chính xác",
                "weaknesses": "Còn chậm một tờ trình",
            },
            close=False,
            version=None,
            user=world.users["unit_head"],
        )
    db.session.commit()
    return sheet


def _pdf_text(content: bytes, *, layout: bool = True) -> str:
    options = ["-layout"] if layout else []
    out = subprocess.run(
        ["pdftotext", *options, "-", "-"], input=content, capture_output=True, check=True
    )
    return out.stdout.decode()


def _pdf_criteria(text: str) -> list[tuple[str, str, str]]:
    """(TT, maximum, own score) of section I's rows, read from the laid-out PDF text."""
    part = text[text.index("I. KẾT QUẢ THEO DÕI") : text.index("II. TỔNG HỢP")]
    rows = []
    for line in part.splitlines():
        found = re.match(
            r"^\s*(I{1,3}|\d)\s+\S.*?\s{2,}(\d+(?:,\d)?)(?:\s+(\d+(?:,\d+)?))?\s*$", line
        )
        if found:
            rows.append((found[1], found[2], found[3] or ""))
        total = re.match(r"^\s*Tổng cộng\s+(\d+)\s+(\S+)\s*$", line)
        if total:
            rows.append(("Tổng cộng", total[1], total[2]))
    return rows


def _docx_criteria(document) -> list[tuple[str, str, str]]:
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Tiêu chí chấm điểm")
    return [(r.cells[0].text, r.cells[2].text, r.cells[3].text) for r in table.rows[2:]]


def _docx_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _download(client, auth, world, period: int, fmt: str = "") -> bytes:
    auth.login("congchuc")
    url = f"/assessments/sheet/{world.staff['clerk'].id}/{period}/document"
    response = client.get(url + ("?format=docx" if fmt else ""))
    assert response.status_code == 200, response.status_code
    return response.data


def _texts(client, auth, world, period: int) -> list[tuple[str, list]]:
    """(flattened text, section I rows) of the PDF and of the Word copy."""
    pdf = _download(client, auth, world, period)
    assert pdf.startswith(b"%PDF")
    docx = _download(client, auth, world, period, "docx")
    if os.environ.get("MAU01_OUT"):  # keep the files to look at them
        for suffix, content in (("pdf", pdf), ("docx", docx)):
            with open(f"{os.environ['MAU01_OUT']}/ky-{period}.{suffix}", "wb") as out:
                out.write(content)
    laid_out = _pdf_text(pdf)
    # Wrapped table headings interleave in the laid-out text: the raw reading order too.
    raw = _pdf_text(pdf, layout=False)
    document = Document(io.BytesIO(docx))
    return [
        (" ".join(f"{laid_out} {raw}".split()), _pdf_criteria(laid_out)),
        (" ".join(_docx_text(document).split()), _docx_criteria(document)),
    ]


# Section I as the person scored it: group rows sum their sub-items, group III is one figure.
OWN_ROWS = [
    ("I", "10", "9,5"),
    ("1", "5", "4,5"),
    ("2", "5", "5"),
    ("II", "10", "9,5"),
    ("1", "2,5", "2,5"),
    ("2", "2,5", "2"),
    ("3", "2,5", "2,5"),
    ("4", "2,5", "2,5"),
    ("III", "10", "7,5"),
    ("1", "2,5", ""),
    ("2", "2,5", ""),
    ("3", "2,5", ""),
    ("4", "2,5", ""),
    ("Tổng cộng", "30", "26,5"),
]


def _common(text: str) -> None:
    for heading in SECTIONS:
        assert heading in text, heading
    assert "Trương Quốc Hưng" in text and "Phòng Công chức, viên chức" in text
    assert "Chuyên viên" in text
    # The direct manager (head of the clerk's unit) signs, never the HR user.
    assert "Nguyễn Thị Ánh Tuyết" in text and "Phạm Minh Châu" not in text
    assert not INTERNAL.search(text), INTERNAL.search(text)
    # The person's text is printed literally, never as markup.
    assert "Báo cáo <b>quý</b>" in text


def test_monthly_sheet_scored_by_the_manager(client, auth, world):
    world.cycle.period_kind = PeriodKind.MONTH
    db.session.commit()
    _sheet(world, 3, score=True)
    for text, rows in _texts(client, auth, world, 3):
        _common(text)
        assert rows == OWN_ROWS  # the person's own scores, not the manager's 6 for III
        assert "Kỳ theo dõi, đánh giá: tháng 3 năm 2026" in text
        assert "DỰ THẢO" not in text
        # Section II: the manager's figures with the person's beside them, and the comment.
        assert "1. Điểm tiêu chí chung: 25 (cá nhân tự chấm: 26,5)" in text
        assert re.search(r"2\. Điểm tiêu chí kết quả thực hiện nhiệm vụ: [\d,]+ \(cá nhân", text)
        assert re.search(r"3\. Tổng điểm theo dõi, đánh giá công chức: [\d,]+ \(cá nhân", text)
        assert "Tỷ lệ số lượng 100%, chất lượng 66,67%, tiến độ 91,67%" in text
        assert "Cần chủ động hơn & đúng hạn" in text
        # Items 4-5: the manager's summary, literally, in place of the dotted lines.
        assert "4. Ưu điểm: Tham mưu <i>kịp thời</i>, chính xác 5. Hạn chế" in text
        assert "5. Hạn chế, khuyết điểm: Còn chậm một tờ trình" in text
        # The work of the period as each entered it: the manager's reading differs.
        assert "do cá nhân kê khai" in text and "do cấp có thẩm quyền xác nhận" in text
        assert "Chưa đạt" in text and "15/03/2026" in text
        assert "TRƯỞNG PHÒNG" in text


def test_quarterly_draft_prints_draft_and_own_scores(client, auth, world):
    _sheet(world, 2, score=False)
    for text, rows in _texts(client, auth, world, 2):
        _common(text)
        assert rows == OWN_ROWS
        assert "Kỳ theo dõi, đánh giá: quý II năm 2026" in text
        assert "DỰ THẢO" in text
        assert "Số:" not in text  # this form is never numbered
        assert "1. Điểm tiêu chí chung: 26,5 2." in text
        assert "cá nhân tự chấm:" not in text  # nothing confirmed yet
        assert "do cấp có thẩm quyền xác nhận" not in text
        assert "Cần chủ động" not in text and "Tham mưu" not in text


@pytest.mark.parametrize("who", ["dongnghiep", "thanhtra", "capuy"])
def test_anyone_else_gets_403(client, auth, world, who):
    _sheet(world, 1, score=True)
    auth.login(who)
    for fmt in ("", "?format=docx"):
        url = f"/assessments/sheet/{world.staff['clerk'].id}/1/document{fmt}"
        assert client.get(url).status_code == 403


@pytest.mark.parametrize("who", ["truongphong", "tccb"])
def test_the_manager_and_hr_get_it(client, auth, world, who):
    _sheet(world, 1, score=True)
    auth.login(who)
    response = client.get(f"/assessments/sheet/{world.staff['clerk'].id}/1/document")
    assert response.status_code == 200 and response.data.startswith(b"%PDF")


def test_no_form_for_a_vien_chuc(client, auth, world):
    auth.login("tccb")
    response = client.get(f"/assessments/sheet/{world.staff['employee'].id}/1/document")
    assert response.status_code == 404


def test_the_sheet_pages_link_the_pdf_and_the_word_copy(client, auth, world):
    _sheet(world, 1, score=True)
    url = f"/assessments/sheet/{world.staff['clerk'].id}/1/document"
    for who, page in (("congchuc", ""), ("truongphong", "/view")):
        auth.login(who)
        html = client.get(f"/assessments/sheet/{world.staff['clerk'].id}/1{page}").get_data(True)
        assert f'href="{url}"' in html and f'href="{url}?format=docx"' in html, who
        client.post("/logout")


@pytest.mark.day("2026-11-17", at="01:30")
def test_the_self_signing_date_is_the_vietnam_day(world):
    from evaluation.queries.period_sheet import period_sheet_data

    sheet = _sheet(world, 4, score=False)
    assert period_sheet_data(sheet).self_signed_on is None  # a draft: the date is blank
    data = {"general": GENERAL, "items": _items(world.cycle, 4)}
    assessments.save_sheet(sheet, data, submit=True, version=None)
    db.session.commit()
    db.session.expire_all()  # read the time back as the database stores it (UTC)
    data = period_sheet_data(sheet)
    assert sheet.submitted_at.day == 16  # still the 16th in UTC
    assert data.self_signed_on == date(2026, 11, 17)
    assert data.draft is False


def test_word_tables_keep_the_form_widths_and_the_merged_total(client, auth, world):
    from docx.shared import Mm

    _sheet(world, 1, score=False)
    document = Document(io.BytesIO(_download(client, auth, world, 1, "docx")))
    table = next(t for t in document.tables if t.rows[0].cells[1].text == "Tiêu chí chấm điểm")
    # The grid LibreOffice lays out from: 9/61/13/17 % of the 165 mm text width.
    grid = [c.width for c in table.columns]
    assert [round(w / Mm(1)) for w in grid] == [15, 101, 21, 28]
    total = table.rows[-1]._tr.tc_lst[0]
    assert total.grid_span == 2 and len(table.rows[-1]._tr.tc_lst) == 3
