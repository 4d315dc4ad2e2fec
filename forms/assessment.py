"""Forms of the self-assessment: the periodic sheet, the manager's scoring, the annual form,
and HR's screens (the person's year record, discipline, historical results).

Range and completeness checks live in the service (they depend on the regime and on whether
the person saves a draft or submits); these forms only parse what was typed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    Field,
    FieldList,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from labels import LEAVE_KINDS, LEVELS, SANCTIONS

from .base import AppForm, RowForm
from .validators import nfc_strip

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
GENERAL_JUDGEMENTS = [
    ("", _l("— Chọn —")),
    ("done_well", _l("Thực hiện tốt")),
    ("met", _l("Đáp ứng")),
    ("not_met", _l("Chưa đáp ứng")),
]
SELF_LEVELS = [("", _l("— Chọn mức —")), *LEVELS]
LEAVE_CHOICES = [("", _l("— Không —")), *LEAVE_KINDS]
SYSTEMS = [("state", _l("Kỷ luật hành chính")), ("party", _l("Kỷ luật Đảng"))]
SEND_CONFIRM = _l(
    "Tôi đã kiểm tra và xác nhận gửi phiếu (sau khi gửi, chỉ sửa được khi được mở lại)."
)
NOT_CONFIRMED = _l("Đã lưu nháp, chưa gửi: hãy đánh dấu ô xác nhận rồi bấm gửi.")


def parse_number(text: str) -> Decimal | None:
    """A decimal typed the Vietnamese way ("7,5") or the English way ("7.5"); blank is None."""
    if not text or not text.strip():
        return None
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():  # "NaN", "Infinity" parse as Decimal: refused
        raise ValueError(_l("Phải là một số (ví dụ 7,5)."))
    return value


def parse_count(text: str) -> int | None:
    """How many times (failed reviews, delays): a whole number from 0; blank is None (0)."""
    if not text or not text.strip():
        return None
    if not text.strip().isdigit():
        raise ValueError(_l("Số lần phải là số nguyên không âm."))
    return int(text.strip())


def parse_vn_date(text: str) -> date | None:
    """dd/mm/yyyy (or ISO) typed as text; blank is None."""
    if not text or not text.strip():
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(_l("Ngày không hợp lệ (nhập dd/mm/yyyy)."))


class NumberField(Field):
    """A decimal typed the Vietnamese way ("7,5") or the English way ("7.5"); keeps the raw
    text so a wrong value is shown back as typed."""

    widget = StringField.widget

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist:
            self.data = parse_number(valuelist[0])

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else str(self.data).replace(".", ",")


class VnDateField(DateField):
    """dd/mm/yyyy typed as text (a browser date picker would impose its own locale)."""

    widget = TextInput()

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist:
            self.data = parse_vn_date(valuelist[0])

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return self.data.strftime("%d/%m/%Y") if self.data else ""


class CriterionScoreForm(RowForm):
    code = HiddenField()
    score = NumberField(_l("Điểm"))


# --- the work-item grid of a periodic sheet ------------------------------------------------
# Parsed without WTForms: a FieldList of FormFields built ~100 Field objects per post of a
# 13-row sheet (2 ms, a fifth of a save's CPU time under the deadline load); these functions
# apply the same parse rules (parse_number, parse_vn_date, nfc_strip) to plain dicts.

ITEM_TEXT = ("title", "units", "assigned_on", "due_on", "completed_on", "failed_reviews", "delays")
ITEM_FLAGS = ("quality_ok", "objective_cause")
# Column names for the messages of a cell ("Công việc 2, Ngày giao: …").
ITEM_LABELS = {
    "title": _l("Sản phẩm, công việc"),
    "units": _l("Số quy đổi"),
    "assigned_on": _l("Ngày giao"),
    "due_on": _l("Hạn hoàn thành"),
    "completed_on": _l("Ngày hoàn thành"),
    "failed_reviews": _l("Số lần đánh giá chưa đạt"),
    "delays": _l("Số lần chậm tiến độ"),
}
ITEM_TITLE_MAX = 300
_ITEM_KEY = re.compile(r"items-(\d+)-")
_FALSE = ("", "false")  # what an HTML checkbox (or WTForms' BooleanField) counts as unticked


@dataclass
class ItemRow:
    """One row of the grid: the text as typed (shown back as typed), the ticked boxes, the
    parsed values (for the service) and each field's problems."""

    text: dict[str, str]
    flags: dict[str, bool]
    data: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add_error(self, name: str, message: str) -> None:
        messages = self.errors.setdefault(name, [])
        if message not in messages:
            messages.append(message)


