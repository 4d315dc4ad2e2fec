from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import exports_samples as samples
import openpyxl
import openpyxl.xml
import pytest

from exports import excel
from exports.data import QuotaRow
from scoring.vocabulary import LEVEL_NAMES


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    return excel.results_workbook(samples.results(400, payload_every=7))


@pytest.fixture(scope="module")
def book(workbook_bytes: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(workbook_bytes))


def _expected_by_unit(n: int, payload_every: int) -> dict[str, list[Any]]:
    by_unit: dict[str, list[Any]] = {}
    for row in samples.result_rows(n, payload_every):
        by_unit.setdefault(row.unit_name, []).append(row)
    return by_unit


def test_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames[0] == "Tổng hợp"
    assert book.sheetnames[-2:] == ["Chỉ tiêu", "Căn cứ"]
    assert set(book.sheetnames[1:-2]) == set(samples.UNITS)


def test_unit_sheets_round_trip(book: openpyxl.Workbook) -> None:
    expected = _expected_by_unit(400, 7)
    for unit, rows in expected.items():
        ws = book[unit]
        values = list(ws.iter_rows(values_only=True))
        # Title lines, the header on row 4, the people, then the signature lines.
        assert values[0][0].startswith("KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM 2026")
        assert values[3] == excel.RESULT_COLUMNS
        assert "NGƯỜI LẬP BIỂU" in values[-2] and "THỦ TRƯỞNG CƠ QUAN" in values[-2]
        people = values[4 : 4 + len(rows)]
        for i, (got, r) in enumerate(zip(people, rows, strict=True), start=1):
            assert got[0] == i
            assert got[1] == r.code
            assert got[2] == r.full_name
            assert got[3] == datetime.combine(r.birth_date, datetime.min.time())
            assert got[12] == (LEVEL_NAMES[r.decided_level] if r.decided_level else None)
            assert got[13] == pytest.approx(float(r.score))
            assert got[14] == ("Có" if r.needs_decision else "Không")
            assert got[15] == (r.reasons or None)


def test_types_formats_and_sheet_settings(book: openpyxl.Workbook) -> None:
    ws = book["Văn phòng Sở"]
    assert ws.freeze_panes == "A5"
    assert ws.auto_filter.ref == f"A4:Q{ws.max_row - 3}"
    birth = ws["D5"]
    assert birth.is_date and birth.number_format == "dd/mm/yyyy"
    score = ws["N5"]
    assert score.data_type == "n" and isinstance(score.value, float)
    assert ws["A5"].data_type == "n"
    # It prints: A4 landscape, one page wide, title and header rows on every page.
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$4"
    assert "&P" in ws.oddFooter.center.text
    # Widths fit the longest value (the names), not Excel's default 8.43.
    longest = max(len(r.full_name) for r in _expected_by_unit(400, 7)["Văn phòng Sở"])
    assert longest < ws.column_dimensions["C"].width <= longest + 4
    summary = book["Tổng hợp"]
    assert summary.freeze_panes == "A5"
    assert summary.auto_filter.ref is not None


def test_formula_payloads_stay_text(book: openpyxl.Workbook) -> None:
    seen: dict[str, Any] = {}
    for ws in book.worksheets[1:-2]:
        for (cell,) in ws.iter_rows(min_col=3, max_col=3, min_row=5):
            if cell.value in samples.PAYLOADS:
                seen[cell.value] = cell
    assert set(seen) == set(samples.PAYLOADS)
    for value, cell in seen.items():
        assert cell.data_type == "s", value
        assert cell.value == value
    assert seen["=1+1"].value.startswith("=")
    assert seen["=1+1"].quotePrefix


