"""The fixed Vietnamese texts the scoring engine returns (criteria names, regimes' groups, legal
bases and notes), marked here for the English catalogue: the engine stays pure and Vietnamese,
and templates translate its texts with the `tr` filter (unknown texts pass through unchanged).
tests/test_i18n.py checks that every text the engine can return is listed."""

from __future__ import annotations

from .text import N_

ENGINE_TEXTS = (
    # scoring.periodic.GENERAL_CRITERIA and MANAGER_CRITERIA (label_vi)
    N_("Phẩm chất chính trị, đạo đức; văn hóa thực thi công vụ"),
    N_("Ý thức tổ chức kỷ luật, kỷ cương trong thực thi nhiệm vụ"),
    N_("Năng lực chuyên môn, nghiệp vụ phù hợp với vị trí việc làm"),
    N_("Khả năng đáp ứng yêu cầu nhiệm vụ thường xuyên, đột xuất"),
    N_("Tinh thần trách nhiệm trong thực hiện nhiệm vụ"),
    N_("Thái độ phục vụ Nhân dân, doanh nghiệp; tinh thần hợp tác"),
    N_("Thái độ phục vụ người sử dụng dịch vụ; tinh thần hợp tác"),
    N_("Đổi mới, sáng tạo; dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung"),
    N_("Kết quả hoạt động của cơ quan, đơn vị được giao phụ trách"),
    N_("Năng lực tổ chức triển khai thực hiện nhiệm vụ"),
    N_("Năng lực tập hợp, đoàn kết công chức, viên chức"),
    # scoring.describe_regimes (position, basis, note)
    N_("Cán bộ"),
    N_("Công chức"),
    N_("Viên chức (đơn vị đã ban hành quy chế đánh giá)"),
    N_("Viên chức (đơn vị chưa ban hành quy chế đánh giá)"),
    N_("Người lao động"),
    N_("Quy định 366-QĐ/TW"),
    N_("Nghị định 335/2025/NĐ-CP"),
    N_("Nghị định 233/2026/NĐ-CP"),
    N_("Nghị định 90/2020/NĐ-CP"),
    N_("Nghị định 90/2020/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP)"),
    N_("Quy chế nội bộ của cơ quan"),
    N_(
        "Tạm áp dụng (A1): chưa có nghị định về đánh giá cán bộ từ năm 2026; cơ quan có thể chọn "
        "áp dụng như công chức."
    ),
    N_("Cơ quan chọn áp dụng quy định của công chức cho cán bộ (A1)."),
    N_(
        "Nghị định 233/2026/NĐ-CP, Điều 20 khoản 1: đơn vị chưa ban hành quy chế đánh giá thì áp "
        "dụng tiêu chí của Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023)."
    ),
    N_("Theo quy chế của cơ quan (cơ quan chọn xếp loại theo quy định của nhóm)."),
    N_("Không thuộc phạm vi xếp loại của hệ thống (A3)."),
)


def translate(text: str | None) -> str:
    """The engine's text in the user's language when the catalogue knows it."""
    from flask_babel import gettext

    return gettext(text) if text else ""
