"""The domain's codes, their order and their names in the decrees' words: levels, staff groups,
leave kinds and sanctions. Every other place (models, forms, pages, documents, the workbook)
reads them from here; `labels.py` turns the names into page text (English through Babel)."""

from __future__ import annotations


def N_(text: str) -> str:
    """Marks a name for the translation catalogue (babel.cfg extracts this module)."""
    return text


HTXS = "HTXS"
HTT = "HTT"
HTNV = "HTNV"
KHTNV = "KHTNV"

# Best first, as tables, forms and documents list them (Decree 335 Art 13; Decree 233 Art 13).
LEVELS = (HTXS, HTT, HTNV, KHTNV)
RANK = {code: len(LEVELS) - 1 - index for index, code in enumerate(LEVELS)}  # higher is better
LEVEL_NAMES = {
    HTXS: N_("Hoàn thành xuất sắc nhiệm vụ"),
    HTT: N_("Hoàn thành tốt nhiệm vụ"),
    HTNV: N_("Hoàn thành nhiệm vụ"),
    KHTNV: N_("Không hoàn thành nhiệm vụ"),
}

GROUPS = ("can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong")
GROUP_NAMES = {
    "can_bo": N_("Cán bộ"),
    "cong_chuc": N_("Công chức"),
    "vien_chuc": N_("Viên chức"),
    "nguoi_lao_dong": N_("Người lao động"),
}

# Absences that count against the months worked (docs/rules/rules.md §3.2).
LEAVE_KINDS = ("maternity", "sick", "unpaid", "lawful_absence")
LEAVE_NAMES = {
    "maternity": N_("Nghỉ thai sản"),
    "sick": N_("Nghỉ ốm đau"),
    "unpaid": N_("Nghỉ không lương"),
    "lawful_absence": N_("Vắng mặt có lý do chính đáng khác"),
}

# Disciplinary sanctions, lightest first (docs/rules/rules.md: Decree 172/2025, Decree 234/2026).
SANCTIONS = ("reprimand", "warning", "demotion", "removal", "dismissal")
SANCTION_NAMES = {
    "reprimand": N_("Khiển trách"),
    "warning": N_("Cảnh cáo"),
    "demotion": N_("Hạ bậc lương / giáng chức"),
    "removal": N_("Cách chức"),
    "dismissal": N_("Buộc thôi việc"),
}