def test_no_formula_anywhere(workbook_bytes: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in archive.read(name), name


def test_summary_counts(book: openpyxl.Workbook) -> None:
    rows = list(book["Tổng hợp"].iter_rows(min_row=5, values_only=True))
    rows = [r for r in rows if r[0] and r[0] != "NGƯỜI LẬP BIỂU" and not r[0].startswith("(")]
    total = rows[-1]
    assert total[0] == "Tổng cộng"
    assert total[2] == 400
    decided = [r.decided_level for r in samples.result_rows(400)]
    assert total[3] == decided.count("HTXS")
    assert total[4] == pytest.approx(decided.count("HTXS") / 400)
    assert total[11] == decided.count(None)
    by_group = {r[1]: r[2] for r in rows if r[0] == "Cộng theo nhóm"}
    assert sum(by_group.values()) == 400


def test_quota_sheet_writes_the_arithmetic(book: openpyxl.Workbook) -> None:
    values = list(book["Chỉ tiêu"].iter_rows(values_only=True))
    assert values[1][:5] == ("Văn phòng Sở", "A", 20, 23, 4)
    assert values[1][-1] == "⌊20% × 23⌋ = 4"
    q = QuotaRow("X", "B", Decimal("12.5"), 17, 2, None, 3, 2)
    assert excel.quota_arithmetic(q) == "⌊12,5% × 17⌋ = 2"


def test_basis_sheet(book: openpyxl.Workbook) -> None:
    values = dict(list(book["Căn cứ"].iter_rows(values_only=True))[1:])
    assert values["Năm đánh giá"] == 2026
    assert values["Công chức"].startswith("Nghị định 335/2025")
    assert values["Ngày lập"] == datetime(2026, 12, 11)


def test_sheet_names_cut_at_a_word_boundary() -> None:
    names = excel.SheetNames()
    cut = names.make("Phòng Xây dựng chính quyền và công tác thanh niên")
    assert cut == "Phòng Xây dựng chính quyền và"
    assert (
        names.make("Phòng Xây dựng chính quyền và công tác khác")
        == "Phòng Xây dựng chính quyền (2)"
    )


def test_sheet_names() -> None:
    names = excel.SheetNames(reserved=("Tổng hợp",))
    assert names.make("Tổng hợp") == "Tổng hợp (2)"
    long = names.make("Phòng Quản lý công chức, viên chức và người lao động [cũ]")
    assert len(long) <= 31 and "[" not in long
    assert names.make("a/b\\c:d*e?f") == "a b c d e f"
    twin = names.make("Phòng Quản lý công chức, viên chức và người lao động [mới]")
    assert twin != long and len(twin) <= 31
    assert names.make("history") == "history (2)"


def test_progress_and_streaming_generator() -> None:
    seen: list[int] = []
    buffer = io.BytesIO()
    n = excel.write_results_workbook(samples.results(2500), buffer, progress=seen.append)
    assert n == 2500
    assert seen == [1000, 2000, 2500]


def test_empty_results_still_valid() -> None:
    content = excel.results_workbook(samples.results(0))
    book = openpyxl.load_workbook(io.BytesIO(content))
    assert book.sheetnames == ["Tổng hợp", "Chỉ tiêu", "Căn cứ"]


@pytest.mark.slow
def test_libreoffice_reads_the_same_values(
    workbook_bytes: bytes, soffice: str, tmp_path: Path
) -> None:
    source = tmp_path / "ket-qua.xlsx"
    source.write_bytes(workbook_bytes)
    # Filter options: comma, double quote, UTF-8, from line 1, ..., "as shown" = true, and
    # sheet -1 = every sheet to its own file (LibreOffice ≥ 7.2).
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    subprocess.run(
        [soffice, "--headless", "--convert-to", options, "--outdir", str(tmp_path), str(source)],
        capture_output=True,
        check=True,
        timeout=180,
    )
    expected = _expected_by_unit(400, 7)
    for unit, rows in expected.items():
        path = tmp_path / f"ket-qua-{unit}.csv"
        assert path.exists(), sorted(p.name for p in tmp_path.iterdir())
        with path.open(encoding="utf-8", newline="") as handle:
            table = list(csv.reader(handle))
        assert tuple(table[3]) == excel.RESULT_COLUMNS
        assert "NGƯỜI LẬP BIỂU" in table[-2]
        for got, r in zip(table[4 : 4 + len(rows)], rows, strict=True):
            assert got[1] == r.code
            assert got[2] == r.full_name  # payloads included, never evaluated
            assert got[3] == r.birth_date.strftime("%d/%m/%Y")
            assert got[13] == f"{r.score:.2f}"
            assert got[16] == (r.decided_on.strftime("%d/%m/%Y") if r.decided_on else "")
    quota = (tmp_path / "ket-qua-Chỉ tiêu.csv").read_text(encoding="utf-8")
    assert "⌊20% × 23⌋ = 4" in quota


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------

GOOD_STAFF: tuple[Any, ...] = (
    "CB0001",
    "Nguyễn Thị Ánh Tuyết",
    date(1985, 3, 12),
    "Nữ",
    "Chuyên viên",
    "Công chức",
    "Nhân viên",
    "Tham mưu",
    "Có",
    "P01",
    date(2026, 1, 1),
    None,
)
TODAY = date(2026, 11, 27)


def _xlsx(sheets: dict[str, list[tuple[Any, ...]]]) -> bytes:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _staff_file(
    rows: list[tuple[Any, ...]],
    headers: tuple[str, ...] = excel.STAFF_COLUMNS,
    units: list[tuple[Any, ...]] | None = None,
) -> bytes:
    unit_rows = units if units is not None else [("P01", "Phòng Tổ chức cán bộ", None, "Phòng")]
    return _xlsx(
        {"Cán bộ": [headers, *rows], "Đơn vị": [excel.UNIT_COLUMNS, *unit_rows]},
    )


def _with(**changes: Any) -> tuple[Any, ...]:
    row = list(GOOD_STAFF)
    for column, value in changes.items():
        row[excel.STAFF_COLUMNS.index(column.replace("_", " "))] = value
    return tuple(row)


def test_defusedxml_is_active() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


def test_template_parses_clean() -> None:
    parsed = excel.read_staff_workbook(excel.staff_template(), today=TODAY)
    assert parsed.ok, parsed.errors
    assert parsed.staff[0].full_name == "Nguyễn Thị Ánh Tuyết"
    assert parsed.staff[0].birth_date == date(1985, 3, 12)
    assert parsed.units[0].code == "P01"
    history = excel.read_history_workbook(excel.history_template(), today=TODAY)
    assert history.ok, history.errors
    assert history.history[0].level == "HTT"


def test_correct_file_parses_and_normalises() -> None:
    import unicodedata

    nfd_name = unicodedata.normalize("NFD", "Đặng Thùy Dương")
    rows = [
        GOOD_STAFF,
        ("CB0002", nfd_name, "05/06/1990", "nam", "", "Viên chức", "Quản lý", "", "Không", "P02",
         "01/01/2026", date(2026, 6, 30)),
        (1003, "  Trương   Quốc Hưng ", None, None, None, "Người lao động", "Trưởng đơn vị", None,
         None, "P01", datetime(2026, 2, 1), None),
    ]  # fmt: skip
    units = [("P01", "Phòng Tổ chức cán bộ", None, "Phòng"), ("P02", "Trung tâm A", "P01", "")]
    parsed = excel.read_staff_workbook(
        _staff_file(rows, units=units), known_unit_codes=(), today=TODAY
    )
    assert parsed.ok, parsed.errors
    a, b, c = parsed.staff
    assert b.full_name == "Đặng Thùy Dương" and b.full_name == unicodedata.normalize(
        "NFC", nfd_name
    )
    assert b.birth_date == date(1990, 6, 5) and b.gender == "Nam" and not b.party_member
    assert b.end_date == date(2026, 6, 30)
    assert a.party_member and a.gender == "Nữ"
    assert c.full_name == "Trương Quốc Hưng"
    assert c.code == "1003" and c.start_date == date(2026, 2, 1) and c.group == "Người lao động"
    assert [u.parent_code for u in parsed.units] == [None, "P01"]


def _assert_refused(parsed: excel.ImportParse, column: str, fragment: str) -> None:
    assert not parsed.ok
    assert parsed.staff == () and parsed.units == () and parsed.history == ()
    assert any(e.column == column and fragment in e.message_vi for e in parsed.errors), (
        parsed.errors
    )


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        (_with(Ngày_sinh="32/13/1990"), "Ngày sinh", "không phải là ngày"),
        (_with(Ngày_sinh="hôm qua"), "Ngày sinh", "không phải là ngày"),
        (_with(Ngày_bắt_đầu=45000), "Ngày bắt đầu", "không phải là ngày"),
        (_with(Ngày_sinh=date(2027, 1, 1)), "Ngày sinh", "tương lai"),
        (_with(Ngày_kết_thúc=date(2025, 12, 31)), "Ngày kết thúc", "trước ngày bắt đầu"),
        (_with(Nhóm="Hợp đồng"), "Nhóm", "không hợp lệ"),
        (_with(Vị_trí="Giám đốc"), "Vị trí", "không hợp lệ"),
        (_with(Giới_tính="X"), "Giới tính", "không hợp lệ"),
        (_with(Đảng_viên="Yes"), "Đảng viên", "không hợp lệ"),
        (_with(Họ_và_tên=None), "Họ và tên", "Thiếu"),
        (_with(Mã_đơn_vị=None), "Mã đơn vị", "Thiếu"),
    ],
)
def test_bad_staff_row(row: tuple[Any, ...], column: str, fragment: str) -> None:
    parsed = excel.read_staff_workbook(_staff_file([GOOD_STAFF, row]), today=TODAY)
    _assert_refused(parsed, column, fragment)
    assert all(e.sheet == "Cán bộ" and e.row == 3 for e in parsed.errors), parsed.errors


