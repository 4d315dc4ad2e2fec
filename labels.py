"""The one place where codes get human text: (code, label) lists for forms, pages and the
workbook's words. Vietnamese is the msgid, English comes through Babel. The levels, staff
groups, leave kinds and sanctions, their codes, order and Vietnamese names, belong to the
engine (scoring/vocabulary.py); documents, always in Vietnamese, read those names directly."""

from flask_babel import lazy_gettext as _l

from scoring import vocabulary as words


def _named(codes: tuple[str, ...], names: dict[str, str]) -> list:
    return [(code, _l(names[code])) for code in codes]


GROUPS = _named(words.GROUPS, words.GROUP_NAMES)
POSITIONS = [
    ("staff", _l("Nhân viên")),
    ("manager", _l("Quản lý")),
    ("unit_head", _l("Người đứng đầu đơn vị")),
]
GENDERS = [("male", _l("Nam")), ("female", _l("Nữ"))]
UNIT_KINDS = [
    ("department", _l("Phòng, ban")),
    ("public_service", _l("Đơn vị sự nghiệp công lập")),
    ("constituent", _l("Đơn vị cấu thành")),
]
AGENCY_KINDS = [
    ("administrative", _l("Cơ quan hành chính nhà nước")),
    ("public_service", _l("Đơn vị sự nghiệp công lập")),
]
ROLES = [
    ("staff", _l("Cán bộ, công chức, viên chức")),
    ("unit_head", _l("Trưởng đơn vị")),
    ("hr", _l("Tổ chức cán bộ")),
    ("party_committee", _l("Cấp ủy")),
    ("admin", _l("Quản trị hệ thống")),
]
PERIOD_KINDS = [("quarter", _l("Hằng quý")), ("month", _l("Hằng tháng"))]
CYCLE_STATUSES = [("draft", _l("Nháp")), ("open", _l("Đang mở")), ("closed", _l("Đã đóng"))]
LEVELS = _named(words.LEVELS, words.LEVEL_NAMES)
LEAVE_KINDS = _named(words.LEAVE_KINDS, words.LEAVE_NAMES)
SANCTIONS = _named(words.SANCTIONS, words.SANCTION_NAMES)
QUOTA_BASES = [
    ("htt_or_above", _l("20% số người hoàn thành tốt nhiệm vụ trở lên")),
    ("htt_only", _l("20% số người được xếp loại hoàn thành tốt nhiệm vụ (đọc theo văn bản)")),
]
CADRE_RULES = [
    ("qd366", _l("Quy định 366-QĐ/TW (tạm áp dụng)")),
    ("d335", _l("Áp dụng như công chức (Nghị định 335/2025/NĐ-CP)")),
]
HEAD_CAP_SCOPES = [
    ("service_unit_head", _l("Chỉ người đứng đầu đơn vị sự nghiệp")),
    ("all_unit_heads", _l("Cả người đứng đầu đơn vị cấu thành")),
]


def label(choices: list, code: str | None) -> str:
    """The label of a code, or the code itself when unknown."""
    for value, text in choices:
        if value == code:
            return str(text)
    return code or ""


# Disclosure, petitions, imports and jobs.
DISCLOSURE_METHODS = [
    ("intranet", _l("Hệ thống thông tin nội bộ / cổng thông tin")),
    ("posting", _l("Niêm yết tại trụ sở")),
    ("conference", _l("Hội nghị cán bộ, công chức, viên chức")),
    ("written_notice", _l("Văn bản gửi toàn thể")),
    ("via_heads", _l("Thông qua người đứng đầu đơn vị trực thuộc")),
    ("via_organisations", _l("Qua tổ chức đảng, công đoàn")),
    ("other", _l("Hình thức khác")),
]
PETITION_STATUSES = [
    ("open", _l("Chờ xử lý")),
    ("answered", _l("Đã trả lời")),
    ("accepted", _l("Đã chấp nhận, xếp loại lại")),
    ("rejected", _l("Không chấp nhận")),
]
JOB_KINDS = [
    ("personal_notices", _l("Thông báo kết quả cá nhân (ZIP)")),
    ("results_workbook", _l("Bảng kết quả xếp loại (Excel)")),
]
JOB_STATUSES = [
    ("queued", _l("Đang chờ")),
    ("running", _l("Đang chạy")),
    ("done", _l("Đã xong")),
    ("failed", _l("Lỗi")),
]
IMPORT_SUMMARY = [
    ("units_new", _l("Đơn vị mới")),
    ("units_updated", _l("Đơn vị cập nhật")),
    ("staff_new", _l("Cán bộ mới")),
    ("staff_updated", _l("Cán bộ cập nhật")),
    ("results", _l("Kết quả các năm")),
]
