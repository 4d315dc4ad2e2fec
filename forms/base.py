"""The base classes of every form: WTForms' own messages in the user's language, and a CSRF field
without an id (a page holds several forms; each rendered `id="csrf_token"` would repeat).

WTForms ships no Vietnamese catalogue, so its English messages are mapped here to our Vietnamese
msgids, which the English catalogue translates back like any other text of the app."""

from __future__ import annotations

from flask_babel import gettext
from flask_wtf import FlaskForm
from wtforms import Form as WTForm
from wtforms.csrf.core import CSRFTokenField
from wtforms.meta import DefaultMeta


def N_(message: str) -> str:
    """Mark a msgid for extraction (babel's default keyword); translated when used."""
    return message


# WTForms' msgid -> ours. Placeholders are kept: WTForms formats the returned text itself.
MESSAGES: dict[str, str] = {
    "This field is required.": N_("Bắt buộc nhập."),
    "Invalid input.": N_("Giá trị không hợp lệ."),
    "Not a valid choice.": N_("Lựa chọn không hợp lệ."),
    "Invalid Choice: could not coerce.": N_("Lựa chọn không hợp lệ."),
    "Invalid choice(s): one or more data inputs could not be coerced.": N_(
        "Lựa chọn không hợp lệ."
    ),
    "Choices cannot be None.": N_("Lựa chọn không hợp lệ."),
    "Not a valid date value.": N_("Ngày không hợp lệ (nhập dd/mm/yyyy)."),
    "Not a valid datetime value.": N_("Thời điểm không hợp lệ."),
    "Not a valid time value.": N_("Giờ không hợp lệ."),
    "Not a valid integer value.": N_("Phải là một số nguyên."),
    "Not a valid decimal value.": N_("Phải là một số (ví dụ 7,5)."),
    "Not a valid float value.": N_("Phải là một số (ví dụ 7,5)."),
    "Number must be at least %(min)s.": N_("Số phải từ %(min)s trở lên."),
    "Number must be at most %(max)s.": N_("Số không được lớn hơn %(max)s."),
    "Number must be between %(min)s and %(max)s.": N_("Số phải từ %(min)s đến %(max)s."),
    "Field must be between %(min)d and %(max)d characters long.": N_(
        "Độ dài phải từ %(min)d đến %(max)d ký tự."
    ),
    "Field must be equal to %(other_name)s.": N_("Hai ô nhập phải giống nhau."),
    "Invalid email address.": N_("Địa chỉ thư điện tử không hợp lệ."),
    "This field cannot be edited.": N_("Không được sửa ô này."),
    "This field is disabled and cannot have a value.": N_("Không được sửa ô này."),
    "Invalid CSRF Token.": N_("Phiên làm việc đã hết hạn, hãy tải lại trang."),
    "CSRF token missing.": N_("Phiên làm việc đã hết hạn, hãy tải lại trang."),
    "CSRF failed.": N_("Phiên làm việc đã hết hạn, hãy tải lại trang."),
    "CSRF token expired.": N_("Phiên làm việc đã hết hạn, hãy tải lại trang."),
}
# Plural messages: Vietnamese has one form, and the English text is written for any count.
PLURALS: dict[str, str] = {
    "Field must be at least %(min)d character long.": N_("Cần ít nhất %(min)d ký tự."),
    "Field cannot be longer than %(max)d character.": N_("Không được dài quá %(max)d ký tự."),
    "Field must be exactly %(max)d character long.": N_("Phải có đúng %(max)d ký tự."),
}


class Translations:
    """WTForms' translations protocol (gettext/ngettext) over the app's catalogue."""

    def gettext(self, string: str) -> str:
        return _translate(MESSAGES.get(string), string)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _translate(PLURALS.get(singular), singular if n == 1 else plural)


def _translate(ours: str | None, theirs: str) -> str:
    from flask import has_request_context

    if ours is None:
        return theirs
    return gettext(ours) if has_request_context() else ours


TRANSLATIONS = Translations()


def _bind_without_csrf_id(meta: DefaultMeta, form, unbound_field, options):
    field = unbound_field.bind(form=form, **options)
    if isinstance(field, CSRFTokenField):
        field.render_kw = {**(field.render_kw or {}), "id": False}
    return field


class AppForm(FlaskForm):
    """Every top-level form of the app."""

    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS

        def bind_field(self, form, unbound_field, options):
            return _bind_without_csrf_id(self, form, unbound_field, options)


class RowForm(WTForm):
    """Rows inside a form (FormField / FieldList): no CSRF of their own, same messages."""

    class Meta:
        def get_translations(self, form):
            return TRANSLATIONS