def test_duplicate_code_within_file() -> None:
    parsed = excel.read_staff_workbook(_staff_file([GOOD_STAFF, GOOD_STAFF]), today=TODAY)
    _assert_refused(parsed, "Mã cán bộ", "trùng với dòng 2")
    units = [("P01", "A", None, ""), ("p01", "B", None, "")]
    parsed = excel.read_staff_workbook(_staff_file([GOOD_STAFF], units=units), today=TODAY)
    _assert_refused(parsed, "Mã đơn vị", "trùng")


def test_renamed_and_missing_columns() -> None:
    renamed = tuple("Họ tên" if h == "Họ và tên" else h for h in excel.STAFF_COLUMNS)
    parsed = excel.read_staff_workbook(_staff_file([GOOD_STAFF], headers=renamed), today=TODAY)
    _assert_refused(parsed, "Họ và tên", "Thiếu cột")
    _assert_refused(parsed, "Họ tên", "không có trong mẫu")
    missing = tuple(c for c in excel.STAFF_COLUMNS if c != "Ngày kết thúc")
    parsed = excel.read_staff_workbook(_staff_file([GOOD_STAFF[:-1]], headers=missing), today=TODAY)
    _assert_refused(parsed, "Ngày kết thúc", "Thiếu cột")


def test_empty_and_missing_sheets() -> None:
    parsed = excel.read_staff_workbook(_staff_file([]), today=TODAY)
    _assert_refused(parsed, "", "không có dòng dữ liệu")
    parsed = excel.read_staff_workbook(_xlsx({"Cán bộ": []}), today=TODAY)
    assert {e.sheet for e in parsed.errors} == {"Cán bộ", "Đơn vị"} and not parsed.staff
    parsed = excel.read_staff_workbook(_xlsx({"Sheet1": [("a",)]}), today=TODAY)
    _assert_refused(parsed, "", "Thiếu trang tính")


