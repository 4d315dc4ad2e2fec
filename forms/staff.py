from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from labels import GENDERS, GROUPS, POSITIONS

from .base import AppForm
from .org import CODE_RULE
from .validators import NotBefore, NotInFuture, nfc_strip

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class StaffForm(AppForm):
    code = StringField(
        _l("Mã cán bộ"), filters=[nfc_strip], validators=[DataRequired(), Length(max=32), CODE_RULE]
    )
    full_name = StringField(
        _l("Họ và tên"), filters=[nfc_strip], validators=[DataRequired(), Length(max=120)]
    )
    birth_date = DateField(
        _l("Ngày sinh"), format=DATE_FORMATS, validators=[Optional(), NotInFuture()]
    )
    gender = SelectField(_l("Giới tính"), choices=GENDERS)
    title = StringField(_l("Chức vụ, chức danh"), filters=[nfc_strip], validators=[Length(max=120)])
    group = SelectField(_l("Nhóm"), choices=GROUPS)
    position = SelectField(_l("Vị trí"), choices=POSITIONS)
    task_group = StringField(
        _l("Nhóm nhiệm vụ tương đồng"), filters=[nfc_strip], validators=[Length(max=120)]
    )
    party_member = BooleanField(_l("Đảng viên"))
    unit_id = SelectField(_l("Đơn vị"), coerce=int, choices=[], validators=[InputRequired()])
    start_date = DateField(
        _l("Ngày bắt đầu công tác"), format=DATE_FORMATS, validators=[Optional()]
    )
    end_date = DateField(
        _l("Ngày thôi công tác"),
        format=DATE_FORMATS,
        validators=[
            Optional(),
            NotBefore("start_date", _l("Ngày thôi công tác không được trước ngày bắt đầu.")),
        ],
    )
    email = StringField(
        _l("E-mail công vụ"),
        filters=[nfc_strip],
        validators=[
            Optional(),
            Length(max=255),
            Email(message=_l("Địa chỉ e-mail không hợp lệ."), check_deliverability=False),
        ],
    )
    submit = SubmitField(_l("Lưu"))


class EndStaffForm(AppForm):
    end_date = DateField(
        _l("Ngày thôi công tác"), format=DATE_FORMATS, validators=[InputRequired()]
    )
    submit = SubmitField(_l("Kết thúc công tác"))


class StaffSearchForm(AppForm):
    class Meta:
        csrf = False  # a GET search form changes nothing

    q = StringField(_l("Tìm theo tên hoặc mã"), filters=[nfc_strip])
    unit = SelectField(_l("Đơn vị"), coerce=int, choices=[], validate_choice=False)
    group = SelectField(_l("Nhóm"), choices=[], validate_choice=False)
