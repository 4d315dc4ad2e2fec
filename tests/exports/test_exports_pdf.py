from __future__ import annotations

import io
import re
import resource
import unicodedata
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import exports_samples as samples
import pytest
from exports_samples import pdftext, pdftool

from exports import pdf
from exports.data import NoticeRow

DIACRITIC_NAMES = ("Nguyễn Thị Ánh Tuyết", "Trương Quốc Hưng", "Đặng Thùy Dương")
PAYLOADS = ("<b>x</b>", "=1+1", '<img src="a.png">')


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def long_notice() -> bytes:
    # 120 rows: several pages, so the repeated header and page numbers can be checked.
    data = samples.notice(120, extra_names=DIACRITIC_NAMES + PAYLOADS)
    return pdf.notice_pdf(data)


def test_notice_text_has_every_name_with_diacritics(long_notice: bytes, tmp_path: Path) -> None:
    text = _squash(pdftext(long_notice, tmp_path))
    for name in DIACRITIC_NAMES:
        assert name in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 05/TB-SNV" in text
    assert "Bắc Ninh, ngày 05 tháng 12 năm 2026" in text
    assert "THÔNG BÁO" in text
    assert "Nơi nhận:" in text
    assert "KT. GIÁM ĐỐC" in text


def test_notice_payloads_printed_literally(long_notice: bytes, tmp_path: Path) -> None:
    text = _squash(pdftext(long_notice, tmp_path))
    assert "<b>x</b>" in text
    assert "=1+1" in text
    assert '<img src="a.png">' in text


def test_notice_embeds_tinos(long_notice: bytes, tmp_path: Path) -> None:
    fonts = pdftool("pdffonts", long_notice, tmp_path)
    lines = [line for line in fonts.splitlines() if "Tinos" in line]
    assert lines, fonts
    # Columns: name type encoding emb sub uni ...; every Tinos face embedded and subset.
    for line in lines:
        assert re.search(r"\byes\s+yes\s+yes\b", line), line
    assert len(lines) == len(fonts.splitlines()) - 2  # no other font sneaked in


def test_notice_is_a4(long_notice: bytes, tmp_path: Path) -> None:
    info = pdftool("pdfinfo", long_notice, tmp_path)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info), info
    pages = int(re.search(r"Pages:\s+(\d+)", info)[1])  # type: ignore[index]
    assert pages >= 3


def test_header_repeated_on_page_two(long_notice: bytes, tmp_path: Path) -> None:
    page2 = _squash(pdftext(long_notice, tmp_path, "-f", "2", "-l", "2"))
    for header in ("STT", "Họ và tên", "Chức vụ/chức danh", "Đơn vị", "Mức xếp loại"):
        assert header in page2
    # The national title is only on page 1.
    assert "CỘNG HÒA" not in page2


def _top_margin(pdf_bytes: bytes, tmp_path: Path, page: int) -> str:
    # The top margin is 20 mm = 56.7 pt; crop a little less than that.
    crop = ("-x", "0", "-y", "0", "-W", "595", "-H", "55")
    return pdftext(pdf_bytes, tmp_path, "-f", str(page), "-l", str(page), *crop).strip()


def test_page_number_only_from_page_two(long_notice: bytes, tmp_path: Path) -> None:
    assert _top_margin(long_notice, tmp_path, 1) == ""
    assert _top_margin(long_notice, tmp_path, 2) == "2"
    assert _top_margin(long_notice, tmp_path, 3) == "3"


def test_nfd_input_comes_out_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Đặng Thùy Dương")
    data = samples.notice(1, extra_names=(nfd,))
    text = pdftext(pdf.notice_pdf(data), tmp_path)
    assert "Đặng Thùy Dương" in text
    assert nfd not in text


