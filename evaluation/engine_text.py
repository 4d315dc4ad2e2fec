"""The fixed Vietnamese texts the scoring engine returns (criteria names, regimes' groups, legal
bases and notes), marked here for the English catalogue: the engine stays pure and Vietnamese,
and templates translate its texts with the `tr` filter (unknown texts pass through unchanged).
tests/test_i18n.py checks that every text the engine can return is listed."""

from __future__ import annotations

import re
from functools import cache

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


# --- the engine's reasons ---------------------------------------------------------------------
# scoring.reasons.TEMPLATES with {name} written %(name)s (and a literal % as %% where there are
# parameters): the Vietnamese msgid of each reason code. tests/test_engine_reasons.py keeps the
# two in step and checks that every code the engine emits reads in English.
REASON_TEXTS = {
    "score_band": N_("Điểm cả năm thuộc khung mức “%(level)s” (%(band)s)."),
    "criteria_level": N_("Đáp ứng các tiêu chí của mức “%(level)s”."),
    "criteria_not_met": N_("%(what)s: xếp loại “Không hoàn thành nhiệm vụ”."),
    "gap_between_levels": N_(
        "Không đủ tiêu chí mức “Hoàn thành nhiệm vụ” nhưng cũng không thuộc trường hợp "
        "“Không hoàn thành nhiệm vụ” (khoảng trống của quy định): cấp có thẩm quyền quyết định; "
        "đề xuất mức “Hoàn thành nhiệm vụ”."
    ),
    "conditions_not_met": N_(
        "Điểm thuộc khung mức “%(band_level)s” nhưng chưa đáp ứng điều kiện kèm theo (%(what)s): "
        "cấp có thẩm quyền quyết định; đề xuất mức “%(level)s”."
    ),
    "conditions_unchecked": N_(
        "Không có dữ liệu tiêu chí để kiểm tra điều kiện kèm theo khung điểm: xếp theo điểm."
    ),
    "outside_scope": N_(
        "Người lao động không thuộc phạm vi xếp loại theo quy định dành cho cán bộ, công chức, "
        "viên chức: áp dụng quy chế nội bộ của cơ quan, đơn vị; không xếp loại."
    ),
    "under_6_months": N_(
        "Thời gian làm việc thực tế trong năm dưới 6 tháng: không xếp loại chất lượng "
        "(vẫn thực hiện kiểm điểm)."
    ),
    "classified_on_time_worked": N_(
        "Làm việc dưới 6 tháng do %(why)s: xếp loại theo thời gian làm việc thực tế."
    ),
    "absence_cap": N_(
        "Vắng mặt có lý do chính đáng từ 3 tháng đến dưới 6 tháng: không xếp loại từ mức "
        "“Hoàn thành tốt nhiệm vụ” trở lên."
    ),
    "degradation": N_(
        "Cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, "
        "lối sống, “tự diễn biến”, “tự chuyển hóa”: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "discipline": N_(
        "Bị kỷ luật hình thức %(sanction)s có hiệu lực trong năm đánh giá: xếp loại "
        "“Không hoàn thành nhiệm vụ”."
    ),
    "discipline_not_counted": N_(
        "Kỷ luật hình thức %(sanction)s cho hành vi đã được tính ở năm %(year)s: không tính lại "
        "(mỗi hành vi chỉ tính một lần)."
    ),
    "discipline_previous_org": N_(
        "Kỷ luật hình thức %(sanction)s cho vi phạm xảy ra ở cơ quan, tổ chức cũ: tính vào kết "
        "quả đánh giá, xếp loại của cơ quan, tổ chức cũ, không tính ở nơi mới."
    ),
    "outstanding_rate_unavailable": N_(
        "Tỷ lệ tối đa 25%% cho cơ quan, đơn vị có thành tích nổi bật chỉ áp dụng từ năm 2026: "
        "áp dụng tỷ lệ %(rate)s%%."
    ),
    "discipline_not_duty_related": N_(
        "Bị kỷ luật hình thức %(sanction)s vì vi phạm không liên quan đến thực thi nhiệm vụ: "
        "quy định không nêu rõ; cấp có thẩm quyền quyết định, đề xuất mức theo điểm."
    ),
    "corruption": N_(
        "Cơ quan, đơn vị do mình trực tiếp phụ trách để xảy ra tham ô, tham nhũng, lãng phí và "
        "đã bị xử lý: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "corruption_mitigation": N_(
        "Đơn vị do mình phụ trách để xảy ra tham ô, tham nhũng, lãng phí nhưng bản thân đã chủ "
        "động phát hiện, báo cáo, chỉ đạo xử lý kịp thời và khắc phục hậu quả: cấp có thẩm quyền "
        "xem xét, quyết định; đề xuất mức theo điểm."
    ),
    "head_cap": N_(
        "Người đứng đầu không được xếp loại cao hơn mức của đơn vị mình phụ trách "
        "(“%(unit_level)s”)."
    ),
    "head_cap_pending": N_(
        "Chưa có mức xếp loại của tổ chức do mình đứng đầu: mức của người đứng đầu không được "
        "cao hơn mức của tổ chức, cần đối chiếu khi tổ chức được xếp loại."
    ),
    "within_quota": N_(
        "Trong tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” (không vượt quá %(rate)s%% số được xếp "
        "“Hoàn thành tốt nhiệm vụ”), chọn theo điểm từ cao xuống thấp."
    ),
    "over_quota": N_(
        "Vượt tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” %(scope)s (không vượt quá %(rate)s%%): xếp "
        "loại “Hoàn thành tốt nhiệm vụ”."
    ),
    "quota_tie": N_(
        "Đồng điểm tại ngưỡng tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” %(scope)s: cấp có thẩm quyền "
        "chọn người trong số đồng điểm; tạm đề xuất “Hoàn thành tốt nhiệm vụ”."
    ),
    "outstanding_rate": N_(
        "Cơ quan, đơn vị được công nhận có thành tích nổi bật: tỷ lệ tối đa 25% thay cho 20%."
    ),
    "provisional": N_(
        "Quy tắc tạm thời (%(note)s): cần đối chiếu văn bản chính thức trước khi áp dụng."
    ),
    "regulation_fallback": N_(
        "Đơn vị chưa ban hành quy chế đánh giá: năm 2026 áp dụng tiêu chí của Nghị định "
        "90/2020/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP)."
    ),
    "unit_conditions_not_met": N_(
        "Điểm thuộc khung mức “%(band_level)s” nhưng chưa đáp ứng điều kiện (%(what)s): cấp có "
        "thẩm quyền quyết định; đề xuất mức “%(level)s”."
    ),
    "personnel_violation": N_(
        "Có vi phạm trong công tác cán bộ, mất đoàn kết nội bộ, bè phái hoặc chạy chức, chạy "
        "quyền: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "plan_under_70": N_(
        "Hoàn thành dưới 70% kế hoạch công tác năm: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "force_majeure": N_(
        "Hoàn thành dưới 70%% kế hoạch do nguyên nhân bất khả kháng: cấp có thẩm quyền xem xét, "
        "quyết định; đề xuất mức “%(level)s”."
    ),
    "period_general": N_("Điểm tiêu chí chung: tổng điểm các tiêu chí, tối đa 30 điểm."),
    "period_tasks": N_(
        "Điểm kết quả thực hiện nhiệm vụ theo số lượng, chất lượng, tiến độ sản phẩm, công việc "
        "đã quy đổi, tối đa 70 điểm."
    ),
    "late_deduction": N_(
        "%(count)s sản phẩm, công việc chậm tiến độ: trừ 25%% điểm tiến độ của mỗi sản phẩm."
    ),
    "quality_deduction": N_(
        "%(count)s sản phẩm, công việc có sai sót lớn về nội dung: trừ 25%% điểm chất lượng của "
        "mỗi sản phẩm."
    ),
    "objective_cause": N_(
        "%(count)s trường hợp chậm hoặc sai sót do nguyên nhân khách quan được cấp có thẩm quyền "
        "xác nhận: không trừ điểm."
    ),
    "period_mean": N_("Điểm trung bình cộng của %(count)s tháng đã có điểm."),
    "period_band": N_("Điểm của kỳ thuộc khung mức “%(level)s” (%(band)s)."),
    "period_below_50": N_(
        "Dưới 50 điểm: cần phát hiện, khắc phục kịp thời những tồn tại, hạn chế trong thực hiện "
        "nhiệm vụ."
    ),
    "unit_quota_outside": N_(
        "Tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” do cấp có thẩm quyền công nhận bên ngoài cơ quan "
        "áp dụng trong phạm vi quản lý của mình."
    ),
    "unit_quota_small": N_(
        "Cơ quan quản lý có dưới 5 đơn vị: tối đa 1 đơn vị được xếp loại "
        "“Hoàn thành xuất sắc nhiệm vụ”."
    ),
}

