"""Forms of the party round: the member's self-review, the cell's proposal, the committee's
decision."""

from flask_babel import lazy_gettext as _l
from wtforms import HiddenField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Length

from labels import LEVELS

from .base import AppForm
from .validators import nfc_strip

TEXT_LIMIT = 4000
LEVEL_CHOICES = [("", _l("— Chọn mức —")), *LEVELS]

# The self-review's items (HD 43 Mẫu 2A/2B/2C: the contents the texts name; the rest the agency's).
ITEMS = (
    ("politics", _l("Tư tưởng chính trị")),
    ("ethics", _l("Phẩm chất đạo đức, lối sống")),
    ("discipline", _l("Ý thức tổ chức kỷ luật, tác phong, lề lối làm việc")),
    ("tasks", _l("Kết quả thực hiện chức trách, nhiệm vụ được giao")),
    ("leadership", _l("Kết quả lãnh đạo, quản lý của đơn vị, bộ phận phụ trách (Mẫu 2A)")),
    ("shortcomings", _l("Hạn chế, khuyết điểm và nguyên nhân")),
    ("remedied", _l("Kết quả khắc phục hạn chế, khuyết điểm đã được chỉ ra")),
    ("plan", _l("Phương hướng, biện pháp khắc phục")),
)


class SelfReviewForm(AppForm):
    politics = TextAreaField(ITEMS[0][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)])
    ethics = TextAreaField(ITEMS[1][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)])
    discipline = TextAreaField(
        ITEMS[2][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    tasks = TextAreaField(ITEMS[3][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)])
    leadership = TextAreaField(
        ITEMS[4][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    shortcomings = TextAreaField(
        ITEMS[5][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    remedied = TextAreaField(ITEMS[6][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)])
    plan = TextAreaField(ITEMS[7][1], filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)])
    general_score = StringField(_l("Điểm tiêu chí chung (tối đa 30)"), filters=[nfc_strip])
    task_score = StringField(_l("Điểm kết quả thực hiện nhiệm vụ (tối đa 70)"), filters=[nfc_strip])
    self_level = SelectField(_l("Tự xếp loại"), choices=LEVEL_CHOICES, validate_choice=False)
    submit = SubmitField(_l("Gửi bản kiểm điểm"))


class CellProposalForm(AppForm):
    staff_id = HiddenField()
    comment = TextAreaField(
        _l("Nhận xét của chi bộ"), filters=[nfc_strip], validators=[Length(max=TEXT_LIMIT)]
    )
    level = SelectField(_l("Chi bộ đề xuất mức"), choices=LEVEL_CHOICES, validate_choice=False)
    submit = SubmitField(_l("Lưu đề xuất"))


class CommitteeDecisionForm(AppForm):
    staff_id = HiddenField()
    level = SelectField(_l("Cấp ủy quyết định mức"), choices=LEVEL_CHOICES, validate_choice=False)
    note = StringField(_l("Ghi chú"), filters=[nfc_strip], validators=[Length(max=500)])
    submit = SubmitField(_l("Quyết định"))
