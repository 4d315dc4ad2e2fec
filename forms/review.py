"""Forms of peer reviews, the unit meeting, the party committee's comments and the audit filter."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
)

from labels import LEVELS

from .base import AppForm, RowForm
from .staff import DATE_FORMATS
from .validators import nfc_strip

TEXT_LIMIT = 4000
VOTE_RULE = NumberRange(min=0, message=_l("Số phiếu là số nguyên không âm."))
TIME_RULE = Regexp(r"^$|^([01]?\d|2[0-3])[:hg ]+[0-5]\d$", message=_l("Giờ theo dạng 14:00."))


class PeerReviewForm(AppForm):
    strengths = TextAreaField(
        _l("Ưu điểm"), filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    shortcomings = TextAreaField(
        _l("Hạn chế"), filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    proposed_level = SelectField(
        _l("Mức xếp loại đề xuất"),
        choices=[("", _l("— Chọn mức —")), *LEVELS],
        validate_choice=False,  # the service says which level is missing, in Vietnamese
    )
    submit = SubmitField(_l("Lưu góp ý"))


class AttendanceRowForm(RowForm):
    """One member of the unit: present or absent with a reason, and the opinions about them."""

    staff_id = HiddenField()
    present = BooleanField(_l("Có mặt"), default=True)
    absence_reason = StringField(
        _l("Lý do vắng"), filters=[nfc_strip], validators=[Length(max=255)]
    )
    summary = TextAreaField(
        _l("Tóm tắt ý kiến"), filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    # The meeting's own vote, counted by the secretary (blank: no vote about this person).
    votes_for = IntegerField(_l("Tán thành"), validators=[Optional(), VOTE_RULE])
    votes_against = IntegerField(_l("Không tán thành"), validators=[Optional(), VOTE_RULE])
    votes_abstain = IntegerField(_l("Không biểu quyết"), validators=[Optional(), VOTE_RULE])
    conclusion = TextAreaField(
        _l("Kết luận"), filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    proposed_level = SelectField(
        _l("Mức đề xuất"),
        choices=[("", _l("— Chọn mức —")), *LEVELS],
        validate_choice=False,  # the service says which level is wrong, in Vietnamese
    )


class MeetingForm(AppForm):
    held_on = DateField(_l("Ngày họp"), format=DATE_FORMATS, validators=[InputRequired()])
    start_time = StringField(
        _l("Giờ bắt đầu"), filters=[nfc_strip], validators=[Length(max=16), TIME_RULE]
    )
    end_time = StringField(
        _l("Giờ kết thúc"), filters=[nfc_strip], validators=[Length(max=16), TIME_RULE]
    )
    place = StringField(_l("Địa điểm"), filters=[nfc_strip], validators=[Length(max=255)])
    chair_id = SelectField(_l("Chủ trì"), coerce=int, choices=[], validate_choice=False)
    secretary_id = SelectField(_l("Thư ký"), coerce=int, choices=[], validate_choice=False)
    written_comments = BooleanField(
        _l("Đơn vị lớn: người đứng đầu đơn vị cấu thành góp ý bằng văn bản")
    )
    members = FieldList(FormField(AttendanceRowForm))
    submit = SubmitField(_l("Lưu biên bản"))


class WrittenCommentForm(AppForm):
    staff_id = SelectField(_l("Góp ý về"), coerce=int, choices=[], validate_choice=False)
    author_name = StringField(
        _l("Người góp ý"), filters=[nfc_strip], validators=[DataRequired(), Length(max=120)]
    )
    text = TextAreaField(
        _l("Nội dung góp ý"),
        filters=[nfc_strip],
        validators=[DataRequired(), Length(max=TEXT_LIMIT)],
    )
    submit = SubmitField(_l("Thêm góp ý bằng văn bản"))


class PartyCommentForm(AppForm):
    text = TextAreaField(
        _l("Ý kiến của cấp ủy"),
        filters=[nfc_strip],
        validators=[DataRequired(message=_l("Hãy ghi ý kiến.")), Length(max=TEXT_LIMIT)],
    )
    signer_post = StringField(
        _l("Chức vụ người ký"),
        default="Bí thư",
        filters=[nfc_strip],
        validators=[Length(max=60)],
        description=_l("Bí thư, hoặc Phó Bí thư khi ký thay mặt cấp ủy."),
    )
    signer_name = StringField(
        _l("Họ và tên người ký"), filters=[nfc_strip], validators=[Length(max=120)]
    )
    final = BooleanField(
        _l("Cấp ủy đã thống nhất ý kiến: ban hành văn bản (cấp số, không sửa được nữa)"),
        description=_l("Chưa đánh dấu hoặc chưa có người ký: văn bản in ra là dự thảo."),
    )
    submit = SubmitField(_l("Lưu ý kiến"))


class AuditFilterForm(AppForm):
    class Meta:
        csrf = False  # a GET filter changes nothing

    entity = SelectField(_l("Đối tượng"), choices=[], validate_choice=False)
    action = SelectField(_l("Thao tác"), choices=[], validate_choice=False)
    user = StringField(_l("Người thực hiện"), filters=[nfc_strip], validators=[Length(max=64)])
    entity_id = IntegerField(_l("Mã đối tượng"), validators=[Optional()])
    date_from = DateField(_l("Từ ngày"), format=DATE_FORMATS, validators=[Optional()])
    date_to = DateField(_l("Đến ngày"), format=DATE_FORMATS, validators=[Optional()])
