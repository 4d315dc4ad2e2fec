"""Validators shared by several forms."""

from __future__ import annotations

import unicodedata

from flask_babel import lazy_gettext as _l
from wtforms.validators import StopValidation, ValidationError

from evaluation import _time


def nfc_strip(value):
    """Filter: store typed text in NFC so search and PDF text extraction behave."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


class Finite:
    """A decimal field must hold a finite number: "NaN" and "Infinity" parse as Decimal, and a
    range check on them would raise instead of answering (issue 15 point 5)."""

    def __call__(self, form, field):
        data = field.data
        if data is not None and hasattr(data, "is_finite") and not data.is_finite():
            raise StopValidation(_l("Phải là một số (ví dụ 7,5)."))


def vietnam_today():
    """Today in Vietnam, from the application's one clock."""
    return _time.today()


class NotInFuture:
    def __init__(self, message=None):
        self.message = message or _l("Ngày không được ở tương lai.")

    def __call__(self, form, field):
        if field.data and field.data > vietnam_today():
            raise ValidationError(self.message)


class NotBefore:
    """The field's date must not be earlier than another field's date."""

    def __init__(self, other: str, message=None):
        self.other = other
        self.message = message

    def __call__(self, form, field):
        other = form[self.other].data
        if field.data and other and field.data < other:
            raise ValidationError(self.message or _l("Ngày này không được trước ngày bắt đầu."))
