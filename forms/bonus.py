"""The bonus regulation and the fund to split (the service checks the numbers)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from .base import AppForm
from .validators import nfc_strip

PERIODS = [
    ("q1", _l("Quý 1")),
    ("q2", _l("Quý 2")),
    ("q3", _l("Quý 3")),
    ("q4", _l("Quý 4")),
    ("h1", _l("6 tháng đầu năm")),
    ("h2", _l("6 tháng cuối năm")),
    ("year", _l("Cả năm (theo mức xếp loại)")),
]


class BonusRegulationForm(AppForm):
    title = StringField(
        _l("Tên quy chế tiền thưởng"), filters=[nfc_strip], validators=[Length(max=255)]
    )
    htxs = StringField(_l("Hệ số: Hoàn thành xuất sắc nhiệm vụ"), filters=[nfc_strip])
    htt = StringField(_l("Hệ số: Hoàn thành tốt nhiệm vụ"), filters=[nfc_strip])
    htnv = StringField(_l("Hệ số: Hoàn thành nhiệm vụ"), filters=[nfc_strip])
    khtnv = StringField(_l("Hệ số: Không hoàn thành nhiệm vụ"), filters=[nfc_strip])
    bands = TextAreaField(
        _l("Khung điểm quý, 6 tháng: mỗi dòng điểm thấp nhất và hệ số"),
        filters=[nfc_strip],
        validators=[Length(max=2000)],
    )
    version = HiddenField()
    submit = SubmitField(_l("Lưu quy chế"))


class BonusSplitForm(AppForm):
    class Meta:
        csrf = False  # a GET form: it only reads

    period = SelectField(_l("Kỳ"), choices=PERIODS)
    fund = StringField(_l("Quỹ tiền thưởng (đồng)"), filters=[nfc_strip])
    submit = SubmitField(_l("Tính phân chia"))
