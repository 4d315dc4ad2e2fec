"""Word copies: same content as the PDF, A4 with the Decree 30 margins, Times New Roman."""

from __future__ import annotations

import exports_samples as samples
import pytest
from docx import Document

from exports import word

docx_text = samples.docx_text


def _layout(document: Document) -> None:
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert round(section.left_margin.mm) == 30 and round(section.right_margin.mm) == 15
    assert round(section.top_margin.mm) == 20 and round(section.bottom_margin.mm) == 20
    assert document.styles["Normal"].font.name == "Times New Roman"
    sizes = {
        run.font.size.pt
        for p in document.paragraphs
        for run in p.runs
        if run.font.size is not None and run.text.strip()
    }
    assert sizes and sizes <= {11, 12, 13, 14}


def test_notice_docx_has_the_notice_content():
    data = samples.notice(5, extra_names=("<b>x</b>",))
    text, document = docx_text(word.notice_docx(data))
    _layout(document)
    for expected in (
        "THÔNG BÁO",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 05/TB-SNV",
        "<b>x</b>",
    ):
        assert expected in text
    assert text.count("Độc lập - Tự do - Hạnh phúc") == 1
    assert "- Lưu: VT, TCCB." in text and data.signer_name in text


@pytest.mark.parametrize("regime", ["D335", "D233", "QD366", "D90-01", "D90-02", "D90-03"])
def test_annual_form_docx_is_filled(regime):
    data = samples.annual_form(0, regime)
    text, document = docx_text(word.annual_form_docx(data))
    _layout(document)
    assert data.resolved_title in text and data.full_name in text
    assert "☒ Hoàn thành xuất sắc nhiệm vụ" in text  # the self-level, ticked
    assert "☒ Hoàn thành tốt nhiệm vụ" in text  # the authority's level
    assert data.self_comment in text and data.authority_name in text
    assert "Bắc Ninh, ngày 02 tháng 12 năm 2026" in text


def test_personal_notice_and_minutes_docx():
    text, document = docx_text(word.personal_notice_docx(samples.personal_notice()))
    _layout(document)
    assert "Kính gửi" in text and "Hoàn thành xuất sắc nhiệm vụ" in text
    text, document = docx_text(word.minutes_docx(samples.minutes()))
    _layout(document)
    assert "BIÊN BẢN" in text and "Bùi Quang Huy" in text