def test_fetcher_serves_only_bundled_fonts() -> None:
    fetcher = pdf.BundledFontFetcher()
    ok = fetcher.fetch(pdf.FONT_DIR.as_uri() + "/Tinos-Regular.ttf")
    assert ok.read()[:4] == b"\x00\x01\x00\x00"  # a TrueType file
    for url in (
        "http://example.invalid/font.ttf",
        "file:///etc/passwd",
        pdf.FONT_DIR.as_uri() + "/../templates/notice.html",
        pdf.FONT_DIR.as_uri() + "/LICENSE",
        "data:text/plain,hi",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_vn_date_leading_zeros() -> None:
    assert pdf.vn_date(date(2026, 12, 5)) == "ngày 05 tháng 12 năm 2026"
    assert pdf.vn_date(date(2026, 2, 15)) == "ngày 15 tháng 02 năm 2026"
    assert pdf.vn_date(date(2026, 3, 1)) == "ngày 01 tháng 3 năm 2026"
    assert pdf.number_line(5, "TB-SNV") == "Số: 05/TB-SNV"
    assert pdf.number_line(123, "TB-SNV") == "Số: 123/TB-SNV"


@pytest.mark.parametrize("regime", ["D233", "D335", "QD366", "D90-01", "D90-02", "D90-03"])
def test_annual_form(regime: str, tmp_path: Path) -> None:
    data = samples.annual_form(0, regime)
    content = pdf.annual_form_pdf(data)
    text = _squash(pdftext(content, tmp_path))
    assert data.resolved_title in text
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert f"Năm {data.year}" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text
    # At most two pages, and the signature blocks never alone on the last one.
    pages = int(re.search(r"Pages:\s+(\d+)", pdftool("pdfinfo", content, tmp_path)).group(1))
    assert pages <= 2
    last = pdftext(content, tmp_path).split("\f")[pages - 1]
    assert "Trần Văn Bình" in last and ("IV." in last or "III." in last)


def test_annual_form_sections_supplied_by_caller(tmp_path: Path) -> None:
    from dataclasses import replace

    data = replace(
        samples.annual_form(1, "D90-01"),
        sections=(("1. Chính trị tư tưởng", "<i>Tốt</i>"),),
        comments="=cmd",
    )
    text = _squash(pdftext(pdf.annual_form_pdf(data), tmp_path))
    assert "1. Chính trị tư tưởng" in text
    assert "<i>Tốt</i>" in text
    assert "=cmd" in text
    assert "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁN BỘ" in text


def test_minutes(tmp_path: Path) -> None:
    text = _squash(pdftext(pdf.minutes_pdf(samples.minutes()), tmp_path))
    assert "BIÊN BẢN" in text
    assert "Bùi Quang Huy (lý do: ốm)" in text
    assert "HTXS: 1, HTT: 5" in text
    # The anonymous peer tally is never presented as the meeting's vote: the table's vote
    # column says no vote was taken, the tally stands apart, labelled; levels in words.
    table, _sep, after = text.split("Ý kiến cụ thể như sau")[-1].partition(
        "Tổng hợp phiếu góp ý của đồng nghiệp (phiếu không ghi tên"
    )
    assert "HTXS: 1, HTT: 5" not in table and "Không biểu quyết" in table
    assert "HTXS: 1, HTT: 5" in after and "không phải kết quả biểu quyết" in after
    assert "Hoàn thành tốt nhiệm vụ" in text
    assert "đã được đọc lại và thông qua" in text


def test_personal_notice(tmp_path: Path) -> None:
    text = _squash(pdftext(pdf.personal_notice_pdf(samples.personal_notice()), tmp_path))
    assert "Kính gửi: Nguyễn Thị Ánh Tuyết" in text
    assert "Hoàn thành xuất sắc nhiệm vụ" in text
    assert "Bắc Ninh, ngày 03 tháng 02 năm 2026" in text
    assert "Số: 12/TB-SNV" in text


def test_render_many_in_order_with_two_workers(tmp_path: Path) -> None:
    items = [samples.annual_form(i) for i in range(4)]
    one = pdf.render_many(items, "annual_form")
    two = pdf.render_many(items, "annual_form", workers=2)
    assert len(one) == len(two) == 4
    for i, content in enumerate(two):
        assert content.startswith(b"%PDF")
        assert samples.NAMES[i] in _squash(pdftext(content, tmp_path))
    with pytest.raises(ValueError):
        pdf.render_many(items, "nope")


def test_zip_pdfs_flat_unique_names() -> None:
    blob = pdf.zip_pdfs(
        [
            ("Nguyễn Thị Ánh Tuyết.pdf", b"%PDF-1"),
            ("Nguyễn Thị Ánh Tuyết.pdf", b"%PDF-2"),
            ("../../etc/passwd", b"%PDF-3"),
        ]
    )
    with zipfile.ZipFile(io.BytesIO(blob)) as archive:
        names = archive.namelist()
        assert names[0] == "Nguyễn Thị Ánh Tuyết.pdf"
        assert names[1] == "Nguyễn Thị Ánh Tuyết (2).pdf"
        assert "/" not in names[2] and ".." not in names[2]
        assert archive.read(names[1]) == b"%PDF-2"


def test_notice_row_escapes_in_html() -> None:
    # The template engine itself escapes: no markup from user data reaches WeasyPrint.
    html = pdf._ENV.get_template("notice.html").render(
        d=samples.notice(0, extra_names=("<script>x</script>",)),
        number_line="Số: 01/TB",
        place_date="Hà Nội",
        draft=False,
        recipients=("- Lưu: VT.",),
    )
    assert "<script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert isinstance(samples.notice(0).rows, tuple) and NoticeRow


def _faults_per_render(depth: int, render: Callable[[], bytes]) -> float:
    """Minor page faults per render (of 2) called `depth` Python frames deeper than this test."""

    def at_depth(level: int) -> None:
        if level:
            at_depth(level - 1)
            return
        before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        for _ in range(2):
            render()
        faults.append((resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before) / 2)

    faults: list[float] = []
    at_depth(depth)
    return faults[0]


def test_render_cost_does_not_depend_on_the_callers_depth() -> None:
    # On CPython 3.11 a plain WeasyPrint call whose recursion straddles a 16 KiB stack block
    # maps and unmaps that block thousands of times (70 to 9,000 page faults a 30-row notice,
    # by depth); rendered on a deep stack, every depth costs the same few hundred.
    data = samples.notice(30)
    for _ in range(2):  # warm-up: fonts, stylesheet, the heap's first growth
        pdf.notice_pdf(data)
    faults = [_faults_per_render(depth, lambda: pdf.notice_pdf(data)) for depth in range(0, 48, 4)]
    assert max(faults) <= 1000, faults
