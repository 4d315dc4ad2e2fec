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
    # scoring.party.RULES (label): the Party rules' names on the settings page
    N_("Mức xếp loại đảng viên không cao hơn mức xếp loại cán bộ, công chức, viên chức cùng năm"),
    N_("Không hoàn thành nhiệm vụ (chính quyền) thì đảng viên không hoàn thành nhiệm vụ"),
    N_("Chỉ xếp loại đảng viên khi đã có kết quả xếp loại chính quyền chính thức cùng năm"),
    N_(
        "Tỷ lệ tối đa “Hoàn thành xuất sắc nhiệm vụ” (tính theo phần trăm số được xếp "
        "“Hoàn thành tốt nhiệm vụ”)"
    ),
    N_("Tỷ lệ tối đa khi tổ chức có thành tích xuất sắc, nổi trội (%)"),
    N_("Áp dụng tỷ lệ dành cho tổ chức có thành tích xuất sắc, nổi trội"),
    N_("Phạm vi tính tỷ lệ: toàn tổ chức cơ sở đảng, từng chi bộ, hoặc từng nhóm mẫu kiểm điểm"),
    N_("Cơ sở tính tỷ lệ: số xếp “Hoàn thành tốt nhiệm vụ” trở lên, hoặc chỉ số xếp mức đó"),
    N_("Khung điểm: từ 90 điểm, từ 70 đến dưới 90, từ 50 đến dưới 70, dưới 50"),
    N_("Điểm tối đa tiêu chí chung"),
    N_("Điểm tối đa kết quả nhiệm vụ"),
    # scoring.party.validate_rule
    N_("Chọn có hoặc không."),
    N_("Nhập một số nguyên từ 0 đến 100."),
    N_("Phạm vi tính tỷ lệ không hợp lệ."),
    N_("Cơ sở tính tỷ lệ không hợp lệ."),
    N_("Khung điểm không hợp lệ."),
    N_("Khung điểm phải giảm dần, trong 0–100."),
)


def translate(text: str | None) -> str:
    """The engine's text in the user's language when the catalogue knows it."""
    from flask_babel import gettext

    return gettext(text) if text else ""