def parse_item_rows(formdata) -> list[ItemRow]:
    """The posted rows items-<n>-<field>, in the order of n."""
    indices = sorted({int(m.group(1)) for key in formdata if (m := _ITEM_KEY.match(key))})
    rows = []
    for position, n in enumerate(indices):
        text = {name: formdata.get(f"items-{n}-{name}", "") for name in ITEM_TEXT}
        flags = {name: formdata.get(f"items-{n}-{name}", "") not in _FALSE for name in ITEM_FLAGS}
        row = ItemRow(text, flags)
        row.data = {"title": nfc_strip(text["title"]), **flags}
        if len(row.data["title"]) > ITEM_TITLE_MAX:
            too_long = _l("Tên dài quá %(n)s ký tự.", n=ITEM_TITLE_MAX)
            row.add_error("title", _cell(position, "title", too_long))
        for name, parse in (
            ("units", parse_number),
            ("assigned_on", parse_vn_date),
            ("due_on", parse_vn_date),
            ("completed_on", parse_vn_date),
            ("failed_reviews", parse_count),
            ("delays", parse_count),
        ):
            try:
                row.data[name] = parse(text[name])
            except ValueError as error:
                row.data[name] = None
                row.add_error(name, _cell(position, name, str(error)))
        rows.append(row)
    return rows


def _cell(index: int, name: str, message) -> str:
    """A cell's problem naming its row and column, here and in the summary at the top."""
    return str(
        _l(
            "Công việc %(n)s, %(column)s: %(message)s",
            n=index + 1,
            column=ITEM_LABELS[name],
            message=message,
        )
    )


def _shown_count(item: dict, name: str) -> str:
    value = item.get(name)
    if value in (None, ""):  # a record from before the counts: its yes/no was one failure
        value = 1 if name == "failed_reviews" and item.get("major_error") else 0
    return str(value) if value else ""


def stored_item_rows(items: list[dict], blank: int) -> list[ItemRow]:
    """Rows to show for stored work items (ISO dates, decimal strings), then `blank` empty rows."""

    def shown_date(value: str | None) -> str:
        return date.fromisoformat(value).strftime("%d/%m/%Y") if value else ""

    def shown_number(value: str | None) -> str:
        return "" if value in (None, "") else str(value).replace(".", ",")

    rows = [
        ItemRow(
            text={
                "title": item.get("title") or "",
                "units": shown_number(item.get("units")),
                "assigned_on": shown_date(item.get("assigned_on")),
                "due_on": shown_date(item.get("due_on")),
                "completed_on": shown_date(item.get("completed_on")),
                "failed_reviews": _shown_count(item, "failed_reviews"),
                "delays": _shown_count(item, "delays"),
            },
            flags={name: bool(item.get(name)) for name in ITEM_FLAGS},
        )
        for item in items
    ]
    empty = dict.fromkeys(ITEM_TEXT, "")
    return rows + [ItemRow(dict(empty), dict.fromkeys(ITEM_FLAGS, False)) for _ in range(blank)]


COUNT_MESSAGE = _l("Số lần phải là số nguyên không âm.")


class ItemFlagsForm(RowForm):
    # Posted with every row, so a row whose boxes are all unticked (a deliberate "no") keeps its
    # place: WTForms builds a list's entries only from the indices it finds in the post.
    row = HiddenField(default="1")
    quality_ok = BooleanField(_l("Đạt chất lượng"))
    failed_reviews = IntegerField(
        _l("Số lần đánh giá chưa đạt"),
        validators=[Optional(), NumberRange(min=0, message=COUNT_MESSAGE)],
    )
    delays = IntegerField(
        _l("Số lần chậm tiến độ"),
        validators=[Optional(), NumberRange(min=0, message=COUNT_MESSAGE)],
    )
    objective_cause = BooleanField(_l("Nguyên nhân khách quan đã xác nhận"))


class LeaderMixin:
    unit_result_pct = NumberField(_l("d) Kết quả hoạt động của đơn vị được giao phụ trách (%)"))
    organising_pct = NumberField(_l("đ) Năng lực tổ chức triển khai thực hiện nhiệm vụ (%)"))
    uniting_pct = NumberField(_l("e) Năng lực tập hợp, đoàn kết (%)"))


