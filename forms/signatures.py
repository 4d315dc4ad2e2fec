"""Checking an uploaded signed PDF (evaluation/views/signatures.py)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import SubmitField

from .base import AppForm


class VerifyUploadForm(AppForm):
    file = FileField(_l("Tệp PDF đã ký số"), validators=[FileRequired(_l("Hãy chọn tệp."))])
    submit = SubmitField(_l("Kiểm tra chữ ký"))
