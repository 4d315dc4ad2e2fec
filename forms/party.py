"""Forms of the party round: the member's self-review, the cell's proposal, the committee's
decision."""

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Regexp

from labels import LEVELS

from .base import AppForm
from .org import CODE_RULE
from .validators import nfc_strip

TEXT_LIMIT = 4000
LEVEL_CHOICES = [("", _l("— Chọn mức —")), *LEVELS]


class SelfReviewForm(AppForm):
    """The member's self-review: the items the organisation configured for the year are rendered
    and read by the view (posted as ``item-<key>``), the scores and the level here."""

    ROW_TEXT_FIELDS = ("items",)  # the configured items, parsed outside WTForms
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


YES_NO = [("", _l("— Chưa nêu —")), ("yes", _l("Có")), ("no", _l("Không"))]


class CollectiveReviewForm(AppForm):
    """A collective's self-review (Mẫu 01): the report, its score and QĐ 366 Art 11's conditions.
    Numbers are parsed by the service (errors next to their fields)."""

    report = TextAreaField(
        _l("Báo cáo kiểm điểm (kết quả thực hiện nhiệm vụ, hạn chế, nguyên nhân, phương hướng)"),
        filters=[nfc_strip],
        validators=[Length(max=20000)],
    )
    score = StringField(_l("Tự chấm điểm (tối đa 100)"), filters=[nfc_strip])
    tasks_done_pct = StringField(_l("Tỷ lệ nhiệm vụ hoàn thành (%)"), filters=[nfc_strip])
    on_time_quality = SelectField(
        _l("Hoàn thành nhiệm vụ đúng hạn, bảo đảm chất lượng, hiệu quả"),
        choices=YES_NO,
        validate_choice=False,
    )
    exceeded_pct = StringField(_l("Tỷ lệ nhiệm vụ vượt mức (%)"), filters=[nfc_strip])
    behind_pct = StringField(_l("Tỷ lệ nhiệm vụ chậm tiến độ (%)"), filters=[nfc_strip])
    remedied = SelectField(
        _l("Khắc phục 100% hạn chế, khuyết điểm đã được chỉ ra"),
        choices=YES_NO,
        validate_choice=False,
    )
    disciplined = BooleanField(
        _l("Có đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật")
    )
    khtnv_case = BooleanField(
        _l("Thuộc trường hợp “Không hoàn thành nhiệm vụ” (QĐ 366 Điều 11 khoản 4)")
    )
    submit = SubmitField(_l("Lưu báo cáo kiểm điểm"))


class CollectiveDecisionForm(AppForm):
    review_id = HiddenField()
    level = SelectField(_l("Cấp ủy quyết định mức"), choices=LEVEL_CHOICES, validate_choice=False)
    submit = SubmitField(_l("Quyết định"))


SYMBOL_RULE = Regexp(r"^\w*$", message=_l("Chỉ gồm chữ cái và chữ số, không dấu cách."))
ORG_KINDS = [
    ("dang_bo_co_so", _l("Đảng bộ cơ sở (có các chi bộ trực thuộc)")),
    ("chi_bo_co_so", _l("Chi bộ cơ sở")),
]


class PartyOrganisationForm(AppForm):
    """The grassroots organisation: its name and the header of its documents (HD 36-HD/VPTW)."""

    code = StringField(
        _l("Mã tổ chức đảng"), filters=[nfc_strip], validators=[Length(max=32), CODE_RULE]
    )
    name = StringField(_l("Tên tổ chức đảng"), filters=[nfc_strip], validators=[Length(max=255)])
    kind = SelectField(_l("Loại tổ chức cơ sở đảng"), choices=ORG_KINDS)
    superior_committee = StringField(
        _l("Đảng bộ cấp trên (dòng đầu tiêu đề văn bản)"),
        filters=[nfc_strip],
        validators=[Length(max=255)],
    )
    committee = StringField(
        _l("Cấp ủy ban hành văn bản (ví dụ: ĐẢNG ỦY SỞ NỘI VỤ)"),
        filters=[nfc_strip],
        validators=[Length(max=255)],
    )
    symbol = StringField(
        _l("Chữ viết tắt của cấp ủy trong số ký hiệu (ví dụ: ĐU)"),
        filters=[nfc_strip],
        validators=[Length(max=16), SYMBOL_RULE],
    )
    place = StringField(_l("Địa danh"), filters=[nfc_strip], validators=[Length(max=100)])
    submit = SubmitField(_l("Lưu"))


class PartyCellForm(AppForm):
    code = StringField(_l("Mã chi bộ"), filters=[nfc_strip], validators=[Length(max=32), CODE_RULE])
    name = StringField(_l("Tên chi bộ"), filters=[nfc_strip], validators=[Length(max=255)])
    secretary_id = SelectField(_l("Bí thư chi bộ"), coerce=int, choices=[], validate_choice=False)
    unit_id = SelectField(
        _l("Đơn vị hành chính tương ứng (nếu có)"), coerce=int, choices=[], validate_choice=False
    )
    active = BooleanField(_l("Đang hoạt động"), default=True)
    submit = SubmitField(_l("Lưu"))


class PartyRuleForm(AppForm):
    """One Party rule adjusted from a year on; the value's fields are parsed by the service
    according to the rule (yes / no, a whole number, a choice, three score bands)."""

    key = HiddenField()
    value = StringField(_l("Giá trị"), filters=[nfc_strip])
    band_HTXS = StringField(_l("Hoàn thành xuất sắc nhiệm vụ: từ (điểm)"), filters=[nfc_strip])
    band_HTT = StringField(_l("Hoàn thành tốt nhiệm vụ: từ (điểm)"), filters=[nfc_strip])
    band_HTNV = StringField(_l("Hoàn thành nhiệm vụ: từ (điểm)"), filters=[nfc_strip])
    source = TextAreaField(
        _l("Căn cứ (văn bản, điều, khoản)"), filters=[nfc_strip], validators=[Length(max=2000)]
    )
    verified = BooleanField(_l("Đã đối chiếu với văn bản gốc"))
    from_year = IntegerField(
        _l("Áp dụng từ năm"), validators=[InputRequired(), NumberRange(min=2000, max=2100)]
    )
    submit = SubmitField(_l("Lưu quy định"))


class PartyItemsForm(AppForm):
    """The self-review items of a year: rows (label-<n>, key-<n>, forms-<n>) read by the view."""

    ROW_TEXT_FIELDS = ("label",)
    year = IntegerField(
        _l("Áp dụng từ năm"), validators=[InputRequired(), NumberRange(min=2000, max=2100)]
    )
    submit = SubmitField(_l("Lưu nội dung bản kiểm điểm"))