class PeriodSheetForm(LeaderMixin, AppForm):
    """The sheet, but for its work-item rows (parse_item_rows reads those)."""

    # Free-text fields of the rows parsed outside WTForms, for the escaping tests' inventory.
    ROW_TEXT_FIELDS = ("items.title",)
    version = HiddenField()
    general = FieldList(FormField(CriterionScoreForm), min_entries=0)
    save = SubmitField(_l("Lưu nháp"))
    submit = SubmitField(_l("Gửi phiếu cho người quản lý"))
    confirm = BooleanField(SEND_CONFIRM)


class ManagerScoreForm(LeaderMixin, AppForm):
    version = HiddenField()
    general = FieldList(FormField(CriterionScoreForm), min_entries=0)
    item_flags = FieldList(FormField(ItemFlagsForm), min_entries=0)
    comment = TextAreaField(
        _l("Nhận xét của người quản lý trực tiếp"),
        filters=[nfc_strip],
        validators=[Length(max=5000)],
    )
    # Mẫu số 01 section II items 4-5; the length limit is the service's (SUMMARY_MAX).
    strengths = TextAreaField(_l("Ưu điểm"), filters=[nfc_strip])
    weaknesses = TextAreaField(_l("Hạn chế, khuyết điểm"), filters=[nfc_strip])
    score = SubmitField(_l("Lưu điểm chấm"))
    close = SubmitField(_l("Lưu điểm và chốt kỳ"))


class ReasonForm(AppForm):
    reason = TextAreaField(
        _l("Lý do"),
        filters=[nfc_strip],
        validators=[DataRequired(_l("Cần ghi lý do.")), Length(max=1000)],
    )
    submit = SubmitField(_l("Xác nhận"))


def _text(label):
    return TextAreaField(label, filters=[nfc_strip])


def _pct(label):
    return NumberField(label)


class AnnualFormForm(AppForm):
    version = HiddenField()
    political = _text(_l("1. Chính trị tư tưởng"))
    ethics = _text(_l("2. Đạo đức, lối sống"))
    style = _text(_l("3. Tác phong, lề lối làm việc"))
    discipline = _text(_l("4. Ý thức tổ chức kỷ luật"))
    task_results = _text(_l("5. Kết quả thực hiện chức trách, nhiệm vụ được giao"))
    citizens = _text(_l("6. Thái độ phục vụ nhân dân, doanh nghiệp"))
    leader_unit_results = _text(_l("7. Kết quả hoạt động của cơ quan, đơn vị được giao lãnh đạo"))
    leader_capacity = _text(_l("8. Năng lực lãnh đạo, quản lý"))
    leader_uniting = _text(_l("9. Năng lực tập hợp, đoàn kết"))
    self_comment = _text(_l("Ý kiến, giải trình của cá nhân"))
    general = SelectField(
        _l("Tự nhận mức thực hiện các tiêu chí chung (mục 1–4)"),
        choices=GENERAL_JUDGEMENTS,
        validate_choice=False,  # the service checks it, with the other problems
    )
    tasks_completed_pct = _pct(_l("Tỷ lệ nhiệm vụ hoàn thành (%)"))
    on_time_quality_pct = _pct(_l("Tỷ lệ nhiệm vụ đúng tiến độ, bảo đảm chất lượng (%)"))
    exceeded_pct = _pct(_l("Tỷ lệ nhiệm vụ vượt mức (%)"))
    not_assured_pct = _pct(_l("Tỷ lệ tiêu chí không bảo đảm chất lượng, tiến độ, hiệu quả (%)"))
    unit_targets_completed_pct = _pct(_l("Đơn vị phụ trách: tỷ lệ chỉ tiêu hoàn thành (%)"))
    unit_exceeded_pct = _pct(_l("Đơn vị phụ trách: tỷ lệ chỉ tiêu vượt mức (%)"))
    unit_on_time_quality_pct = _pct(_l("Đơn vị phụ trách: tỷ lệ đúng tiến độ, chất lượng (%)"))
    subunits_htnv_or_above_pct = _pct(
        _l("Đơn vị trực thuộc xếp loại hoàn thành nhiệm vụ trở lên (%)")
    )
    subunits_htt_or_above_pct = _pct(_l("Đơn vị trực thuộc xếp loại hoàn thành tốt trở lên (%)"))
    shortcomings_remedied = BooleanField(_l("Đã khắc phục 100% hạn chế, khuyết điểm đã chỉ ra"))
    self_level = SelectField(_l("Tự nhận mức xếp loại"), choices=SELF_LEVELS, validate_choice=False)
    save = SubmitField(_l("Lưu nháp"))
    submit = SubmitField(_l("Gửi phiếu"))
    confirm = BooleanField(SEND_CONFIRM)