# The fixed words the engine puts into a reason's parameters (levels come from the level labels).
REASON_WORDS = (
    # scoring.reasons.SANCTION_VI
    N_("khiển trách"),
    N_("cảnh cáo"),
    N_("hạ bậc lương"),
    N_("cách chức"),
    N_("buộc thôi việc"),
    # scoring.reasons.BAND_VI
    N_("từ 90 điểm trở lên"),
    N_("từ 70 đến dưới 90 điểm"),
    N_("từ 50 đến dưới 70 điểm"),
    N_("dưới 50 điểm"),
    # scoring.engine: leave that still allows a classification, unmet conditions
    N_("nghỉ thai sản"),
    N_("nghỉ ốm"),
    N_("Hơn 50% tiêu chí về kết quả thực hiện nhiệm vụ không bảo đảm"),
    N_("100% nhiệm vụ đúng tiến độ, chất lượng, vượt ít nhất 30% và khắc phục 100% hạn chế"),
    N_("100% nhiệm vụ hoàn thành đúng tiến độ, bảo đảm chất lượng"),
    # scoring.units.conditions
    N_(
        "100% nhiệm vụ đúng tiến độ, chất lượng, vượt ít nhất 30%, không có đơn vị thuộc "
        "“Không hoàn thành nhiệm vụ”, khắc phục hết hạn chế"
    ),
    N_("100% nhiệm vụ đúng tiến độ, chất lượng"),
    N_("100% nhiệm vụ hoàn thành, không quá 20% chậm tiến độ"),
    # scoring.engine.scope_vi and GROUP_VI
    N_("trong cơ quan, tổ chức, đơn vị"),
    N_("trong các đơn vị cùng cấp công nhận"),
    N_("trong nhóm nhiệm vụ tương đồng “%(name)s”"),
    N_("(tính riêng %(group)s)"),
    N_("cán bộ"),
    N_("công chức"),
    N_("viên chức"),
    # the provisional rules' notes
    N_("công thức quy đổi điểm theo quy chế"),
    N_("kỷ luật theo QĐ 366"),
    N_("tỷ lệ theo điểm mở A13/A14"),
    N_("điểm mở A1"),
    N_("điểm mở A13"),
    N_("điểm mở A16"),
    N_("điểm mở A4"),
    N_("điểm mở A4, A11"),
)
_LEVEL_PARAMS = ("level", "band_level", "unit_level")
_SCOPE = re.compile(
    r"^(?:trong nhóm nhiệm vụ tương đồng “(?P<name>.*)”|(?P<plain>trong .+?))"
    r"(?: \(tính riêng (?P<group>[^)]+)\))?$"
)