def test_unknown_unit_only_with_known_codes() -> None:
    row = _with(Mã_đơn_vị="P99")
    assert excel.read_staff_workbook(_staff_file([row]), today=TODAY).ok
    parsed = excel.read_staff_workbook(_staff_file([row]), known_unit_codes=("P50",), today=TODAY)
    _assert_refused(parsed, "Mã đơn vị", "P99")
    ok = excel.read_staff_workbook(_staff_file([row]), known_unit_codes=("P99",), today=TODAY)
    assert ok.ok


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"Ho va ten,Ma\nA,1\n", "không phải là bảng tính"),
        (b"%PDF-1.7 not a workbook", "không phải là bảng tính"),
    ],
)
def test_not_a_workbook(content: bytes, fragment: str) -> None:
    parsed = excel.read_staff_workbook(content, today=TODAY)
    _assert_refused(parsed, "", fragment)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_zip_that_is_not_a_workbook() -> None:
    parsed = excel.read_staff_workbook(
        _zip({"word/document.xml": b"<w/>", "a.txt": b"x"}), today=TODAY
    )
    _assert_refused(parsed, "", "không phải là bảng tính")


def test_broken_workbook_parts() -> None:
    content = _zip({"[Content_Types].xml": b"<x", "xl/workbook.xml": b"<<<"})
    _assert_refused(excel.read_staff_workbook(content, today=TODAY), "", "tệp bị hỏng")