class LeaveRowForm(RowForm):
    kind = SelectField(_l("Loại nghỉ"), choices=LEAVE_CHOICES, validate_choice=False)
    months = IntegerField(_l("Số tháng"), validators=[Optional()])


class YearRecordForm(AppForm):
    months_worked = IntegerField(
        _l("Số tháng thực tế công tác trong năm"),
        validators=[
            InputRequired(_l("Chưa nhập số tháng.")),
            NumberRange(0, 12, _l("Số tháng công tác phải từ 0 đến 12.")),
        ],
    )
    leave = FieldList(FormField(LeaveRowForm), min_entries=3, max_entries=3)
    degradation_finding = BooleanField(
        _l("Có kết luận suy thoái tư tưởng chính trị, đạo đức, lối sống, tự diễn biến")
    )
    corruption_in_led_unit = BooleanField(
        _l("Đơn vị do mình phụ trách để xảy ra tham nhũng, lãng phí bị xử lý")
    )
    corruption_self_remedied = BooleanField(_l("Tự phát hiện, báo cáo và đã khắc phục hậu quả"))
    submit = SubmitField(_l("Lưu"))


class DisciplineForm(AppForm):
    sanction = SelectField(_l("Hình thức kỷ luật"), choices=SANCTIONS)
    system = SelectField(_l("Loại kỷ luật"), choices=SYSTEMS)
    duty_related = BooleanField(_l("Vi phạm liên quan đến thực thi công vụ"), default=True)
    effective_on = VnDateField(
        _l("Ngày có hiệu lực"), validators=[InputRequired(_l("Chưa nhập ngày có hiệu lực."))]
    )
    act = StringField(
        _l("Mã hành vi vi phạm (chung cho các kỷ luật cùng một hành vi)"),
        filters=[nfc_strip],
        validators=[Length(max=64)],
    )
    counted_in_year = IntegerField(_l("Đã tính vào năm đánh giá"), validators=[Optional()])
    note = StringField(_l("Ghi chú"), filters=[nfc_strip], validators=[Length(max=500)])
    submit = SubmitField(_l("Thêm kỷ luật"))


class HistoryForm(AppForm):
    staff_code = StringField(
        _l("Mã cán bộ"), filters=[nfc_strip], validators=[DataRequired(_l("Chưa nhập mã cán bộ."))]
    )
    year = IntegerField(_l("Năm"), validators=[InputRequired(_l("Chưa nhập năm."))])
    level = SelectField(_l("Mức xếp loại"), choices=LEVELS)
    note = StringField(_l("Ghi chú"), filters=[nfc_strip], validators=[Length(max=500)])
    submit = SubmitField(_l("Lưu kết quả"))


class ReopenRequestForm(AppForm):
    """After the deadline: ask HR to reopen the annual form (period blank) or one sheet."""

    period = HiddenField()
    reason = TextAreaField(
        _l("Lý do đề nghị mở lại"),
        filters=[nfc_strip],
        validators=[
            DataRequired(_l("Hãy ghi lý do đề nghị mở lại.")),
            Length(max=2000, message=_l("Lý do tối đa 2000 ký tự.")),
        ],
    )
    submit = SubmitField(_l("Gửi đề nghị mở lại"))


REOPEN_DECISIONS = [("grant", _l("Đồng ý mở lại")), ("refuse", _l("Từ chối"))]


class ReopenDecisionForm(AppForm):
    decision = SelectField(_l("Quyết định"), choices=REOPEN_DECISIONS)
    answer = TextAreaField(
        _l("Lý do"),
        filters=[nfc_strip],
        validators=[
            DataRequired(_l("Hãy ghi lý do đồng ý hoặc từ chối.")),
            Length(max=2000, message=_l("Lý do tối đa 2000 ký tự.")),
        ],
    )
    open_until = VnDateField(_l("Mở đến hết ngày (khi đồng ý)"), validators=[Optional()])
    submit = SubmitField(_l("Lưu"))
