"""The package of final results sent to the national database of cadres, civil servants and
public employees (Decree 335 Art 26.1(d)): plain data in, JSON or Excel bytes out.

The schema is versioned (SCHEMA, VERSION) and documented in docs/national-results.md; a change
that a receiver must know about raises the version.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter

from exports.data import nfc
from scoring.vocabulary import LEVEL_NAMES

SCHEMA = "xeploai.national-results"
VERSION = "1.1"  # 1.1: monthly and quarterly results (period_kind month | quarter, level null)
MEDIA_TYPE = "application/json"
_RISKY_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class NationalRecord:
    record_id: str  # the idempotency key of this record: the same result keeps it on every send
    staff_code: str
    full_name: str
    birth_date: date | None
    staff_group: str  # cong_chuc | vien_chuc | ...
    unit: str
    title: str
    period_kind: str  # year | quarter | month
    period: str  # "2026", "2026-Q3", "2026-05"
    score: Decimal | None
    level: str | None  # HTXS | HTT | HTNV | KHTNV; None for a month or quarter (a score)
    decision_ref: str
    decided_on: date
    final_on: date
    due_on: date
    replaces_record_id: str | None = None


@dataclass(frozen=True)
class NationalPackage:
    package_id: str
    created_at: datetime
    agency_code: str
    agency_name: str
    records: tuple[NationalRecord, ...]


def _plain(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, str):
        return nfc(value)
    return value


def package_dict(package: NationalPackage) -> dict:
    return {
        "schema": SCHEMA,
        "version": VERSION,
        "package_id": package.package_id,
        "created_at": _plain(package.created_at),
        "sender": {"agency_code": package.agency_code, "agency_name": nfc(package.agency_name)},
        "count": len(package.records),
        "records": [
            {key: _plain(value) for key, value in asdict(record).items()}
            for record in package.records
        ],
    }


def package_json(package: NationalPackage) -> bytes:
    return json.dumps(package_dict(package), ensure_ascii=False, sort_keys=True).encode("utf-8")


XLSX_COLUMNS: tuple[tuple[str, str], ...] = (
    ("record_id", "Mã bản ghi"),
    ("staff_code", "Mã cán bộ"),
    ("full_name", "Họ và tên"),
    ("birth_date", "Ngày sinh"),
    ("staff_group", "Nhóm"),
    ("unit", "Đơn vị"),
    ("title", "Chức vụ/chức danh"),
    ("period_kind", "Loại kỳ"),
    ("period", "Kỳ"),
    ("score", "Điểm"),
    ("level", "Mã mức xếp loại"),
    ("level_label", "Mức xếp loại"),
    ("decision_ref", "Số hiệu quyết định"),
    ("decided_on", "Ngày quyết định"),
    ("final_on", "Ngày có kết quả"),
    ("due_on", "Hạn đồng bộ"),
    ("replaces_record_id", "Thay thế bản ghi"),
)


def package_xlsx(package: NationalPackage) -> bytes:
    """The same package as a workbook: a sheet of records and a sheet naming the schema."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    # Text that a spreadsheet would read as a formula stays text, even when the cell is edited.
    quoted = book.add_format({"quote_prefix": True})
    sheet = book.add_worksheet("Kết quả")
    for col, (_key, title) in enumerate(XLSX_COLUMNS):
        sheet.write_string(0, col, title, head)
    for row, record in enumerate(package.records, start=1):
        label = LEVEL_NAMES.get(record.level, record.level) if record.level else None
        values = asdict(record) | {"level_label": label}
        for col, (key, _title) in enumerate(XLSX_COLUMNS):
            value = values[key]
            if value is None:
                continue
            if isinstance(value, date):
                sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), day)
            elif isinstance(value, Decimal):
                sheet.write_number(row, col, float(value))
            else:
                text = nfc(str(value))
                quote = quoted if text.startswith(_RISKY_PREFIXES) else None
                sheet.write_string(row, col, text, quote)
    sheet.freeze_panes(1, 0)
    about = book.add_worksheet("Lược đồ")
    for row, (name, value) in enumerate(
        (
            ("schema", SCHEMA),
            ("version", VERSION),
            ("package_id", package.package_id),
            ("created_at", package.created_at.isoformat()),
            ("agency_code", package.agency_code),
            ("agency_name", nfc(package.agency_name)),
            ("count", str(len(package.records))),
        )
    ):
        about.write_string(row, 0, name)
        about.write_string(row, 1, value)
    book.close()
    return out.getvalue()
