"""The catalogue of human messages: what the engine says in codes (input paths, regime codes,
reason codes) turned into sentences a person reads, in Vietnamese (the msgid) and English (the
catalogue). No regime or option code, internal field name or rule-status note leaves here for a
staff or head screen or an export; HR's rule-status notes come from `provisional_rules`."""

from __future__ import annotations

from .text import N_, ui_text

# Why the engine could not propose a level, by the input it lacked (the path's first field).
MISSING_INPUT = {
    "score": N_("Chưa có điểm năm: phiếu tự đánh giá năm chưa gửi hoặc chưa có kỳ nào được chấm."),
    "period_scores": N_("Điểm các kỳ chưa đầy đủ hoặc chưa hợp lệ."),
    "criteria": N_("Chưa có kết quả theo các tiêu chí: phiếu tự đánh giá năm chưa gửi."),
    "unit_level": N_(
        "Đơn vị chưa được xếp loại: mức của người đứng đầu đơn vị sự nghiệp phụ thuộc vào mức "
        "của đơn vị."
    ),
    "unit_has_regulation": N_("Chưa ghi đơn vị đã ban hành quy chế đánh giá viên chức hay chưa."),
    "months_worked": N_("Số tháng công tác trong năm chưa đúng."),
    "leave": N_("Thông tin nghỉ trong năm chưa đúng."),
    "discipline": N_("Thông tin kỷ luật chưa đầy đủ."),
}
INPUT_PROBLEM = N_("Dữ liệu đánh giá chưa đầy đủ hoặc chưa hợp lệ.")

# The engine's regimes in words (group and legal basis), never their codes.
REGIMES = {
    "D335": N_("Công chức — Nghị định 335/2025/NĐ-CP"),
    "D233": N_("Viên chức — Nghị định 233/2026/NĐ-CP"),
    "D90": N_("Nghị định 90/2020/NĐ-CP"),
    "D90_D48": N_("Viên chức — Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP)"),
    "QD366": N_("Cán bộ — Quy định 366-QĐ/TW"),
}
PROVISIONAL_CODE = "provisional"


def missing_input(field_name: str) -> str:
    """The Vietnamese msgid saying why a person has no proposal; translate with `tr`."""
    return MISSING_INPUT.get(field_name, INPUT_PROBLEM)


def regime_name(code: str | None) -> str:
    """A regime in words, in the user's language (Vietnamese outside a request)."""
    if not code:
        return ""
    return ui_text(REGIMES[code]) if code in REGIMES else ui_text(INPUT_PROBLEM)


def for_people(reasons: list | tuple | None) -> list:
    """The reasons a staff member, a head or an export shows: without the rule-status notes
    (they are HR's to read once, on the cycle page)."""
    return [r for r in reasons or () if _code(r) != PROVISIONAL_CODE]


def provisional_rules(reasons_by_person: list) -> list:
    """The distinct rule-status notes among the reasons (for HR's page): each once."""
    seen: dict[tuple, object] = {}
    for reasons in reasons_by_person:
        for r in reasons or ():
            if _code(r) == PROVISIONAL_CODE:
                seen.setdefault((_get(r, "article"), _get(r, "message")), r)
    return list(seen.values())


def _code(reason) -> str | None:
    return _get(reason, "code")


def _get(reason, key: str):
    return reason.get(key) if isinstance(reason, dict) else getattr(reason, key, None)


