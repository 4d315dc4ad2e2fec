"""The legal texts documents cite, in one place (titles as published; the texts read are listed
in docs/rules/verification.md)."""

from __future__ import annotations

from datetime import date

from ..models import StaffGroup

D335 = (
    "Nghị định số 335/2025/NĐ-CP ngày 21 tháng 12 năm 2025 của Chính phủ quy định về đánh giá, "
    "xếp loại chất lượng đối với cơ quan hành chính nhà nước và công chức"
)
D233 = (
    "Nghị định số 233/2026/NĐ-CP ngày 26 tháng 6 năm 2026 của Chính phủ quy định về đánh giá, "
    "xếp loại chất lượng đơn vị sự nghiệp công lập và viên chức"
)
D90 = (
    "Nghị định số 90/2020/NĐ-CP ngày 13 tháng 8 năm 2020 của Chính phủ về đánh giá, xếp loại "
    "chất lượng cán bộ, công chức, viên chức (được sửa đổi, bổ sung tại Nghị định số "
    "48/2023/NĐ-CP ngày 17 tháng 7 năm 2023)"
)
QD366 = (
    "Quy định số 366-QĐ/TW ngày 30 tháng 8 năm 2025 của Ban Chấp hành Trung ương về kiểm điểm, "
    "đánh giá, xếp loại chất lượng hằng năm đối với tập thể, cá nhân trong hệ thống chính trị"
)
LAW_DEMOCRACY = "Luật Thực hiện dân chủ ở cơ sở số 10/2022/QH15"
PETITION_ARTICLE = "Điều 22 Nghị định số 335/2025/NĐ-CP"


def basis_lines(year: int, groups: set[StaffGroup]) -> tuple[str, ...]:
    """'Căn cứ …;' lines for the groups a document is about, in the year's regime."""
    texts: list[str] = []
    if year <= 2025:
        texts.append(D90)
    else:
        if StaffGroup.CAN_BO in groups:
            texts.append(QD366)
        if StaffGroup.CONG_CHUC in groups or not groups:
            texts.append(D335)
        if StaffGroup.VIEN_CHUC in groups:
            texts.append(D233)
    texts.append(LAW_DEMOCRACY)
    return tuple(f"Căn cứ {t};" for t in texts)


def petition_paragraph(body: str, until: date | None) -> str:
    """The right to petition and the 7-working-day time limit (Decree 335 Art 22)."""
    when = f" đến hết ngày {until:%d/%m/%Y}" if until else " trong thời gian công khai"
    return (
        "Trường hợp không nhất trí với kết quả xếp loại chất lượng của mình, cán bộ, công chức, "
        f"viên chức có quyền kiến nghị bằng văn bản gửi {body}{when}. Người có thẩm quyền "
        "đánh giá, xếp loại chất lượng giải quyết kiến nghị trong thời hạn 07 ngày làm việc kể "
        f"từ ngày nhận được kiến nghị ({PETITION_ARTICLE})."
    )
