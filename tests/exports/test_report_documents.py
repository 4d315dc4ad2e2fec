"""The summary list and the report to the superior body, rendered from a filled record: totals,
percentages (one decimal, decimal comma), the lists, number, Kính gửi and signer, in the PDF
(pdftotext) and the Word copy (python-docx)."""

from __future__ import annotations

import subprocess
from dataclasses import replace
from datetime import date

from test_word import _layout, docx_text

from exports import report
from exports.data import GroupResults, ListedPerson, ReportData, SummaryListData

LABELS = (
    "Hoàn thành xuất sắc nhiệm vụ",
    "Hoàn thành tốt nhiệm vụ",
    "Hoàn thành nhiệm vụ",
    "Không hoàn thành nhiệm vụ",
)


def pdf_text(content: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True, check=True
    )
    return " ".join(out.stdout.decode("utf-8").split())


def _group(name: str, levels: tuple[int, int, int, int], first: str) -> GroupResults:
    rows = []
    for label, count in zip(LABELS, levels, strict=True):
        rows += [ListedPerson(f"{first} {len(rows) + 1}", "Chuyên viên", "Văn phòng Sở", label)] * (
            count
        )
    return GroupResults(name, tuple(rows), tuple(zip(LABELS, levels, strict=True)))


CONG_CHUC = _group("Công chức", (2, 3, 1, 1), "Nguyễn Văn")  # 7 people: 28,6% 42,9% 14,3% 14,3%
VIEN_CHUC = _group("Viên chức", (1, 2, 0, 0), "Trần Thị")  # 3 people: 33,3% 66,7% 0,0%
WORKERS = GroupResults(
    "Người lao động",
    (ListedPerson("Lê Văn Bảo", "Lái xe", "Văn phòng Sở", "Không thuộc đối tượng xếp loại"),),
    (),
    classified=False,
)
REPORT = ReportData(
    governing_body="UBND TỈNH BẮC NINH",
    agency_name="SỞ NỘI VỤ",
    number=7,
    symbol="BC-SNV",
    place="Bắc Ninh",
    issued_on=date(2026, 12, 15),
    year=2026,
    summary="Kết quả đánh giá, xếp loại chất lượng công chức, viên chức năm 2026",
    addressees=("Ủy ban nhân dân tỉnh Bắc Ninh",),
    basis=("Căn cứ Nghị định số 335/2025/NĐ-CP;",),
    opening="Sở Nội vụ báo cáo kết quả đánh giá, xếp loại chất lượng năm 2026 như sau:",
    groups=(CONG_CHUC, VIEN_CHUC, WORKERS),
    quota_lines=("Công chức: 2 người được xếp loại Hoàn thành xuất sắc nhiệm vụ; bảo đảm.",),
    htxs=(ListedPerson("Đặng Thùy Dương", "Trưởng phòng", "Phòng Công chức", LABELS[0]),),
    khtnv=(
        ListedPerson(
            "Phạm Văn Đức", "Chuyên viên", "Thanh tra Sở", LABELS[3], "Bị kỷ luật cảnh cáo."
        ),
    ),
    closing_paragraphs=("Trên đây là báo cáo của Sở Nội vụ./.",),
    signer_authority="",
    signer_post="GIÁM ĐỐC",
    signer_name="Nguyễn Hữu Thành",
    recipients=("Như trên", "Lưu: VT, TCCB"),
)


def test_percent_text_has_one_decimal_and_a_comma():
    assert report.percent_text(2, 7) == "28,6%"
    assert report.percent_text(1, 3) == "33,3%"
    assert report.percent_text(2, 3) == "66,7%"
    assert report.percent_text(0, 0) == "0,0%"
    assert report.percent_text(5, 5) == "100,0%"


