"""Reason codes and their Vietnamese messages.

A reason is (code, article, message). The same reason object is shared by every person it
applies to (``make`` caches them), so a batch of millions does not build millions of strings.
"""

from functools import cache

from scoring.model import Reason
from scoring.vocabulary import LEVEL_NAMES

SANCTION_VI = {
    "reprimand": "khiển trách",
    "warning": "cảnh cáo",
    "demotion": "hạ bậc lương",
    "removal": "cách chức",
    "dismissal": "buộc thôi việc",
}

TEMPLATES: dict[str, str] = {
    "score_band": "Điểm cả năm thuộc khung mức “{level}” ({band}).",
    "criteria_level": "Đáp ứng các tiêu chí của mức “{level}”.",
    "criteria_not_met": "{what}: xếp loại “Không hoàn thành nhiệm vụ”.",
    "gap_between_levels": (
        "Không đủ tiêu chí mức “Hoàn thành nhiệm vụ” nhưng cũng không thuộc trường hợp "
        "“Không hoàn thành nhiệm vụ” (khoảng trống của quy định): cấp có thẩm quyền quyết định; "
        "đề xuất mức “Hoàn thành nhiệm vụ”."
    ),
    "conditions_not_met": (
        "Điểm thuộc khung mức “{band_level}” nhưng chưa đáp ứng điều kiện kèm theo ({what}): "
        "cấp có thẩm quyền quyết định; đề xuất mức “{level}”."
    ),
    "conditions_unchecked": (
        "Không có dữ liệu tiêu chí để kiểm tra điều kiện kèm theo khung điểm: xếp theo điểm."
    ),
    "outside_scope": (
        "Người lao động không thuộc phạm vi xếp loại theo quy định dành cho cán bộ, công chức, "
        "viên chức: áp dụng quy chế nội bộ của cơ quan, đơn vị; không xếp loại."
    ),
    "under_6_months": (
        "Thời gian làm việc thực tế trong năm dưới 6 tháng: không xếp loại chất lượng "
        "(vẫn thực hiện kiểm điểm)."
    ),
    "classified_on_time_worked": (
        "Làm việc dưới 6 tháng do {why}: xếp loại theo thời gian làm việc thực tế."
    ),
    "absence_cap": (
        "Vắng mặt có lý do chính đáng từ 3 tháng đến dưới 6 tháng: không xếp loại từ mức "
        "“Hoàn thành tốt nhiệm vụ” trở lên."
    ),
    "degradation": (
        "Cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, "
        "lối sống, “tự diễn biến”, “tự chuyển hóa”: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "discipline": (
        "Bị kỷ luật hình thức {sanction} có hiệu lực trong năm đánh giá: xếp loại "
        "“Không hoàn thành nhiệm vụ”."
    ),
    "discipline_not_counted": (
        "Kỷ luật hình thức {sanction} cho hành vi đã được tính ở năm {year}: không tính lại "
        "(mỗi hành vi chỉ tính một lần)."
    ),
    "discipline_previous_org": (
        "Kỷ luật hình thức {sanction} cho vi phạm xảy ra ở cơ quan, tổ chức cũ: tính vào kết quả "
        "đánh giá, xếp loại của cơ quan, tổ chức cũ, không tính ở nơi mới."
    ),
    "outstanding_rate_unavailable": (
        "Tỷ lệ tối đa 25% cho cơ quan, đơn vị có thành tích nổi bật chỉ áp dụng từ năm 2026: "
        "áp dụng tỷ lệ {rate}%."
    ),
    "discipline_not_duty_related": (
        "Bị kỷ luật hình thức {sanction} vì vi phạm không liên quan đến thực thi nhiệm vụ: "
        "quy định không nêu rõ; cấp có thẩm quyền quyết định, đề xuất mức theo điểm."
    ),
    "corruption": (
        "Cơ quan, đơn vị do mình trực tiếp phụ trách để xảy ra tham ô, tham nhũng, lãng phí và "
        "đã bị xử lý: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "corruption_mitigation": (
        "Đơn vị do mình phụ trách để xảy ra tham ô, tham nhũng, lãng phí nhưng bản thân đã chủ "
        "động phát hiện, báo cáo, chỉ đạo xử lý kịp thời và khắc phục hậu quả: cấp có thẩm quyền "
        "xem xét, quyết định; đề xuất mức theo điểm."
    ),
    "head_cap": (
        "Người đứng đầu không được xếp loại cao hơn mức của đơn vị mình phụ trách (“{unit_level}”)."
    ),
    "head_cap_pending": (
        "Chưa có mức xếp loại của tổ chức do mình đứng đầu: mức của người đứng đầu không được "
        "cao hơn mức của tổ chức, cần đối chiếu khi tổ chức được xếp loại."
    ),
    "within_quota": (
        "Trong tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” (không vượt quá {rate}% số được xếp "
        "“Hoàn thành tốt nhiệm vụ”), chọn theo điểm từ cao xuống thấp."
    ),
    "over_quota": (
        "Vượt tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” {scope} (không vượt quá {rate}%): xếp loại "
        "“Hoàn thành tốt nhiệm vụ”."
    ),
    "quota_tie": (
        "Đồng điểm tại ngưỡng tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” {scope}: cấp có thẩm quyền "
        "chọn người trong số đồng điểm; tạm đề xuất “Hoàn thành tốt nhiệm vụ”."
    ),
    "outstanding_rate": (
        "Cơ quan, đơn vị được công nhận có thành tích nổi bật: tỷ lệ tối đa 25% thay cho 20%."
    ),
    "provisional": "Quy tắc tạm thời ({note}): cần đối chiếu văn bản chính thức trước khi áp dụng.",
    "regulation_fallback": (
        "Đơn vị chưa ban hành quy chế đánh giá: năm 2026 áp dụng tiêu chí của Nghị định "
        "90/2020/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP)."
    ),
    "unit_conditions_not_met": (
        "Điểm thuộc khung mức “{band_level}” nhưng chưa đáp ứng điều kiện ({what}): cấp có "
        "thẩm quyền quyết định; đề xuất mức “{level}”."
    ),
    "personnel_violation": (
        "Có vi phạm trong công tác cán bộ, mất đoàn kết nội bộ, bè phái hoặc chạy chức, chạy "
        "quyền: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "plan_under_70": (
        "Hoàn thành dưới 70% kế hoạch công tác năm: xếp loại “Không hoàn thành nhiệm vụ”."
    ),
    "force_majeure": (
        "Hoàn thành dưới 70% kế hoạch do nguyên nhân bất khả kháng: cấp có thẩm quyền xem xét, "
        "quyết định; đề xuất mức “{level}”."
    ),
    "period_general": "Điểm tiêu chí chung: tổng điểm các tiêu chí, tối đa 30 điểm.",
    "period_tasks": (
        "Điểm kết quả thực hiện nhiệm vụ theo số lượng, chất lượng, tiến độ sản phẩm, công việc "
        "đã quy đổi, tối đa 70 điểm."
    ),
    "late_deduction": (
        "{count} sản phẩm, công việc chậm tiến độ: trừ 25% điểm tiến độ của mỗi sản phẩm."
    ),
    "quality_deduction": (
        "{count} sản phẩm, công việc có sai sót lớn về nội dung: trừ 25% điểm chất lượng của mỗi "
        "sản phẩm."
    ),
    "objective_cause": (
        "{count} trường hợp chậm hoặc sai sót do nguyên nhân khách quan được cấp có thẩm quyền "
        "xác nhận: không trừ điểm."
    ),
    "period_mean": "Điểm trung bình cộng của {count} tháng đã có điểm.",
    "period_band": "Điểm của kỳ thuộc khung mức “{level}” ({band}).",
    "period_below_50": (
        "Dưới 50 điểm: cần phát hiện, khắc phục kịp thời những tồn tại, hạn chế trong thực hiện "
        "nhiệm vụ."
    ),
    "unit_quota_outside": (
        "Tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” do cấp có thẩm quyền công nhận bên ngoài cơ quan "
        "áp dụng trong phạm vi quản lý của mình."
    ),
    "unit_quota_small": (
        "Cơ quan quản lý có dưới 5 đơn vị: tối đa 1 đơn vị được xếp loại "
        "“Hoàn thành xuất sắc nhiệm vụ”."
    ),
}

BAND_VI = {
    "HTXS": "từ 90 điểm trở lên",
    "HTT": "từ 70 đến dưới 90 điểm",
    "HTNV": "từ 50 đến dưới 70 điểm",
    "KHTNV": "dưới 50 điểm",
}

# Codes that mark a rule resting on an unverified source (docs/rules/decisions.md).
PROVISIONAL = "provisional"


@cache
def make(code: str, article: str, **params: str) -> Reason:
    """One shared Reason per (code, article, parameters). Every reason cites its article."""
    if not article:
        raise ValueError(f"reason {code!r} without an article")
    for key in ("level", "band_level", "unit_level"):
        if key in params:
            params[key] = LEVEL_NAMES[params[key]]
    if "sanction" in params:
        params["sanction"] = SANCTION_VI[params["sanction"]]
    return Reason(code, article, TEMPLATES[code].format(**params))


def provisional(article: str, note: str) -> Reason:
    return make(PROVISIONAL, article, note=note)
