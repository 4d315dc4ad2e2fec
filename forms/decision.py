"""Forms of the ranking screen, the re-classification and the units' evaluation."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import HiddenInput

from labels import LEVELS

from .base import AppForm
from .staff import DATE_FORMATS
from .validators import Finite, nfc_strip

LEVEL_CHOICES = [("", _l("— chọn mức —")), *LEVELS]
PCT = NumberRange(min=0, max=100, message=_l("Phải nằm trong khoảng 0–100."))


class DecisionForm(AppForm):
    """One person's level on the ranking screen; `version` is the decision version read."""

    level = SelectField(_l("Mức quyết định"), choices=LEVEL_CHOICES)
    reason = TextAreaField(
        _l("Lý do (bắt buộc khi khác mức đề xuất)"),
        filters=[nfc_strip],
        validators=[Length(max=2000, message=_l("Lý do tối đa 2000 ký tự."))],
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField(_l("Lưu quyết định"))


class ReclassifyForm(DecisionForm):
    reason = TextAreaField(
        _l("Lý do xếp loại lại"),
        filters=[nfc_strip],
        validators=[Length(max=2000, message=_l("Lý do tối đa 2000 ký tự."))],
    )
    submit = SubmitField(_l("Ban hành quyết định xếp loại lại"))


def _pct(label):
    return DecimalField(label, places=2, validators=[InputRequired(_l("Bắt buộc.")), Finite(), PCT])


class UnitSelfAssessmentForm(AppForm):
    """The collective's facts (scoring-api "Units"), proposed by the unit's head."""

    score = DecimalField(
        _l("Tổng điểm tự đánh giá (0–100)"),
        places=2,
        validators=[InputRequired(_l("Bắt buộc.")), Finite(), PCT],
    )
    tasks_on_time_quality_pct = _pct(_l("Nhiệm vụ bảo đảm tiến độ, chất lượng, hiệu quả (%)"))
    exceeded_pct = _pct(_l("Nhiệm vụ vượt mức (%)"))
    tasks_completed_pct = _pct(_l("Nhiệm vụ hoàn thành (%)"))
    behind_schedule_pct = _pct(_l("Nhiệm vụ chậm tiến độ (%)"))
    plan_completed_pct = _pct(_l("Kế hoạch năm hoàn thành (%)"))
    shortcomings_remedied = BooleanField(_l("Đã khắc phục hạn chế, kết luận thanh tra, kiểm tra"))
    force_majeure = BooleanField(_l("Có nguyên nhân bất khả kháng"))
    personnel_violation = BooleanField(
        _l("Có vi phạm trong công tác cán bộ, mất đoàn kết (theo kết luận của cấp có thẩm quyền)")
    )
    criteria_general = TextAreaField(
        _l("Tiêu chí chung (tối đa 30 điểm): mỗi dòng “tên tiêu chí | điểm tối đa | điểm tự chấm”"),
        filters=[nfc_strip],
        validators=[Length(max=4000, message=_l("Tối đa 4000 ký tự."))],
    )
    criteria_tasks = TextAreaField(
        _l(
            "Tiêu chí kết quả thực hiện nhiệm vụ (tối đa 70 điểm): mỗi dòng “tên tiêu chí | "
            "điểm tối đa | điểm tự chấm”"
        ),
        filters=[nfc_strip],
        validators=[Length(max=4000, message=_l("Tối đa 4000 ký tự."))],
    )
    self_level = SelectField(_l("Mức tự đề xuất"), choices=LEVEL_CHOICES)
    self_note = TextAreaField(
        _l("Tóm tắt kết quả"),
        filters=[nfc_strip],
        validators=[Length(max=4000, message=_l("Tối đa 4000 ký tự."))],
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField(_l("Gửi tự đánh giá"))


class UnitDecisionForm(AppForm):
    level = SelectField(_l("Mức xếp loại đơn vị"), choices=LEVEL_CHOICES)
    reason = TextAreaField(
        _l("Lý do (bắt buộc khi khác mức đề xuất)"),
        filters=[nfc_strip],
        validators=[Length(max=2000, message=_l("Lý do tối đa 2000 ký tự."))],
    )
    # The agency itself is recognised outside it (Decree 335 Art 5.2): HR records the decision.
    external_number = StringField(
        _l("Số quyết định công nhận"),
        filters=[nfc_strip],
        validators=[Length(max=64, message=_l("Tối đa 64 ký tự."))],
    )
    external_date = DateField(
        _l("Ngày ký (ngày/tháng/năm)"), format=DATE_FORMATS, validators=[Optional()]
    )
    external_signer = StringField(
        _l("Người ký"),
        filters=[nfc_strip],
        validators=[Length(max=120, message=_l("Tối đa 120 ký tự."))],
    )
    version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    submit = SubmitField(_l("Quyết định"))


class VerificationForm(AppForm):
    """Complaints or signs of disunity: the check ordered, then its conclusion (Art 9.2(a))."""

    text = TextAreaField(
        _l("Nội dung"),
        filters=[nfc_strip],
        validators=[
            InputRequired(_l("Bắt buộc.")),
            Length(max=2000, message=_l("Tối đa 2000 ký tự.")),
        ],
    )
    submit = SubmitField(_l("Ghi nhận"))
