from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from .base import AppForm


class SignInForm(AppForm):
    username = StringField(_l("Tên đăng nhập"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Mật khẩu"), validators=[DataRequired()])
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))
    submit = SubmitField(_l("Đăng nhập"))


class ChangePasswordForm(AppForm):
    current = PasswordField(_l("Mật khẩu hiện tại"), validators=[DataRequired()])
    new = PasswordField(
        _l("Mật khẩu mới"),
        validators=[
            DataRequired(),
            Length(min=10, message=_l("Mật khẩu mới cần ít nhất 10 ký tự.")),
        ],
    )
    confirm = PasswordField(
        _l("Nhập lại mật khẩu mới"),
        validators=[DataRequired(), EqualTo("new", message=_l("Hai mật khẩu mới không khớp."))],
    )
    submit = SubmitField(_l("Đổi mật khẩu"))


class SimpleActionForm(AppForm):
    """A form with only the CSRF token, for buttons that change state."""

    submit = SubmitField(_l("Xác nhận"))


CONFIRM_MISSING = _l("Hãy đánh dấu ô xác nhận trước khi tiếp tục.")


class ConfirmActionForm(AppForm):
    """A button for an irreversible step: a required checkbox says the person means it (works
    without JavaScript; the server checks it too)."""

    confirm = BooleanField(_l("Tôi xác nhận"), validators=[DataRequired(CONFIRM_MISSING)])
