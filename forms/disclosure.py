"""Forms of disclosure, petitions and imports (WTForms only)."""

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from labels import DISCLOSURE_METHODS, LEVELS

from .base import AppForm
from .validators import NotBefore, NotInFuture, nfc_strip

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class PublishForm(AppForm):
    unit_id = SelectField(_l("Phạm vi công khai"), coerce=int, choices=[])
    decided_on = DateField(
        _l("Ngày quyết định"),
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Hãy nhập ngày quyết định.")), NotInFuture()],
    )
    published_on = DateField(
        _l("Ngày công khai"),
        format=DATE_FORMATS,
        validators=[
            InputRequired(_l("Hãy nhập ngày công khai.")),
            NotBefore("decided_on", _l("Ngày công khai không được trước ngày quyết định.")),
        ],
    )
    visible_until = DateField(
        _l("Công khai đến hết ngày"), format=DATE_FORMATS, validators=[Optional()]
    )
    method = SelectField(_l("Hình thức công khai"), choices=DISCLOSURE_METHODS)
    notice_number = IntegerField(
        _l("Số thông báo"),
        description=_l("Để trống: số tiếp theo trong sổ văn bản đi."),
        validators=[Optional(), NumberRange(min=1, max=99999)],
    )
    notice_date = DateField(
        _l("Ngày ký thông báo"),
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Hãy nhập ngày ký thông báo."))],
    )
    signer_authority = StringField(
        _l("Thẩm quyền ký (KT., TL., …)"), filters=[nfc_strip], validators=[Length(max=64)]
    )
    signer_post = StringField(
        _l("Chức vụ người ký"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Hãy nhập chức vụ người ký.")), Length(max=120)],
    )
    signer_name = StringField(
        _l("Họ tên người ký"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Hãy nhập họ tên người ký.")), Length(max=120)],
    )
    recipients = TextAreaField(
        _l("Nơi nhận (mỗi dòng một nơi; dòng cuối “Lưu: VT, …”)"),
        filters=[nfc_strip],
        validators=[Length(max=2000)],
    )
    note = TextAreaField(_l("Ghi chú"), filters=[nfc_strip], validators=[Length(max=2000)])
    submit = SubmitField(_l("Ghi nhận công khai"))


class PostingForm(AppForm):
    place = StringField(
        _l("Nơi niêm yết"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Hãy ghi nơi niêm yết.")), Length(max=255)],
    )
    posted_on = DateField(
        _l("Ngày niêm yết"),
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Hãy nhập ngày niêm yết.")), NotInFuture()],
    )
    posted_by = StringField(
        _l("Người niêm yết"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Hãy ghi người niêm yết.")), Length(max=120)],
    )
    note = TextAreaField(
        _l("Ghi chú (biên bản, ảnh chụp lưu ở đâu)"),
        filters=[nfc_strip],
        validators=[Length(max=2000)],
    )
    submit = SubmitField(_l("Ghi nhận niêm yết"))


class AccessRequestForm(AppForm):
    reason = TextAreaField(_l("Lý do đề nghị"), filters=[nfc_strip], validators=[Length(max=2000)])
    submit = SubmitField(_l("Gửi đề nghị"))


class PetitionForm(AppForm):
    text = TextAreaField(
        _l("Nội dung kiến nghị"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Hãy ghi nội dung kiến nghị.")), Length(max=5000)],
    )
    submit = SubmitField(_l("Gửi kiến nghị"))


PETITION_ACTIONS = [
    ("answer", _l("Trả lời, chưa đóng")),
    ("reject", _l("Không chấp nhận, đóng kiến nghị")),
    ("accept", _l("Chấp nhận: xếp loại lại")),
]


class PetitionAnswerForm(AppForm):
    action = SelectField(_l("Xử lý"), choices=PETITION_ACTIONS)
    level = SelectField(_l("Mức xếp loại mới (khi chấp nhận)"), choices=[("", "—")] + LEVELS)
    answer = TextAreaField(
        _l("Nội dung trả lời"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Hãy ghi nội dung trả lời.")), Length(max=5000)],
    )
    submit = SubmitField(_l("Lưu"))


class ImportUploadForm(AppForm):
    file = FileField(_l("Tệp Excel (.xlsx)"), validators=[FileRequired(_l("Hãy chọn tệp."))])
    submit = SubmitField(_l("Tải lên và kiểm tra"))


class ReportForm(AppForm):
    """Issuing the year's report to the superior body."""

    addressee = TextAreaField(
        _l("Kính gửi"),
        description=_l("Cơ quan nhận báo cáo, mỗi cơ quan một dòng."),
        filters=[nfc_strip],
        validators=[
            DataRequired(_l("Hãy ghi cơ quan nhận báo cáo (Kính gửi).")),
            Length(max=255),
        ],
    )
    issued_on = DateField(
        _l("Ngày ký báo cáo"),
        format=DATE_FORMATS,
        validators=[InputRequired(_l("Hãy nhập ngày ký báo cáo.")), NotInFuture()],
    )
    submit = SubmitField(_l("Cấp số và ban hành báo cáo"))
