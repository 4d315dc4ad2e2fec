"""Which rule set applies to each staff group in a year, with its legal basis, for people.

The cycle page and the workbook's "Căn cứ" sheet show this table; it reads the same
`regime()` and rule data the engine classifies with, so the two never disagree."""

from __future__ import annotations

from scoring.regimes import REGIMES, regime

ROWS = (
    ("can_bo", "Cán bộ"),
    ("cong_chuc", "Công chức"),
    ("vien_chuc", "Viên chức (đơn vị đã ban hành quy chế đánh giá)"),
    ("vien_chuc", "Viên chức (đơn vị chưa ban hành quy chế đánh giá)"),
    ("nguoi_lao_dong", "Người lao động"),
)

NOTES = {
    "QD366": "Tạm áp dụng (A1): chưa có nghị định về đánh giá cán bộ từ năm 2026; "
    "cơ quan có thể chọn áp dụng như công chức.",
    "D90_D48_fallback": "Nghị định 233/2026/NĐ-CP, Điều 20 khoản 1: đơn vị chưa ban hành quy chế "
    "đánh giá thì áp dụng tiêu chí của Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023).",
}


def describe_regimes(
    year: int, *, cadre_rules: str = "qd366", classify_contract_workers: bool = False
) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for index, (group, label) in enumerate(ROWS):
        has_regulation = index != 3
        if group == "vien_chuc" and year < 2026 and index == 3:
            continue  # the regulation only matters from Decree 233 on
        code = regime(group, year, has_regulation, cadre_rules)
        if code is None:
            note = (
                "Theo quy chế của cơ quan (cơ quan chọn xếp loại theo quy định của nhóm)."
                if classify_contract_workers
                else "Không thuộc phạm vi xếp loại của hệ thống (A3)."
            )
            rows.append(
                {
                    "group": group,
                    "position": label,
                    "regime": "—",
                    "basis": "Quy chế nội bộ của cơ quan",
                    "note": note,
                }
            )
            continue
        rules = REGIMES[code]
        note = rules.provisional_note if rules.provisional_article else ""
        if code == "QD366":
            note = NOTES["QD366"]
        if group == "vien_chuc" and year >= 2026 and not has_regulation:
            note = NOTES["D90_D48_fallback"]
        if group == "can_bo" and code == "D335":
            note = "Cơ quan chọn áp dụng quy định của công chức cho cán bộ (A1)."
        rows.append(
            {
                "group": group,
                "position": label,
                "regime": code,
                "basis": rules.instrument,
                "note": note,
            }
        )
    return rows