def _check_report(text: str) -> None:
    for expected in (
        "BÁO CÁO",
        "Số: 07/BC-SNV",
        "Bắc Ninh, ngày 15 tháng 12 năm 2026",
        "Kính gửi: Ủy ban nhân dân tỉnh Bắc Ninh.",
        "Căn cứ Nghị định số 335/2025/NĐ-CP;",
        "2 (28,6%)",
        "3 (42,9%)",
        "1 (14,3%)",
        "1 (33,3%)",
        "2 (66,7%)",
        "0 (0,0%)",
        "3 (30,0%)",  # all groups: 3 HTXS of 10 classified
        "10 người",
        "Người lao động: 1 người, không thuộc đối tượng xếp loại",
        "Đặng Thùy Dương",
        "Phạm Văn Đức",
        "Bị kỷ luật cảnh cáo.",
        "bảo đảm",
        "- Lưu: VT, TCCB.",
        "GIÁM ĐỐC",
        "Nguyễn Hữu Thành",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text


def test_report_pdf_text():
    _check_report(pdf_text(report.report_pdf(REPORT)))


def test_report_docx_text():
    text, document = docx_text(report.report_docx(REPORT))
    _layout(document)
    _check_report(" ".join(text.split()))


def test_report_draft_has_no_number_and_several_addressees_are_lines():
    draft = replace(
        REPORT,
        number=None,
        addressees=("Ủy ban nhân dân tỉnh Bắc Ninh", "Ban Tổ chức Tỉnh ủy"),
        htxs=(),
        khtnv=(),
    )
    text = pdf_text(report.report_pdf(draft))
    assert "DỰ THẢO" in text and "/BC-SNV" in text and "07/BC" not in text
    assert "Kính gửi: - Ủy ban nhân dân tỉnh Bắc Ninh; - Ban Tổ chức Tỉnh ủy." in text
    assert "ngày … tháng … năm …" in text
    assert text.count("Không có.") == 2  # neither list has anyone


def test_report_escapes_user_text():
    risky = replace(REPORT, htxs=(ListedPerson("<b>x</b>", "=1+1", "Phòng A", LABELS[0]),))
    text = pdf_text(report.report_pdf(risky))
    assert "<b>x</b>" in text and "=1+1" in text


SUMMARY = SummaryListData(
    governing_body="UBND TỈNH BẮC NINH",
    agency_name="SỞ NỘI VỤ",
    place="Bắc Ninh",
    year=2026,
    made_on=date(2026, 12, 10),
    groups=(CONG_CHUC, VIEN_CHUC, WORKERS),
    signer_post="GIÁM ĐỐC",
    signer_name="Nguyễn Hữu Thành",
)


def _check_summary(text: str) -> None:
    for expected in (
        "DANH SÁCH TỔNG HỢP",
        "Kết quả đánh giá, xếp loại chất lượng năm 2026",
        "I. CÔNG CHỨC",
        "II. VIÊN CHỨC",
        "III. TỔNG CỘNG",
        "Tổng số: 7 người",
        "- Hoàn thành xuất sắc nhiệm vụ: 2 người (28,6%);",
        "- Không hoàn thành nhiệm vụ: 1 người (14,3%).",
        "Tổng số: 3 người",
        "- Hoàn thành tốt nhiệm vụ: 2 người (66,7%);",
        "Tổng số người được xếp loại: 10 người",
        "- Hoàn thành xuất sắc nhiệm vụ: 3 người (30,0%);",
        "NGƯỜI LAO ĐỘNG (không thuộc đối tượng xếp loại, không tính vào tỷ lệ)",
        "Lê Văn Bảo",
        "Bắc Ninh, ngày 10 tháng 12 năm 2026",
        "Nguyễn Hữu Thành",
    ):
        assert expected in text, expected


def test_summary_list_pdf_text():
    _check_summary(pdf_text(report.summary_list_pdf(SUMMARY)))


def test_summary_list_docx_text():
    text, document = docx_text(report.summary_list_docx(SUMMARY))
    _layout(document)
    _check_summary(" ".join(text.split()))
