"""Forms of issue 22: checking an uploaded signed PDF, signing with one's own key, the address
reminders are mailed to."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import Email, Length, Optional

from .base import AppForm


class VerifyUploadForm(AppForm):
    file = FileField(_l("Tệp PDF đã ký số"), validators=[FileRequired(_l("Hãy chọn tệp."))])
    submit = SubmitField(_l("Kiểm tra chữ ký"))


class SignForm(AppForm):
    """The signer's own key for one signing: a PKCS#12 file and its passphrase, or the PIN of
    their key on the signing server (when one is configured). Nothing is stored."""

    p12 = FileField(
        _l("Tệp khóa ký số của bạn (.p12, .pfx)"),
        validators=[FileAllowed(["p12", "pfx"], _l("Hãy chọn tệp .p12 hoặc .pfx."))],
    )
    passphrase = PasswordField(_l("Mật khẩu của tệp khóa"), validators=[Length(max=200)])
    pin = PasswordField(_l("Mã PIN khóa ký số trên máy chủ ký số"), validators=[Length(max=64)])
    submit = SubmitField(_l("Ký số"))


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


class ReminderFilterForm(AppForm):
    """Whom to remind: a unit (with its sub-units; blank: the whole agency) and of what."""

    class Meta:
        csrf = False  # the preview changes nothing; sending posts a SimpleActionForm

    unit = SelectField(_l("Đơn vị"), coerce=int, choices=[], validate_choice=False)
    kind = SelectField(_l("Nhắc việc gì"), choices=[], validate_choice=False)
