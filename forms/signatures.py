"""Forms of issue 22: checking an uploaded signed PDF, the address reminders are mailed to."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import Email, Length, Optional

from .base import AppForm


class VerifyUploadForm(AppForm):
    file = FileField(_l("Tệp PDF đã ký số"), validators=[FileRequired(_l("Hãy chọn tệp."))])
    submit = SubmitField(_l("Kiểm tra chữ ký"))


class NotificationEmailForm(AppForm):
    email = StringField(
        _l("Địa chỉ e-mail nhận nhắc hạn và thông báo"),
        validators=[
            Optional(),
            Length(max=255),
            Email(message=_l("Địa chỉ e-mail không hợp lệ."), check_deliverability=False),
        ],
        filters=[lambda v: (v or "").strip()],
    )
    submit = SubmitField(_l("Lưu"))
