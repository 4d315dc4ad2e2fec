"""The bonus split workbook: each person's share of the fund with the arithmetic shown (Decree
73/2024/NĐ-CP Art 4; Decree 335/2025/NĐ-CP Art 23). Plain data in, bytes out."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from exports.data import nfc
from exports.excel import _Formats, _Sheet, _workbook

COLUMNS = (
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Đơn vị",
    "Căn cứ",
    "Hệ số",
    "Phần theo tỷ lệ (đồng)",
    "Phần nguyên (đồng)",
    "Cộng thêm khi làm tròn (đồng)",
    "Số tiền (đồng)",
)


@dataclass(frozen=True)
class BonusRow:
    code: str
    name: str
    unit: str
    basis: str  # "Điểm quý 2: 85,50" or the level's name
    coefficient: Decimal
    exact: Decimal  # fund × coefficient ÷ sum of coefficients, to 2 decimals for display
    floor: int
    extra: int
    amount: int


@dataclass(frozen=True)
class BonusData:
    agency_name: str
    period_label: str  # "Quý 2 năm 2026", "Năm 2026"
    regulation_title: str
    fund: int
    coefficient_sum: Decimal
    generated_on: date
    rows: tuple[BonusRow, ...]


def _money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".")


def bonus_workbook(data: BonusData) -> bytes:
    buffer = io.BytesIO()
    wb = _workbook(buffer, constant_memory=False)
    fmt = _Formats.create(wb)
    ws = wb.add_worksheet("Phân chia quỹ thưởng")
    coefficient_sum = str(data.coefficient_sum).replace(".", ",")
    titles = (
        f"{data.agency_name}: phân chia quỹ tiền thưởng, {data.period_label}",
        f"Căn cứ: {data.regulation_title}; Nghị định 73/2024/NĐ-CP, Điều 4; "
        "Nghị định 335/2025/NĐ-CP, Điều 23.",
        f"Quỹ: {_money(data.fund)} đồng. Tổng hệ số: {coefficient_sum}. "
        "Phần theo tỷ lệ = Quỹ × Hệ số ÷ Tổng hệ số; mỗi người nhận phần nguyên, số đồng còn "
        "lại chia lần lượt 1 đồng cho người có phần lẻ lớn nhất, nên tổng đúng bằng quỹ.",
        f"Lập ngày {data.generated_on:%d/%m/%Y}.",
    )
    header_row = len(titles) + 1
    sheet = _Sheet(ws, COLUMNS, fmt, header_row=header_row, titles=titles)
    money = wb.add_format({"num_format": "#,##0"})
    cents = wb.add_format({"num_format": "#,##0.00"})
    ratio = wb.add_format({"num_format": "0.00"})
    numeric = ((5, ratio), (6, cents), (7, money), (8, money), (9, money))
    for n, r in enumerate(data.rows, start=1):
        sheet.write_row((n, r.code, nfc(r.name), nfc(r.unit), r.basis))
        row = sheet.row - 1
        values = (r.coefficient, r.exact, r.floor, r.extra, r.amount)
        for (col, style), value in zip(numeric, values, strict=True):
            ws.write_number(row, col, float(value), style)
    sheet.widths[5:] = [max(w, 16) for w in sheet.widths[5:]]
    first, last = header_row + 2, sheet.row  # 1-based Excel rows of the people
    total_row = sheet.row
    ws.write_string(total_row, 2, "Cộng", fmt.header)
    if data.rows:
        sums = {
            5: float(sum(r.coefficient for r in data.rows)),
            7: sum(r.floor for r in data.rows),
            8: sum(r.extra for r in data.rows),
            9: sum(r.amount for r in data.rows),
        }
        for col, value in sums.items():
            letter = "ABCDEFGHIJ"[col]
            style = ratio if col == 5 else money
            ws.write_formula(total_row, col, f"=SUM({letter}{first}:{letter}{last})", style, value)
    sheet.row += 1  # the signatures go below the total
    sheet.finish(filter_=False, sign=True)
    wb.close()
    return buffer.getvalue()
