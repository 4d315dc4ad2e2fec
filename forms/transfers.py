"""Transfers: the person a file is exported for, and the file imported for a person."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import DataRequired, Length

from .base import AppForm
from .validators import nfc_strip


class TransferExportForm(AppForm):
    class Meta:
        csrf = False  # a GET form: it only reads

    code = StringField(
        _l("Mã cán bộ chuyển đi"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Chưa nhập mã cán bộ.")), Length(max=32)],
    )
    submit = SubmitField(_l("Xuất tệp kết quả"))


class TransferImportForm(AppForm):
    staff_code = StringField(
        _l("Mã cán bộ tại cơ quan này"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Chưa nhập mã cán bộ.")), Length(max=32)],
    )
    file = FileField(
        _l("Tệp kết quả từ cơ quan cũ (.json)"), validators=[FileRequired(_l("Hãy chọn tệp."))]
    )
    submit = SubmitField(_l("Nhập kết quả"))
