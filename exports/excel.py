"""Excel workbooks: results export (streamed), import templates and import parsers.

Writer choice (bench/exports.py, pdf-excel-notes.md): XlsxWriter in ``constant_memory`` mode.
It is the fastest writer that keeps memory flat (100,000 rows: ~12 s flat vs openpyxl write-only
~22 s flat and pandas → openpyxl 27 s and +430 MB), and it lets us write to several sheets at
once while streaming, since each sheet flushes its own rows in order.

Reader choice: openpyxl (typed dates, read-only mode) hardened by defusedxml, after our own zip
checks, because import files come from users.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import IO, Any
from unicodedata import normalize as _normalize

import xlsxwriter
from email_validator import EmailNotValidError, validate_email
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from exports.data import QuotaRow, ResultRow, ResultsData, nfc
from scoring.vocabulary import LEVEL_NAMES, LEVELS

# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------

SUMMARY_SHEET = "Tổng hợp"
QUOTA_SHEET = "Chỉ tiêu"
BASIS_SHEET = "Căn cứ"
UNCLASSIFIED_SHEET = "Không xếp loại"
# Print setup (pdf-excel-notes.md): A4 landscape, one page wide, title rows repeated, page
# numbers in the footer; margins in inches (left 15 mm, right 10 mm, top/bottom 20 mm).
_A4 = 9
_MARGINS = {"left": 0.59, "right": 0.39, "top": 0.79, "bottom": 0.79}
_WRAP_WIDTHS = {
    "Tự xếp loại": 14,
    "Mức đủ điều kiện": 14,
    "Mức đề xuất": 14,
    "Mức quyết định": 14,
    "Lý do": 45,
    "Đơn vị": 22,
    "Nhóm nhiệm vụ tương đồng": 16,
    "Chức vụ/chức danh": 16,
}
DATE_FORMAT = "dd/mm/yyyy"
# Excel and LibreOffice treat a cell typed with these leading characters as a formula (or DDE);
# such text is written with write_string and a quote prefix so it stays text even when edited.
_RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
_MAX_WIDTH = 60
_PROGRESS_EVERY = 1000

RESULT_COLUMNS: tuple[str, ...] = (
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Đơn vị",
    "Nhóm",
    "Nhóm nhiệm vụ tương đồng",
    "Vị trí",
    "Chức vụ/chức danh",
    "Tự xếp loại",
    "Mức đủ điều kiện",
    "Mức đề xuất",
    "Mức quyết định",
    "Điểm",
    "Cần quyết định",
    "Lý do",
    "Ngày quyết định",
)


def _workbook(target: IO[bytes] | io.BytesIO, constant_memory: bool = True) -> xlsxwriter.Workbook:
    return xlsxwriter.Workbook(
        target,
        {
            "constant_memory": constant_memory,
            # Never turn text into formulas, numbers or links behind our back.
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_date_format": DATE_FORMAT,
        },
    )


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _cut(text: str, limit: int) -> str:
    """At most ``limit`` characters, cut at a word boundary (a single long word is cut)."""
    if len(text) <= limit:
        return text.rstrip()
    head = text[: limit + 1]
    cut = head.rfind(" ")
    return (head[:cut] if cut > 0 else text[:limit]).rstrip(" ,-–")


def print_setup(ws: Worksheet, header_row: int) -> None:
    """A4 landscape, fit to one page wide, title and header rows on every page, 'Trang n/N'."""
    ws.set_landscape()
    ws.set_paper(_A4)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(0, header_row)
    ws.set_margins(**_MARGINS)
    ws.set_footer("&C&10Trang &P/&N")
    ws.center_horizontally()


class SheetNames:
    """Excel sheet names: ≤ 31 characters, none of []:*?/\\, unique ignoring case."""

    def __init__(self, reserved: Iterable[str] = ()) -> None:
        self._used: set[str] = {name.casefold() for name in reserved}

    def make(self, wanted: str) -> str:
        base = _SHEET_FORBIDDEN.sub(" ", nfc(wanted)).strip().strip("'").strip() or "Trang"
        base = _cut(re.sub(r"\s+", " ", base), 31)
        name, n = base, 1
        # "History" is reserved by Excel.
        while name.casefold() in self._used or name.casefold() == "history":
            n += 1
            suffix = f" ({n})"
            name = _cut(base, 31 - len(suffix)) + suffix
        self._used.add(name.casefold())
        return name


class _Sheet:
    """A worksheet written row by row that remembers column widths for the end.

    ``write`` is the hot loop of a 100,000-row export: it dispatches on the exact type and keeps
    the width bookkeeping to one comparison per cell (bench/exports.py measures it against bare
    XlsxWriter).
    """

    def __init__(
        self,
        ws: Worksheet,
        headers: tuple[str, ...],
        fmt: _Formats,
        header_row: int = 0,
        titles: tuple[str, ...] = (),
    ) -> None:
        self.ws = ws
        self.headers = headers
        self.fmt = fmt
        self.header_row = header_row
        # Title lines go first: in constant_memory mode a row cannot be written after a later one.
        for n, line in enumerate(titles[:header_row]):
            if line:
                ws.write_string(n, 0, nfc(line), fmt.title if n == 0 else None)
        self.widths = [len(h) + 2 for h in headers]
        # Long-text columns wrap at a set width so the page stays readable when fit to width;
        # the format is on the column, set before any cell (constant_memory mode).
        self.wrapped = {col: _WRAP_WIDTHS[h] for col, h in enumerate(headers) if h in _WRAP_WIDTHS}
        for col, width in self.wrapped.items():
            ws.set_column(col, col, width, fmt.wrap)
        for col, header in enumerate(headers):
            ws.write_string(header_row, col, nfc(header), fmt.header)
        self.row = header_row + 1

    def write_row(self, values: Iterable[Any]) -> None:
        write, row = self.write, self.row
        if self.wrapped:
            values = list(values)
            # Wrapped text needs its row height written (readers do not recompute it); the row
            # options must come before the row's cells in constant_memory mode.
            lines = max(
                (
                    -(-len(values[col]) // max(1, width - 2))
                    for col, width in self.wrapped.items()
                    if col < len(values) and isinstance(values[col], str)
                ),
                default=1,
            )
            if lines > 1:
                self.ws.set_row(row, 15 * lines)
        for col, value in enumerate(values):
            if value is not None:
                write(row, col, value)
        self.row = row + 1

    def write(self, row: int, col: int, value: Any) -> None:
        ws, fmt, kind = self.ws, self.fmt, type(value)
        if kind is str:
            if not value:
                return  # a blank cell, not an empty string
            text = _normalize("NFC", value)
            if text.startswith(_RISKY_PREFIXES):
                ws.write_string(row, col, text, fmt.quoted)
            else:
                ws.write_string(row, col, text)
            # Multi-line text: the widest line sets the width.
            width = 2 + (max(map(len, text.splitlines())) if "\n" in text else len(text))
        elif kind is bool:
            ws.write_string(row, col, "Có" if value else "Không")
            width = 7
        elif kind is date or kind is datetime:
            ws.write_datetime(row, col, value, fmt.date)
            width = 12
        elif kind is int:
            ws.write_number(row, col, value)
            width = len(str(value)) + 2
        elif kind is Decimal:
            # Excel stores doubles; scores have at most 2 decimals, exact enough for display.
            ws.write_number(row, col, float(value), fmt.decimal)
            width = 10
        elif kind is float:  # only shares (0.25 → 25.0%) are floats here
            ws.write_number(row, col, value, fmt.percent)
            width = 9
        else:
            self.write(row, col, str(value))
            return
        widths = self.widths
        if col < len(widths) and width > widths[col]:
            widths[col] = min(width, _MAX_WIDTH)

    def finish(self, filter_: bool = True, sign: bool = False) -> None:
        for col, width in enumerate(self.widths):
            if col not in self.wrapped:
                self.ws.set_column(col, col, width)
        self.ws.freeze_panes(self.header_row + 1, 0)
        last = max(self.row - 1, self.header_row)
        if filter_:
            self.ws.autofilter(self.header_row, 0, last, len(self.headers) - 1)
        print_setup(self.ws, self.header_row)
        if sign:  # Người lập biểu / Thủ trưởng cơ quan, under the table
            right = max(2, len(self.headers) - 4)
            for offset, (left_text, right_text, style) in enumerate(
                (
                    ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG CƠ QUAN", self.fmt.sign),
                    ("(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)", self.fmt.sign_note),
                )
            ):
                self.ws.write_string(last + 2 + offset, 1, left_text, style)
                self.ws.write_string(last + 2 + offset, right, right_text, style)


@dataclass
class _Formats:
    header: Format
    date: Format
    decimal: Format
    percent: Format
    quoted: Format
    title: Format
    sign: Format
    sign_note: Format
    wrap: Format

    @classmethod
    def create(cls, wb: xlsxwriter.Workbook) -> _Formats:
        quoted = wb.add_format()
        quoted.set_quote_prefix()
        return cls(
            header=wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"}),
            date=wb.add_format({"num_format": DATE_FORMAT}),
            decimal=wb.add_format({"num_format": "0.00"}),
            percent=wb.add_format({"num_format": "0.0%"}),
            quoted=quoted,
            title=wb.add_format({"bold": True, "font_size": 13}),
            sign=wb.add_format({"bold": True, "align": "center"}),
            wrap=wb.add_format({"text_wrap": True, "valign": "top"}),
            sign_note=wb.add_format({"italic": True, "align": "center"}),
        )


def _label(code: str | None) -> str | None:
    return LEVEL_NAMES.get(code, code) if code else None


def _result_cells(index: int, r: ResultRow) -> tuple[Any, ...]:
    return (
        index,
        r.code,
        r.full_name,
        r.birth_date,
        r.unit_name,
        r.group,
        r.task_group,
        r.position,
        r.title,
        _label(r.self_level),
        _label(r.eligible_level),
        _label(r.proposed_level),
        _label(r.decided_level),
        r.score,
        r.needs_decision,
        r.reasons,
        r.decided_on,
    )


def _percent_text(rate: Decimal) -> str:
    text = format(rate.normalize(), "f")
    return text.replace(".", ",")  # Vietnamese decimal comma


def quota_arithmetic(q: QuotaRow) -> str:
    """The cap written out, e.g. '⌊20% × 23⌋ = 4' (floor, as computed by the engine)."""
    return f"⌊{_percent_text(q.rate)}% × {q.base}⌋ = {q.cap}"


UNDECIDED = "Chưa quyết định"


def write_results_workbook(
    data: ResultsData,
    fileobj: IO[bytes],
    progress: Callable[[int], None] | None = None,
) -> int:
    """Stream the results export into ``fileobj``; returns the number of person rows.

    Sheets: "Tổng hợp" (counts and shares of decided levels per unit × group), one sheet per
    unit, "Chỉ tiêu" (each HTXS cap with its arithmetic), "Căn cứ" (legal basis and options).
    ``data.rows`` is consumed once; ``progress`` receives the running row count.
    """
    wb = _workbook(fileobj)
    fmt = _Formats.create(wb)
    names = SheetNames(reserved=(SUMMARY_SHEET, QUOTA_SHEET, BASIS_SHEET))
    # Created first so it is the first tab; written last, once the counts are known (allowed in
    # constant_memory mode because nothing was written to it before).
    summary_ws = wb.add_worksheet(SUMMARY_SHEET)
    unit_sheets: dict[str, _Sheet] = {}
    counts: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))

    total = 0
    outside: _Sheet | None = None
    title = f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {data.year}"
    for row in data.rows:
        total += 1
        unit = nfc(row.unit_name)
        if not row.classified:  # own sheet, never in the counts or their percentages
            if outside is None:
                outside = _Sheet(
                    wb.add_worksheet(names.make(UNCLASSIFIED_SHEET)),
                    RESULT_COLUMNS,
                    fmt,
                    header_row=3,
                    titles=(
                        f"NGƯỜI KHÔNG THUỘC DIỆN XẾP LOẠI NĂM {data.year}",
                        f"{data.agency_name} (không tính vào tổng số và tỷ lệ)",
                    ),
                )
            outside.write_row(_result_cells(outside.row - 3, row))
            continue
        sheet = unit_sheets.get(unit)
        if sheet is None:
            sheet = _Sheet(
                wb.add_worksheet(names.make(unit)),
                RESULT_COLUMNS,
                fmt,
                header_row=3,
                titles=(title, f"{data.agency_name} – {unit}"),
            )
            unit_sheets[unit] = sheet
        sheet.write_row(_result_cells(sheet.row - 3, row))
        counts[(unit, nfc(row.group))][row.decided_level or UNDECIDED] += 1
        if progress is not None and total % _PROGRESS_EVERY == 0:
            progress(total)

    for sheet in unit_sheets.values():
        sheet.finish(sign=True)
    if outside is not None:
        outside.finish(sign=True)
    _write_summary(summary_ws, data, counts, fmt)
    _write_quotas(wb.add_worksheet(QUOTA_SHEET), data.quotas, fmt)
    _write_basis(wb.add_worksheet(BASIS_SHEET), data, fmt)
    wb.close()
    if progress is not None:
        progress(total)
    return total


def results_workbook(data: ResultsData) -> bytes:
    buffer = io.BytesIO()
    write_results_workbook(data, buffer)
    return buffer.getvalue()


def _write_summary(
    ws: Worksheet,
    data: ResultsData,
    counts: dict[tuple[str, str], dict[str, int]],
    fmt: _Formats,
) -> None:
    levels = (*LEVELS, UNDECIDED)
    headers: list[str] = ["Đơn vị", "Nhóm", "Tổng số"]
    for code in levels:
        label = LEVEL_NAMES.get(code, code)
        headers += [f"{label}: số người", f"{label}: tỷ lệ"]
    # Title lines above the table; the table header sits on row 3 (0-based), frozen below it.
    ws.write_string(0, 0, nfc(f"{data.agency_name}: kết quả xếp loại năm {data.year}"), fmt.title)
    ws.write_string(1, 0, nfc(f"Phạm vi: {data.scope_label}. Lập ngày:"))
    ws.write_datetime(1, 1, data.generated_on, fmt.date)
    header_row = 3
    # Row options must precede the row's cells: constant_memory flushes rows as it goes.
    ws.set_row(header_row, 45)
    sheet = _Sheet(ws, tuple(headers), fmt, header_row=header_row)
    # Long level headers wrap (row height above) instead of widening every column.
    sheet.widths = [min(width, 18) for width in sheet.widths]

    def emit(unit: str, group: str, per_level: dict[str, int]) -> None:
        n = sum(per_level.values())
        cells: list[Any] = [unit, group, n]
        for code in levels:
            k = per_level.get(code, 0)
            cells += [k, (k / n) if n else 0.0]
        sheet.write_row(cells)

    by_group: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    grand: dict[str, int] = defaultdict(int)
    for (unit, group), per_level in sorted(counts.items()):
        emit(unit, group, per_level)
        for code, k in per_level.items():
            by_group[group][code] += k
            grand[code] += k
    for group, per_level in sorted(by_group.items()):
        emit("Cộng theo nhóm", group, per_level)
    emit("Tổng cộng", "", grand)

    sheet.finish(sign=True)


def _write_quotas(ws: Worksheet, quotas: tuple[QuotaRow, ...], fmt: _Formats) -> None:
    sheet = _Sheet(
        ws,
        (
            "Phạm vi",
            "Cách tính",
            "Tỷ lệ (%)",
            "Cơ sở tính",
            "Chỉ tiêu HTXS",
            "Chỉ tiêu theo cách tính còn lại",
            "Số đủ điều kiện HTXS",
            "Số được quyết định HTXS",
            "Diễn giải",
        ),
        fmt,
    )
    for q in quotas:
        sheet.write_row(
            (
                q.scope,
                q.reading,
                q.rate,
                q.base,
                q.cap,
                q.cap_other_reading,
                q.candidates,
                q.selected,
                quota_arithmetic(q),
            )
        )
    sheet.finish()


def _write_basis(ws: Worksheet, data: ResultsData, fmt: _Formats) -> None:
    sheet = _Sheet(ws, ("Nội dung", "Giá trị"), fmt)
    sheet.write_row(("Cơ quan", data.agency_name))
    sheet.write_row(("Năm đánh giá", data.year))
    sheet.write_row(("Phạm vi", data.scope_label))
    sheet.write_row(("Ngày lập", data.generated_on))
    for label, value in data.legal_basis:
        sheet.write_row((label, value))
    sheet.finish(filter_=False)


# ---------------------------------------------------------------------------------------------
# Import templates
# ---------------------------------------------------------------------------------------------

STAFF_SHEET = "Cán bộ"
UNITS_SHEET = "Đơn vị"
HISTORY_SHEET = "Kết quả các năm"

STAFF_COLUMNS: tuple[str, ...] = (
    "Mã cán bộ",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Chức vụ/chức danh",
    "Nhóm",
    "Vị trí",
    "Nhóm nhiệm vụ tương đồng",
    "Đảng viên",
    "Mã đơn vị",
    "Ngày bắt đầu",
    "Ngày kết thúc",
    "E-mail",
)
# Columns a file may leave out (files made from the template before the column was added).
OPTIONAL_COLUMNS = frozenset({"E-mail"})
UNIT_COLUMNS: tuple[str, ...] = ("Mã đơn vị", "Tên đơn vị", "Mã đơn vị cấp trên", "Loại")
HISTORY_COLUMNS: tuple[str, ...] = ("Năm", "Mã cán bộ", "Họ và tên", "Mức xếp loại")

GENDERS: tuple[str, ...] = ("Nam", "Nữ")
GROUPS: tuple[str, ...] = ("Cán bộ", "Công chức", "Viên chức", "Người lao động")
POSITIONS: tuple[str, ...] = ("Nhân viên", "Quản lý", "Trưởng đơn vị")
YES_NO: tuple[str, ...] = ("Có", "Không")
_DATE_COLUMNS = frozenset({"Ngày sinh", "Ngày bắt đầu", "Ngày kết thúc"})
_CHOICES: dict[str, tuple[str, ...]] = {
    "Giới tính": GENDERS,
    "Nhóm": GROUPS,
    "Vị trí": POSITIONS,
    "Đảng viên": YES_NO,
}


def _template(
    sheets: tuple[tuple[str, tuple[str, ...], tuple[tuple[Any, ...], ...]], ...],
) -> bytes:
    buffer = io.BytesIO()
    wb = _workbook(buffer, constant_memory=False)
    fmt = _Formats.create(wb)
    text = wb.add_format({"num_format": "@"})
    for name, columns, examples in sheets:
        ws = wb.add_worksheet(name)
        sheet = _Sheet(ws, columns, fmt)
        for example in examples:
            sheet.write_row(example)
        sheet.finish(filter_=False)
        for col, header in enumerate(columns):
            if header in _DATE_COLUMNS:
                ws.set_column(col, col, 14, fmt.date)
            elif header.startswith("Mã"):
                # Codes typed as text keep their leading zeros.
                ws.set_column(col, col, max(sheet.widths[col], 14), text)
            if header in _CHOICES:
                ws.data_validation(
                    1, col, 10_000, col, {"validate": "list", "source": list(_CHOICES[header])}
                )
    wb.close()
    return buffer.getvalue()


def staff_template() -> bytes:
    """The staff import template: sheets "Cán bộ" and "Đơn vị" with one example row each."""
    return _template(
        (
            (
                STAFF_SHEET,
                STAFF_COLUMNS,
                (
                    (
                        "CB0001",
                        "Nguyễn Thị Ánh Tuyết",
                        date(1985, 3, 12),
                        "Nữ",
                        "Chuyên viên",
                        "Công chức",
                        "Nhân viên",
                        "Tham mưu tổng hợp",
                        "Có",
                        "P01",
                        date(2026, 1, 1),
                        None,
                        "tuyet.nta@snv.bacninh.gov.vn",
                    ),
                ),
            ),
            (UNITS_SHEET, UNIT_COLUMNS, (("P01", "Phòng Tổ chức cán bộ", "", "Phòng"),)),
        )
    )


def history_template() -> bytes:
    """The template for historical results of earlier years."""
    return _template(
        (
            (
                HISTORY_SHEET,
                HISTORY_COLUMNS,
                ((2025, "CB0001", "Nguyễn Thị Ánh Tuyết", LEVEL_NAMES["HTT"]),),
            ),
        )
    )


# ---------------------------------------------------------------------------------------------
# Import parsing
# ---------------------------------------------------------------------------------------------

# Zip bomb limits, checked on the central directory before any XML is parsed.
MAX_UNCOMPRESSED_BYTES = 100_000_000
MAX_RATIO = 100
MAX_MEMBERS = 1_000


@dataclass(frozen=True, slots=True)
class ImportError:  # the brief's name; shadows the builtin only inside this module
    """One problem in an import file; ``row`` is the 1-based Excel row (0: the whole file)."""

    sheet: str
    row: int
    column: str
    message_vi: str


@dataclass(frozen=True, slots=True)
class UnitRow:
    row: int
    code: str
    name: str
    parent_code: str | None
    kind: str


@dataclass(frozen=True, slots=True)
class StaffRow:
    row: int
    code: str
    full_name: str
    birth_date: date | None
    gender: str | None
    title: str
    group: str
    position: str
    task_group: str
    party_member: bool
    unit_code: str
    start_date: date
    end_date: date | None
    email: str | None = None  # None: no address given, the one on record stays


@dataclass(frozen=True, slots=True)
class HistoryRow:
    row: int
    year: int
    code: str
    full_name: str
    level: str  # HTXS / HTT / HTNV / KHTNV


@dataclass(frozen=True)
class ImportParse:
    """Parsed rows, or errors; rows are empty whenever there is any error (all or nothing)."""

    units: tuple[UnitRow, ...] = ()
    staff: tuple[StaffRow, ...] = ()
    history: tuple[HistoryRow, ...] = ()
    errors: tuple[ImportError, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Refused(Exception):
    def __init__(self, message_vi: str, sheet: str = "") -> None:
        super().__init__(message_vi)
        self.error = ImportError(sheet, 0, "", message_vi)


def _open_workbook(content: bytes, max_bytes: int) -> Any:
    if len(content) > max_bytes:
        raise _Refused(f"Tệp quá lớn ({len(content):,} byte); giới hạn là {max_bytes:,} byte.")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise _Refused("Tệp không phải là bảng tính Excel (.xlsx).")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
            names = {m.filename for m in members}
            if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
                raise _Refused("Tệp nén không phải là bảng tính Excel (.xlsx).")
            if len(members) > MAX_MEMBERS:
                raise _Refused("Tệp có quá nhiều thành phần; không mở.")
            # The declared sizes are what openpyxl will inflate; refuse bombs before parsing.
            total = sum(m.file_size for m in members)
            if total > MAX_UNCOMPRESSED_BYTES:
                raise _Refused("Tệp giải nén quá lớn (nghi tệp độc hại); không mở.")
            for m in members:
                if m.file_size > 1_000_000 and m.file_size > MAX_RATIO * max(m.compress_size, 1):
                    raise _Refused("Tỷ lệ nén bất thường (nghi tệp độc hại); không mở.")
    except zipfile.BadZipFile as exc:
        raise _Refused("Tệp không phải là bảng tính Excel (.xlsx).") from exc

    import openpyxl  # imported late: only import paths pay for it

    try:
        return openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for malformed parts
        raise _Refused("Không đọc được bảng tính Excel (.xlsx): tệp bị hỏng.") from exc


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        # NFC and single spaces: "Nguyễn  Văn A" typed twice must compare equal downstream.
        value = re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
        return value or None
    return value


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


class _SheetReader:
    """Header checks and typed cell access for one sheet, collecting errors."""

    def __init__(self, wb: Any, sheet: str, columns: tuple[str, ...], errors: list[ImportError]):
        self.sheet = sheet
        self.columns = columns
        self.errors = errors
        self.index: dict[str, int] = {}
        self.rows: list[tuple[int, tuple[Any, ...]]] = []
        self.present = sheet in wb.sheetnames
        if not self.present:
            self.error(0, "", f"Thiếu trang tính “{sheet}”.")
            return
        it = wb[sheet].iter_rows(values_only=True)
        header = next(it, None)
        if header is None or all(_clean(v) is None for v in header):
            self.error(1, "", "Trang tính trống: thiếu dòng tiêu đề.")
            self.present = False
            return
        wanted = {_key(c): c for c in columns}
        for col, value in enumerate(header):
            value = _clean(value)
            if value is None:
                continue
            name = wanted.get(_key(str(value)))
            if name is None:
                self.error(1, str(value), f"Cột không có trong mẫu: “{value}”.")
            elif name in self.index:
                self.error(1, name, f"Cột “{name}” bị lặp lại.")
            else:
                self.index[name] = col
        for name in columns:
            if name not in self.index and name not in OPTIONAL_COLUMNS:
                self.error(1, name, f"Thiếu cột “{name}” (không đổi tên hay xoá cột của mẫu).")
        for number, values in enumerate(it, start=2):
            cells = tuple(_clean(v) for v in values)
            if any(v is not None for v in cells):
                self.rows.append((number, cells))

    @property
    def usable(self) -> bool:
        return self.present and all(
            c in self.index for c in self.columns if c not in OPTIONAL_COLUMNS
        )

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append(ImportError(self.sheet, row, column, message))

    def raw(self, cells: tuple[Any, ...], column: str) -> Any:
        col = self.index.get(column)
        return cells[col] if col is not None and col < len(cells) else None

    def text(self, row: int, cells: tuple[Any, ...], column: str, required: bool) -> str | None:
        value = self.raw(cells, column)
        if value is None:
            if required:
                self.error(row, column, f"Thiếu “{column}”.")
            return None
        if isinstance(value, float) and value.is_integer():
            value = int(value)  # a code typed as a number: 1001.0 → "1001"
        if isinstance(value, datetime | date):
            self.error(row, column, f"“{column}” phải là chữ, không phải ngày.")
            return None
        return str(value)

    def date(self, row: int, cells: tuple[Any, ...], column: str, required: bool) -> date | None:
        value = self.raw(cells, column)
        if value is None:
            if required:
                self.error(row, column, f"Thiếu “{column}”.")
            return None
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            # Dates typed as text, the way people write them: dd/mm/yyyy (or dd-mm-yyyy).
            match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", value)
            if match:
                try:
                    return date(int(match[3]), int(match[2]), int(match[1]))
                except ValueError:
                    pass
        self.error(row, column, f"“{column}” không phải là ngày hợp lệ (dd/mm/yyyy): “{value}”.")
        return None

    def choice(self, row: int, cells: tuple[Any, ...], column: str, required: bool) -> str | None:
        value = self.text(row, cells, column, required)
        if value is None:
            return None
        options = _CHOICES[column]
        for option in options:
            if _key(option) == _key(value):
                return option
        self.error(
            row, column, f"Giá trị “{value}” không hợp lệ; chọn một trong: {', '.join(options)}."
        )
        return None


def read_staff_workbook(
    content: bytes,
    *,
    today: date,
    max_bytes: int = 5_000_000,
    known_unit_codes: Iterable[str] | None = None,
) -> ImportParse:
    """Parse and validate a staff import file (template: ``staff_template()``).

    Matching rows to the database is the caller's job. Unit codes referenced by staff (or as a
    parent) that are not in the file's units sheet are reported only when ``known_unit_codes``
    (the codes already in the database) is given.
    """
    try:
        wb = _open_workbook(content, max_bytes)
    except _Refused as refused:
        return ImportParse(errors=(refused.error,))
    errors: list[ImportError] = []
    try:
        units_sheet = _SheetReader(wb, UNITS_SHEET, UNIT_COLUMNS, errors)
        staff_sheet = _SheetReader(wb, STAFF_SHEET, STAFF_COLUMNS, errors)
    finally:
        wb.close()

    units = _parse_units(units_sheet)
    staff = _parse_staff(staff_sheet, today)
    if known_unit_codes is not None:
        known = {c.casefold() for c in known_unit_codes} | {u.code.casefold() for u in units}
        for u in units:
            if u.parent_code and u.parent_code.casefold() not in known:
                units_sheet.error(
                    u.row, "Mã đơn vị cấp trên", f"Không có đơn vị cấp trên mã “{u.parent_code}”."
                )
        for s in staff:
            if s.unit_code.casefold() not in known:
                staff_sheet.error(s.row, "Mã đơn vị", f"Không có đơn vị mã “{s.unit_code}”.")
    if errors:
        return ImportParse(errors=tuple(errors))
    return ImportParse(units=tuple(units), staff=tuple(staff))


def _unique(reader: _SheetReader, row: int, column: str, code: str, seen: dict[str, int]) -> bool:
    first = seen.get(code.casefold())
    if first is not None:
        reader.error(row, column, f"Mã “{code}” trùng với dòng {first}.")
        return False
    seen[code.casefold()] = row
    return True


def _parse_units(reader: _SheetReader) -> list[UnitRow]:
    if not reader.usable:
        return []
    units: list[UnitRow] = []
    seen: dict[str, int] = {}
    for row, cells in reader.rows:
        code = reader.text(row, cells, "Mã đơn vị", required=True)
        name = reader.text(row, cells, "Tên đơn vị", required=True)
        parent = reader.text(row, cells, "Mã đơn vị cấp trên", required=False)
        kind = reader.text(row, cells, "Loại", required=False) or ""
        if code is None or name is None or not _unique(reader, row, "Mã đơn vị", code, seen):
            continue
        if parent is not None and parent.casefold() == code.casefold():
            reader.error(row, "Mã đơn vị cấp trên", "Đơn vị không thể là cấp trên của chính nó.")
            continue
        units.append(UnitRow(row, code, name, parent, kind))
    return units


def _parse_staff(reader: _SheetReader, today: date) -> list[StaffRow]:
    if not reader.usable:
        return []
    if not reader.rows:
        reader.error(2, "", "Trang tính không có dòng dữ liệu nào.")
        return []
    staff: list[StaffRow] = []
    seen: dict[str, int] = {}
    for row, c in reader.rows:
        before = len(reader.errors)
        code = reader.text(row, c, "Mã cán bộ", required=True)
        name = reader.text(row, c, "Họ và tên", required=True)
        birth = reader.date(row, c, "Ngày sinh", required=False)
        gender = reader.choice(row, c, "Giới tính", required=False)
        title = reader.text(row, c, "Chức vụ/chức danh", required=False) or ""
        group = reader.choice(row, c, "Nhóm", required=True)
        position = reader.choice(row, c, "Vị trí", required=True)
        task_group = reader.text(row, c, "Nhóm nhiệm vụ tương đồng", required=False) or ""
        party = reader.choice(row, c, "Đảng viên", required=False)
        unit_code = reader.text(row, c, "Mã đơn vị", required=True)
        start = reader.date(row, c, "Ngày bắt đầu", required=True)
        end = reader.date(row, c, "Ngày kết thúc", required=False)
        email = reader.text(row, c, "E-mail", required=False)
        if email is not None and not valid_email(email.strip()):
            reader.error(row, "E-mail", f"Địa chỉ e-mail không hợp lệ: “{email}”.")
        if birth is not None and birth > today:
            reader.error(row, "Ngày sinh", "Ngày sinh ở tương lai.")
        if start is not None and end is not None and end < start:
            reader.error(row, "Ngày kết thúc", "Ngày kết thúc trước ngày bắt đầu.")
        if code is not None:
            _unique(reader, row, "Mã cán bộ", code, seen)
        if len(reader.errors) > before:
            continue
        assert code and name and group and position and unit_code and start
        staff.append(
            StaffRow(
                row=row,
                code=code,
                full_name=name,
                birth_date=birth,
                gender=gender,
                title=title,
                group=group,
                position=position,
                task_group=task_group,
                party_member=party == "Có",
                unit_code=unit_code,
                start_date=start,
                end_date=end,
                email=email.strip() if email else None,
            )
        )
    return staff


def valid_email(address: str) -> bool:
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


_LEVEL_KEYS: dict[str, str] = {
    **{_key(code): code for code in LEVELS},
    **{_key(label): code for code, label in LEVEL_NAMES.items()},
}


def read_history_workbook(
    content: bytes, *, today: date, max_bytes: int = 5_000_000
) -> ImportParse:
    """Parse historical results of earlier years (template: ``history_template()``).

    "Mức xếp loại" accepts the code (HTT) or the full label (Hoàn thành tốt nhiệm vụ).
    """
    try:
        wb = _open_workbook(content, max_bytes)
    except _Refused as refused:
        return ImportParse(errors=(refused.error,))
    errors: list[ImportError] = []
    try:
        reader = _SheetReader(wb, HISTORY_SHEET, HISTORY_COLUMNS, errors)
    finally:
        wb.close()
    rows: list[HistoryRow] = []
    if reader.usable and not reader.rows:
        reader.error(2, "", "Trang tính không có dòng dữ liệu nào.")
    seen: dict[tuple[int, str], int] = {}
    for row, c in reader.rows if reader.usable else ():
        before = len(errors)
        year_raw = reader.raw(c, "Năm")
        year: int | None = None
        if isinstance(year_raw, int | float) and not isinstance(year_raw, bool):
            year = int(year_raw) if float(year_raw).is_integer() else None
        elif isinstance(year_raw, str) and year_raw.isdigit():
            year = int(year_raw)
        if year_raw is None:
            reader.error(row, "Năm", "Thiếu “Năm”.")
        elif year is None or not 2000 <= year <= today.year:
            reader.error(row, "Năm", f"Năm không hợp lệ: “{year_raw}”.")
        code = reader.text(row, c, "Mã cán bộ", required=True)
        name = reader.text(row, c, "Họ và tên", required=True)
        level_raw = reader.text(row, c, "Mức xếp loại", required=True)
        level = _LEVEL_KEYS.get(_key(level_raw)) if level_raw else None
        if level_raw is not None and level is None:
            reader.error(
                row,
                "Mức xếp loại",
                f"Mức xếp loại không hợp lệ: “{level_raw}”; dùng HTXS, HTT, HTNV hoặc KHTNV.",
            )
        if year is not None and code is not None:
            first = seen.get((year, code.casefold()))
            if first is not None:
                reader.error(row, "Mã cán bộ", f"Năm {year} của “{code}” trùng với dòng {first}.")
            else:
                seen[(year, code.casefold())] = row
        if len(errors) > before:
            continue
        assert year is not None and code and name and level
        rows.append(HistoryRow(row, year, code, name, level))
    if errors:
        return ImportParse(errors=tuple(errors))
    return ImportParse(history=tuple(rows))


def iter_sheet_values(content: bytes, sheet: str) -> Iterator[tuple[Any, ...]]:
    """Values of one sheet of a workbook we produced (tests and tooling)."""
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        yield from wb[sheet].iter_rows(values_only=True)
    finally:
        wb.close()


# ---------------------------------------------------------------------------------------------
# Party members (the Party side: cells and memberships)
# ---------------------------------------------------------------------------------------------

PARTY_SHEET = "Đảng viên"
CELLS_SHEET = "Chi bộ"
PARTY_COLUMNS: tuple[str, ...] = (
    "Mã cán bộ",
    "Họ và tên",
    "Mã chi bộ",
    "Ngày vào Đảng",
    "Loại đảng viên",
    "Ngày chính thức",
    "Mẫu kiểm điểm",
)
CELL_COLUMNS: tuple[str, ...] = ("Mã chi bộ", "Tên chi bộ", "Mã cán bộ bí thư")
MEMBER_STATUSES: tuple[str, ...] = ("Dự bị", "Chính thức")
REVIEW_FORMS: tuple[str, ...] = ("2A", "2B", "2C")
_DATE_COLUMNS = _DATE_COLUMNS | {"Ngày vào Đảng", "Ngày chính thức"}
_CHOICES["Loại đảng viên"] = MEMBER_STATUSES
_CHOICES["Mẫu kiểm điểm"] = REVIEW_FORMS


@dataclass(frozen=True, slots=True)
class CellRow:
    row: int
    code: str
    name: str
    secretary_code: str | None


@dataclass(frozen=True, slots=True)
class MemberRow:
    row: int
    code: str
    full_name: str
    cell_code: str
    joined_on: date
    status: str  # "Dự bị" | "Chính thức"
    full_on: date | None
    form: str  # 2A | 2B | 2C


@dataclass(frozen=True)
class PartyParse:
    cells: tuple[CellRow, ...] = ()
    members: tuple[MemberRow, ...] = ()
    errors: tuple[ImportError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def party_template() -> bytes:
    """The party members template: sheets "Đảng viên" and "Chi bộ"."""
    return _template(
        (
            (
                PARTY_SHEET,
                PARTY_COLUMNS,
                (
                    (
                        "CB0001",
                        "Nguyễn Thị Ánh Tuyết",
                        "CB01",
                        date(2010, 5, 19),
                        "Chính thức",
                        date(2011, 5, 19),
                        "2A",
                    ),
                ),
            ),
            (CELLS_SHEET, CELL_COLUMNS, (("CB01", "Chi bộ Văn phòng", "CB0001"),)),
        )
    )


def read_party_workbook(content: bytes, *, today: date, max_bytes: int = 5_000_000) -> PartyParse:
    """Parse and validate a party members file: every problem by sheet, row and column; rows only
    when there is none (all or nothing). Matching codes to the database is the caller's job."""
    try:
        wb = _open_workbook(content, max_bytes)
    except _Refused as refused:
        return PartyParse(errors=(refused.error,))
    errors: list[ImportError] = []
    try:
        cells_sheet = _SheetReader(wb, CELLS_SHEET, CELL_COLUMNS, errors)
        members_sheet = _SheetReader(wb, PARTY_SHEET, PARTY_COLUMNS, errors)
    finally:
        wb.close()
    cells: list[CellRow] = []
    seen: dict[str, int] = {}
    for row, c in cells_sheet.rows if cells_sheet.usable else ():
        code = cells_sheet.text(row, c, "Mã chi bộ", required=True)
        name = cells_sheet.text(row, c, "Tên chi bộ", required=True)
        secretary = cells_sheet.text(row, c, "Mã cán bộ bí thư", required=False)
        if code and name and _unique(cells_sheet, row, "Mã chi bộ", code, seen):
            cells.append(CellRow(row, code, name, secretary))
    members: list[MemberRow] = []
    seen = {}
    if members_sheet.usable and not members_sheet.rows:
        members_sheet.error(2, "", "Trang tính không có dòng dữ liệu nào.")
    for row, c in members_sheet.rows if members_sheet.usable else ():
        before = len(errors)
        code = members_sheet.text(row, c, "Mã cán bộ", required=True)
        name = members_sheet.text(row, c, "Họ và tên", required=True)
        cell = members_sheet.text(row, c, "Mã chi bộ", required=True)
        joined = members_sheet.date(row, c, "Ngày vào Đảng", required=True)
        status = members_sheet.choice(row, c, "Loại đảng viên", required=True)
        full_on = members_sheet.date(row, c, "Ngày chính thức", required=False)
        form = members_sheet.choice(row, c, "Mẫu kiểm điểm", required=False) or "2B"
        if joined is not None and joined > today:
            members_sheet.error(row, "Ngày vào Đảng", "Ngày vào Đảng ở tương lai.")
        if status == "Chính thức" and full_on is None:
            members_sheet.error(
                row, "Ngày chính thức", "Đảng viên chính thức phải có ngày chính thức."
            )
        if status == "Dự bị" and full_on is not None:
            members_sheet.error(row, "Ngày chính thức", "Đảng viên dự bị chưa có ngày chính thức.")
        if joined is not None and full_on is not None and full_on < joined:
            members_sheet.error(row, "Ngày chính thức", "Ngày chính thức trước ngày vào Đảng.")
        if cell is not None and cells_sheet.usable and cell.casefold() not in seen_cells(cells):
            members_sheet.error(
                row, "Mã chi bộ", f"Không có chi bộ mã “{cell}” ở trang “{CELLS_SHEET}”."
            )
        if code is not None:
            _unique(members_sheet, row, "Mã cán bộ", code, seen)
        if len(errors) > before:
            continue
        assert code and name and cell and joined and status
        members.append(MemberRow(row, code, name, cell, joined, status, full_on, form))
    if errors:
        return PartyParse(errors=tuple(errors))
    return PartyParse(cells=tuple(cells), members=tuple(members))


def seen_cells(cells: list[CellRow]) -> set[str]:
    return {c.code.casefold() for c in cells}
