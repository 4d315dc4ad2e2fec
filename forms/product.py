"""Forms of the catalogue of products and the tasks assigned from it (Decree 335 Arts 13, 18).
Numbers are typed as text (7,5 or 7.5) and checked by the services, which name the field."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import BooleanField, DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from .base import AppForm
from .staff import DATE_FORMATS
from .validators import nfc_strip


class VersionForm(AppForm):
    valid_from = DateField(_l("Áp dụng từ ngày"), format=DATE_FORMATS, validators=[InputRequired()])
    standard_unit = StringField(
        _l("Đơn vị sản phẩm/công việc chuẩn"), filters=[nfc_strip], validators=[Length(max=255)]
    )
    submit = SubmitField(_l("Lập danh mục mới"))


class ProposeForm(AppForm):
    code = StringField(_l("Mã sản phẩm"), filters=[nfc_strip], validators=[Length(max=32)])
    group = SelectField(_l("Nhóm"), choices=[(str(n), str(n)) for n in range(1, 6)])
    job_position = StringField(
        _l("Vị trí việc làm"), filters=[nfc_strip], validators=[Length(max=255)]
    )
    name = StringField(
        _l("Tên sản phẩm, công việc"), filters=[nfc_strip], validators=[Length(max=500)]
    )
    unit_name = StringField(_l("Đơn vị tính"), filters=[nfc_strip], validators=[Length(max=64)])
    coefficient = StringField(_l("Hệ số quy đổi"), filters=[nfc_strip], validators=[Length(max=20)])
    submit = SubmitField(_l("Đề xuất"))


class AssignForm(AppForm):
    staff_id = SelectField(_l("Người được giao"), coerce=int, validate_choice=True)
    product_id = SelectField(_l("Sản phẩm, công việc"), coerce=int, validate_choice=True)
    kind = SelectField(
        _l("Loại nhiệm vụ"),
        choices=[
            ("assigned", _l("Theo kế hoạch")),
            ("ad_hoc", _l("Đột xuất, ngoài kế hoạch (tính thêm điểm)")),
        ],
    )
    quantity = StringField(_l("Số lượng"), filters=[nfc_strip], validators=[Length(max=20)])
    expected_output = TextAreaField(
        _l("Kết quả đầu ra cần đạt"), filters=[nfc_strip], validators=[Length(max=2000)]
    )
    due_on = DateField(_l("Hạn hoàn thành"), format=DATE_FORMATS, validators=[InputRequired()])
    submit = SubmitField(_l("Giao nhiệm vụ"))


class ReportForm(AppForm):
    output_link = StringField(
        _l("Đường dẫn kết quả"), filters=[nfc_strip], validators=[Length(max=500)]
    )
    output_file = FileField(_l("Hoặc tệp kết quả"))
    note = TextAreaField(_l("Ghi chú"), filters=[nfc_strip], validators=[Length(max=2000)])
    submit = SubmitField(_l("Báo cáo hoàn thành"))


class ConfirmForm(AppForm):
    confirmed_quantity = StringField(
        _l("Số lượng đạt"), filters=[nfc_strip], validators=[Length(max=20)]
    )
    failed_reviews = StringField(
        _l("Số lần đánh giá chưa đạt"), filters=[nfc_strip], validators=[Length(max=4)]
    )
    delays = StringField(_l("Số lần chậm tiến độ"), filters=[nfc_strip], validators=[Length(max=4)])
    objective_cause = BooleanField(_l("Nguyên nhân khách quan được cấp có thẩm quyền xác nhận"))
    submit = SubmitField(_l("Xác nhận kết quả"))


class TakeOverForm(AppForm):
    staff_id = SelectField(_l("Giao lại cho"), coerce=int, validate_choice=True)
    due_on = DateField(_l("Hạn hoàn thành"), format=DATE_FORMATS, validators=[Optional()])
    submit = SubmitField(_l("Giao lại"))