def test_over_size() -> None:
    content = excel.staff_template()
    _assert_refused(excel.read_staff_workbook(content, max_bytes=1000, today=TODAY), "", "quá lớn")


def test_zip_bomb_refused_before_parsing() -> None:
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\0" * 50_000_000,
        }
    )
    assert len(bomb) < 200_000
    _assert_refused(excel.read_staff_workbook(bomb, today=TODAY), "", "nghi tệp độc hại")
    wide = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            **{f"xl/media/{i}.bin": bytes(range(256)) * 4000 for i in range(120)},
        }
    )
    _assert_refused(
        excel.read_staff_workbook(wide, max_bytes=50_000_000, today=TODAY), "", "giải nén quá lớn"
    )


# History -------------------------------------------------------------------------------------


def _history(rows: list[tuple[Any, ...]]) -> bytes:
    return _xlsx({"Kết quả các năm": [excel.HISTORY_COLUMNS, *rows]})


def test_history_parses_codes_and_labels() -> None:
    rows = [
        (2024, "CB0001", "Nguyễn Thị Ánh Tuyết", "htxs"),
        ("2025", "CB0001", "Nguyễn Thị Ánh Tuyết", "Hoàn thành tốt nhiệm vụ"),
        (2025, "CB0002", "Trương Quốc Hưng", "Không hoàn thành nhiệm vụ"),
    ]
    parsed = excel.read_history_workbook(_history(rows), today=TODAY)
    assert parsed.ok, parsed.errors
    assert [(h.year, h.level) for h in parsed.history] == [
        (2024, "HTXS"),
        (2025, "HTT"),
        (2025, "KHTNV"),
    ]


@pytest.mark.parametrize(
    ("row", "column", "fragment"),
    [
        ((2027, "CB1", "A", "HTT"), "Năm", "không hợp lệ"),
        (("năm ngoái", "CB1", "A", "HTT"), "Năm", "không hợp lệ"),
        ((2025, "CB1", "A", "Tốt"), "Mức xếp loại", "không hợp lệ"),
        ((2025, "CB0001", "A", "HTT"), "Mã cán bộ", "trùng"),
        ((2025, None, "A", "HTT"), "Mã cán bộ", "Thiếu"),
    ],
)
def test_bad_history_row(row: tuple[Any, ...], column: str, fragment: str) -> None:
    rows = [(2025, "CB0001", "Nguyễn Thị Ánh Tuyết", "HTT"), row]
    _assert_refused(excel.read_history_workbook(_history(rows), today=TODAY), column, fragment)


def test_history_empty_and_bad_file() -> None:
    _assert_refused(
        excel.read_history_workbook(_history([]), today=TODAY), "", "không có dòng dữ liệu"
    )
    _assert_refused(
        excel.read_history_workbook(b"nope", today=TODAY), "", "không phải là bảng tính"
    )


def test_staff_template_has_dropdowns_and_headers() -> None:
    book = openpyxl.load_workbook(io.BytesIO(excel.staff_template()))
    assert book.sheetnames == ["Cán bộ", "Đơn vị"]
    assert tuple(c.value for c in book["Cán bộ"][1]) == excel.STAFF_COLUMNS
    assert tuple(c.value for c in book["Đơn vị"][1]) == excel.UNIT_COLUMNS
    formulas = {dv.formula1 for dv in book["Cán bộ"].data_validations.dataValidation}
    assert '"Cán bộ,Công chức,Viên chức,Người lao động"' in formulas