@cache
def _pattern(code: str) -> re.Pattern | None:
    """A regular expression reading a reason's parameters back from its Vietnamese message."""
    from scoring.reasons import TEMPLATES

    template = TEMPLATES.get(code)
    if template is None:
        return None
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    )
    return re.compile(f"^{regex}$", re.S)


def _word(value: str) -> str:
    from flask_babel import gettext

    if not value:
        return value
    translated = gettext(value)
    if translated != value:
        return translated
    scope = _SCOPE.match(value)
    if scope:
        text = (
            gettext("trong nhóm nhiệm vụ tương đồng “%(name)s”", name=scope["name"])
            if scope["name"] is not None
            else gettext(scope["plain"])
        )
        if scope["group"]:
            text += " " + gettext("(tính riêng %(group)s)", group=gettext(scope["group"]))
        return text
    if ", " in value:  # several kinds of leave, joined by the engine
        return ", ".join(gettext(part) for part in value.split(", "))
    return value


def reason_message(reason) -> str:
    """One reason of the engine in the user's language: the stored Vietnamese message in
    Vietnamese; otherwise its code's sentence with the parameters read back from the message."""
    from flask_babel import get_locale, gettext

    from scoring.vocabulary import LEVEL_NAMES

    get = reason.get if isinstance(reason, dict) else lambda key: getattr(reason, key, None)
    message, code = get("message") or "", get("code") or ""
    locale = get_locale()
    if locale is None or locale.language == "vi" or code not in REASON_TEXTS:
        return message
    pattern = _pattern(code)
    found = pattern.match(message) if pattern else None
    if found is None:  # a message the template no longer makes: shown as stored
        return message
    params = {}
    for name, value in found.groupdict().items():
        if name in _LEVEL_PARAMS:
            level = next((k for k, v in LEVEL_NAMES.items() if v == value), None)
            params[name] = _level_label(level) if level else value
        else:
            params[name] = _word(value)
    return gettext(REASON_TEXTS[code], **params) if params else gettext(REASON_TEXTS[code])


def _level_label(code: str) -> str:
    from labels import LEVELS

    return str(dict(LEVELS)[code])
