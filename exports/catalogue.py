"""The catalogue of products in Excel (Decree 335 Art 13): one row per product with its group,
job position, unit and conversion coefficient. Written and read here; the reader keeps the
imports' guards (size, type, zip bomb) and lists every problem by row and column, returning rows
only when there is none (all or nothing)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .excel import (
    ImportError,
    _Formats,
    _open_workbook,
    _Refused,
    _Sheet,
    _SheetReader,
    _unique,
    _workbook,
)

CATALOGUE_SHEET = "Danh mục sản phẩm"
CATALOGUE_COLUMNS = (
    "Mã sản phẩm",
    "Nhóm",
    "Vị trí việc làm",
    "Tên sản phẩm, công việc",
    "Đơn vị tính",
    "Hệ số quy đổi",
    "Mã đơn vị đề xuất",
)
MAX_COEFFICIENT = Decimal(1000)


@dataclass(frozen=True, slots=True)
class CatalogueRow:
    row: int
    code: str
    group: int
    job_position: str
    name: str
    unit_name: str
    coefficient: Decimal
    unit_code: str | None


@dataclass(frozen=True)
class CatalogueParse:
    rows: tuple[CatalogueRow, ...] = ()
    errors: tuple[ImportError, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors


def catalogue_workbook(rows: list[CatalogueRow] | tuple[CatalogueRow, ...]) -> bytes:
    """The catalogue as HR keeps it, header on the first row: the same file imports back
    unchanged. Text that looks like a formula stays text (the writer's quote prefix)."""
    buffer = io.BytesIO()
    wb = _workbook(buffer, constant_memory=False)
    fmt = _Formats.create(wb)
    ws = wb.add_worksheet(CATALOGUE_SHEET)
    sheet = _Sheet(ws, CATALOGUE_COLUMNS, fmt)
    for r in rows:
        sheet.write_row(
            (r.code, r.group, r.job_position, r.name, r.unit_name, r.coefficient, r.unit_code)
        )
    sheet.finish()
    wb.close()
    return buffer.getvalue()


def _coefficient(reader: _SheetReader, row: int, cells: tuple) -> Decimal | None:
    column = "Hệ số quy đổi"
    value = reader.raw(cells, column)
    if value is None:
        reader.error(row, column, f"Thiếu “{column}”.")
        return None
    try:
        number = Decimal(str(value).replace(",", ".")) if not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite() or not 0 < number <= MAX_COEFFICIENT:
        reader.error(row, column, f"Hệ số quy đổi phải là số lớn hơn 0, tối đa 1000: “{value}”.")
        return None
    if number != number.quantize(Decimal("0.01")):
        reader.error(row, column, f"Hệ số quy đổi có tối đa 2 chữ số thập phân: “{value}”.")
        return None
    return number.quantize(Decimal("0.01"))


def _group(reader: _SheetReader, row: int, cells: tuple) -> int | None:
    value = reader.raw(cells, "Nhóm")
    if value is None:
        reader.error(row, "Nhóm", "Thiếu “Nhóm”.")
        return None
    try:
        number = Decimal(str(value)) if not isinstance(value, bool) else None
    except InvalidOperation:
        number = None
    if number is None or number != number.to_integral_value() or not 1 <= number <= 5:
        reader.error(row, "Nhóm", f"Nhóm là số nguyên từ 1 đến 5 (Điều 13): “{value}”.")
        return None
    return int(number)


def read_catalogue_workbook(content: bytes, *, max_bytes: int = 5_000_000) -> CatalogueParse:
    """Parse and check a catalogue file: every problem by row and column; the rows only when
    there is none. Matching unit codes to the database is the caller's job."""
    try:
        wb = _open_workbook(content, max_bytes)
    except _Refused as refused:
        return CatalogueParse(errors=(refused.error,))
    errors: list[ImportError] = []
    try:
        reader = _SheetReader(wb, CATALOGUE_SHEET, CATALOGUE_COLUMNS, errors)
    finally:
        wb.close()
    rows: list[CatalogueRow] = []
    seen: dict[str, int] = {}
    if reader.usable and not reader.rows:
        reader.error(2, "", "Trang tính không có dòng dữ liệu nào.")
    for row, cells in reader.rows if reader.usable else ():
        before = len(errors)
        code = reader.text(row, cells, "Mã sản phẩm", required=True)
        group = _group(reader, row, cells)
        position = reader.text(row, cells, "Vị trí việc làm", required=True)
        name = reader.text(row, cells, "Tên sản phẩm, công việc", required=True)
        unit_name = reader.text(row, cells, "Đơn vị tính", required=True)
        coefficient = _coefficient(reader, row, cells)
        unit_code = reader.text(row, cells, "Mã đơn vị đề xuất", required=False)
        for column, value, limit in (
            ("Mã sản phẩm", code, 32),
            ("Vị trí việc làm", position, 255),
            ("Tên sản phẩm, công việc", name, 500),
            ("Đơn vị tính", unit_name, 64),
        ):
            if value is not None and len(value) > limit:
                reader.error(row, column, f"“{column}” dài quá {limit} ký tự.")
        if code is not None:
            _unique(reader, row, "Mã sản phẩm", code, seen)
        if len(errors) > before:
            continue
        assert code and group and position and name and unit_name and coefficient
        rows.append(
            CatalogueRow(row, code, group, position, name, unit_name, coefficient, unit_code)
        )
    if errors:
        return CatalogueParse(errors=tuple(errors))
    return CatalogueParse(rows=tuple(rows))