# The audit log's actions and objects in words (the log stores codes; unknown ones pass through).
AUDIT_ACTIONS = {
    "create": N_("Tạo mới"),
    "update": N_("Sửa"),
    "save": N_("Lưu"),
    "end": N_("Kết thúc công tác"),
    "move": N_("Chuyển đơn vị"),
    "set_head": N_("Giao người đứng đầu"),
    "change_password": N_("Đổi mật khẩu"),
    "lock": N_("Tạm khóa đăng nhập"),
    "unlock": N_("Mở khóa đăng nhập"),
    "disable": N_("Vô hiệu hóa"),
    "enable": N_("Kích hoạt lại"),
    "roles": N_("Đổi vai trò"),
    "import": N_("Nhập từ tệp"),
    "upload": N_("Tải tệp lên"),
    "score": N_("Chấm điểm"),
    "self_assess": N_("Tự đánh giá"),
    "decide": N_("Quyết định mức"),
    "require_verification": N_("Yêu cầu kiểm tra, xác minh"),
    "conclude_verification": N_("Kết luận kiểm tra, xác minh"),
    "approve": N_("Phê duyệt"),
    "publish": N_("Công khai"),
    "post": N_("Niêm yết"),
    "file": N_("Gửi kiến nghị"),
    "request": N_("Đề nghị"),
    "draft": N_("Trả về bản nháp"),
    "submitted": N_("Gửi"),
    "scored": N_("Chấm xong"),
    "adopted": N_("Thông qua"),
    "open": N_("Mở"),
    "closed": N_("Đóng"),
    "answered": N_("Trả lời"),
    "accepted": N_("Chấp nhận"),
    "rejected": N_("Không chấp nhận"),
    "pending": N_("Chờ xử lý"),
    "granted": N_("Đồng ý"),
    "refused": N_("Từ chối"),
    "set_rule": N_("Điều chỉnh quy định"),
    "self_review": N_("Tự kiểm điểm"),
    "cell_review": N_("Chi bộ nhận xét, đề xuất"),
    "collective_review": N_("Báo cáo kiểm điểm tập thể"),
    "approved": N_("Phê duyệt"),
    "assign": N_("Giao nhiệm vụ"),
    "reported": N_("Báo cáo kết quả"),
    "confirmed": N_("Xác nhận kết quả"),
    "handed_back": N_("Trả lại nhiệm vụ"),
    "assigned": N_("Trả lại để làm tiếp"),
}
AUDIT_ENTITIES = {
    "staff": N_("Hồ sơ cán bộ"),
    "unit": N_("Đơn vị"),
    "cycle": N_("Kỳ đánh giá"),
    "user": N_("Tài khoản"),
    "api_token": N_("Khóa truy cập"),
    "period_sheet": N_("Phiếu chấm điểm kỳ"),
    "annual_form": N_("Phiếu đánh giá năm"),
    "staff_year_record": N_("Dữ kiện trong năm"),
    "discipline": N_("Kỷ luật"),
    "historical_result": N_("Kết quả các năm trước"),
    "peer_review": N_("Góp ý đồng nghiệp"),
    "meeting": N_("Biên bản họp"),
    "written_comment": N_("Ý kiến bằng văn bản"),
    "party_comment": N_("Ý kiến của cấp ủy"),
    "decision": N_("Quyết định xếp loại"),
    "unit_approval": N_("Phê duyệt của đơn vị"),
    "unit_evaluation": N_("Xếp loại đơn vị"),
    "publication": N_("Công khai kết quả"),
    "posting": N_("Niêm yết"),
    "petition": N_("Kiến nghị"),
    "access_request": N_("Đề nghị xem kết quả"),
    "reopen_request": N_("Đề nghị mở lại phiếu"),
    "import_batch": N_("Lô nhập dữ liệu"),
    "job": N_("Tác vụ nền"),
    "party_rule": N_("Quy định của Đảng"),
    "party_round": N_("Đợt kiểm điểm đảng viên"),
    "party_member_review": N_("Kiểm điểm đảng viên"),
    "party_org_review": N_("Kiểm điểm tổ chức đảng"),
    "catalogue_version": N_("Danh mục sản phẩm/công việc"),
    "task": N_("Nhiệm vụ được giao"),
}


def audit_action(code: str | None) -> str:
    return ui_text(AUDIT_ACTIONS[code]) if code in AUDIT_ACTIONS else code or ""


def audit_entity(code: str | None) -> str:
    return ui_text(AUDIT_ENTITIES[code]) if code in AUDIT_ENTITIES else code or ""
