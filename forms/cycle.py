from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, IntegerField, SelectField, SubmitField
from wtforms.validators import InputRequired, NumberRange

from labels import CADRE_RULES, HEAD_CAP_SCOPES, PERIOD_KINDS, QUOTA_BASES

from .base import AppForm
from .staff import DATE_FORMATS
from .validators import NotBefore


class CycleForm(AppForm):
    year = IntegerField(
        _l("Năm đánh giá"),
        validators=[InputRequired(), NumberRange(min=2020, max=2100, message=_l("Năm từ 2020."))],
    )
    period_kind = SelectField(_l("Kỳ theo dõi"), choices=PERIOD_KINDS)
    self_assessment_deadline = DateField(
        _l("Hạn tự đánh giá"), format=DATE_FORMATS, validators=[InputRequired()]
    )
    review_opens_on = DateField(
        _l("Mở góp ý đồng nghiệp"), format=DATE_FORMATS, validators=[InputRequired()]
    )
    review_closes_on = DateField(
        _l("Đóng góp ý đồng nghiệp"),
        format=DATE_FORMATS,
        validators=[
            InputRequired(),
            NotBefore("review_opens_on", _l("Ngày đóng không được trước ngày mở.")),
        ],
    )
    classification_deadline = DateField(
        _l("Hạn xếp loại"), format=DATE_FORMATS, validators=[InputRequired()]
    )
    quota_base = SelectField(_l("Cách tính tỷ lệ xuất sắc"), choices=QUOTA_BASES)
    outstanding_unit = BooleanField(_l("Cơ quan có thành tích nổi bật (tỷ lệ 25%)"))
    cadre_rules = SelectField(_l("Quy định áp dụng cho cán bộ"), choices=CADRE_RULES)
    head_cap_scope = SelectField(_l("Giới hạn mức của người đứng đầu"), choices=HEAD_CAP_SCOPES)
    classify_contract_workers = BooleanField(_l("Xếp loại cả người lao động"))
    submit = SubmitField(_l("Lưu"))
