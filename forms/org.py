from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from labels import UNIT_KINDS

from .base import AppForm
from .validators import nfc_strip

CODE_RULE = Regexp(r"^[A-Za-z0-9_.-]+$", message=_l("Mã chỉ gồm chữ không dấu, số, '.', '-', '_'."))


class UnitForm(AppForm):
    code = StringField(
        _l("Mã đơn vị"), filters=[nfc_strip], validators=[DataRequired(), Length(max=32), CODE_RULE]
    )
    name = StringField(
        _l("Tên đơn vị"), filters=[nfc_strip], validators=[DataRequired(), Length(max=255)]
    )
    kind = SelectField(_l("Loại đơn vị"), choices=UNIT_KINDS)
    parent_id = SelectField(_l("Đơn vị cấp trên"), coerce=int, choices=[])
    has_regulation = BooleanField(_l("Đã ban hành quy chế đánh giá"), default=True)
    submit = SubmitField(_l("Lưu"))


class MoveUnitForm(AppForm):
    parent_id = SelectField(_l("Chuyển đến đơn vị cấp trên"), coerce=int, choices=[])
    submit = SubmitField(_l("Chuyển"))


class SetHeadForm(AppForm):
    head_id = SelectField(_l("Người đứng đầu"), coerce=int, choices=[])
    submit = SubmitField(_l("Giao"))
