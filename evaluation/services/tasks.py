"""Tasks assigned from the catalogue (Decree 335 Art 18; docs/rules/rules.md §2.1.4;
docs/products.md): assign, split a team's product, hand back, take over, report with the
output, confirm. Every status change goes through the workflow; the period's score is computed
from these records by scoring.periodic through the sheet (services/assessments.py)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

from flask_babel import gettext as _
from sqlalchemy import select

from .._time import now, today
from ..extensions import db
from ..models import (
    Cycle,
    PeriodSheet,
    Product,
    SheetStatus,
    Staff,
    Task,
    TaskKind,
    TaskStatus,
    User,
)
from ..workflow import transition
from . import ValidationError
from . import assessments as sheets
from . import products as catalogue
from .audit import record, snapshot
from .imports import max_bytes

MAX_QUANTITY = Decimal(10_000)
MAX_COUNT = 20
# The outputs people attach: documents, spreadsheets, scans. Checked by the first bytes too.
OUTPUT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}
AUDITED = ("status", "quantity", "confirmed_quantity", "failed_reviews", "delays")


def _quantity(value, field: str, errors: list, *, allow_zero: bool = False) -> Decimal | None:
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, AttributeError):
        number = None
    low_ok = (
        number is not None and number.is_finite() and (number >= 0 if allow_zero else number > 0)
    )
    if not low_ok or number > MAX_QUANTITY or number != number.quantize(Decimal("0.01")):
        errors.append(
            (field, _("Số lượng là số lớn hơn 0, tối đa 10000, tối đa 2 chữ số thập phân."))
            if not allow_zero
            else (field, _("Số lượng là số từ 0, tối đa 2 chữ số thập phân."))
        )
        return None
    return number


def _sheet_of(staff: Staff, day: date) -> tuple[Cycle | None, PeriodSheet | None]:
    cycle = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == staff.agency_id, Cycle.year == day.year)
    ).first()
    if cycle is None:
        return None, None
    months = 12 // cycle.period_count
    return cycle, sheets.find_sheet(cycle, staff, (day.month - 1) // months + 1)


def _period_open(staff: Staff, due_on: date, field: str = "due_on") -> None:
    """A closed period never changes (its sheet keeps the units it was closed with)."""
    _cycle, sheet = _sheet_of(staff, due_on)
    if sheet is not None and sheet.status == SheetStatus.CLOSED:
        raise ValidationError(
            (field, _("Kỳ của hạn hoàn thành đã được chốt: không thay đổi được."))
        )


def assign(
    staff: Staff,
    product: Product | None,
    data: dict,
    *,
    by: User | None,
    kind: TaskKind = TaskKind.ASSIGNED,
    taken_from: Task | None = None,
    team: tuple[str, Decimal] | None = None,
) -> Task:
    """One task from the catalogue in force on the day it is assigned (Art 18.1(a)-(b)); its
    coefficient is copied so a later catalogue never changes it."""
    errors: list[tuple[str, str]] = []
    quantity = _quantity(data.get("quantity"), "quantity", errors)
    assigned_on = data.get("assigned_on") or today()
    due_on = data.get("due_on")
    expected = (data.get("expected_output") or "").strip()
    if len(expected) > 2000:
        errors.append(("expected_output", _("Tối đa %(n)s ký tự.", n=2000)))
    if not expected:
        errors.append(("expected_output", _("Ghi rõ kết quả đầu ra cần đạt.")))
    if due_on is None:
        errors.append(("due_on", _("Chưa nhập hạn hoàn thành.")))
    elif due_on < assigned_on:
        errors.append(("due_on", _("Hạn hoàn thành không được trước ngày giao.")))
    elif due_on.year != assigned_on.year:
        errors.append(("due_on", _("Hạn hoàn thành phải trong năm đánh giá của ngày giao.")))
    in_force = catalogue.version_in_force(staff.agency_id, assigned_on)
    if product is None:
        errors.append(("product_id", _("Chọn sản phẩm, công việc trong danh mục.")))
    elif in_force is None or product.version_id != in_force.id:
        errors.append(
            ("product_id", _("Sản phẩm không thuộc danh mục đang áp dụng ngày giao việc."))
        )
    if due_on is not None and not errors:
        cycle, _sheet = _sheet_of(staff, due_on)
        if cycle is None:
            errors.append(("due_on", _("Cơ quan chưa có kỳ đánh giá của năm này.")))
    if errors:
        raise ValidationError(errors)
    _period_open(staff, due_on)
    assert product is not None and quantity is not None
    task = Task(
        agency_id=staff.agency_id,
        staff_id=staff.id,
        product_id=product.id,
        assigned_by_id=by.id if by else None,  # None: the agency's document system (API)
        kind=kind,
        status=TaskStatus.ASSIGNED,
        quantity=quantity,
        coefficient=product.coefficient,
        expected_output=expected,
        assigned_on=assigned_on,
        due_on=due_on,
        taken_from_id=taken_from.id if taken_from else None,
        team_code=team[0] if team else None,
        team_total=team[1] if team else None,
    )
    db.session.add(task)
    db.session.flush()
    record(
        "assign",
        "task",
        task.id,
        agency_id=task.agency_id,
        user=by,
        after={
            "staff_id": staff.id,
            "product": product.code,
            "kind": kind.value,
            "quantity": str(quantity),
            "coefficient": str(product.coefficient),
            "due_on": due_on.isoformat(),
        },
    )
    return task


def split(
    product: Product | None, total, parts: list[tuple[Staff, object]], data: dict, *, by: User
) -> list[Task]:
    """A team's product shared among its members within its total (Art 18.1(c))."""
    errors: list[tuple[str, str]] = []
    team_total = _quantity(total, "team_total", errors)
    quantities = [_quantity(q, f"parts-{i}-quantity", errors) for i, (_s, q) in enumerate(parts)]
    if len(parts) < 2:
        errors.append(("parts", _("Chia cho ít nhất hai người.")))
    if len({s.id for s, _q in parts}) != len(parts):
        errors.append(("parts", _("Mỗi người chỉ nhận một phần.")))
    if not errors and sum(quantities, Decimal(0)) > team_total:
        errors.append(
            (
                "parts",
                _(
                    "Tổng các phần (%(sum)s) vượt tổng số của sản phẩm (%(total)s).",
                    sum=f"{sum(quantities, Decimal(0)).normalize():f}",
                    total=f"{team_total.normalize():f}",
                ),
            )
        )
    if errors:
        raise ValidationError(errors)
    code = str(uuid.uuid4())
    return [
        assign(staff, product, data | {"quantity": q}, by=by, team=(code, team_total))
        for (staff, _q), q in zip(parts, quantities, strict=True)
    ]


def hand_back(task: Task, reason: str) -> Task:
    """The person cannot do it: it stays in their total, never in their completion
    (Art 18.1(d))."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(("reason", _("Ghi lý do trả lại nhiệm vụ.")))
    if len(reason) > 2000:
        raise ValidationError(("reason", _("Tối đa %(n)s ký tự.", n=2000)))
    _period_open(task.staff, task.due_on, "reason")
    task.handed_back_on = today()
    task.handed_back_reason = reason
    transition(task, "task", "handed_back", agency_id=task.agency_id, reason=reason)
    db.session.flush()
    return task


def take_over(task: Task, staff: Staff, data: dict, *, by: User) -> Task:
    """A colleague takes over a handed-back task: outside their assigned total, adding points
    (Art 18.1(d))."""
    if task.status != TaskStatus.HANDED_BACK:
        raise ValidationError(_("Chỉ giao lại được nhiệm vụ đã bị trả lại."))
    if staff.id == task.staff_id or staff.agency_id != task.agency_id:
        raise ValidationError(("staff_id", _("Chọn một người khác trong cơ quan.")))
    if db.session.scalar(select(Task.id).where(Task.taken_from_id == task.id)) is not None:
        raise ValidationError(_("Nhiệm vụ này đã được giao lại cho người khác."))
    values = {
        "quantity": task.quantity,
        "expected_output": task.expected_output,
        "assigned_on": today(),
        "due_on": data.get("due_on") or task.due_on,
    }
    return assign(staff, task.product, values, by=by, kind=TaskKind.TAKEN_OVER, taken_from=task)


def _check_output(link: str, upload: tuple[str, bytes] | None) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if link:
        parsed = urlparse(link)
        if len(link) > 500 or parsed.scheme not in ("http", "https") or not parsed.netloc:
            errors.append(("output_link", _("Đường dẫn phải bắt đầu bằng http:// hoặc https://.")))
    if upload is not None:
        name, content = upload
        ext = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
        if len(content) > max_bytes():
            errors.append(
                ("output_file", _("Tệp quá lớn; giới hạn là %(n)s byte.", n=f"{max_bytes():,}"))
            )
        elif ext not in OUTPUT_TYPES:
            errors.append(
                ("output_file", _("Chỉ nhận tệp PDF, Word, Excel, OpenDocument, PNG hoặc JPEG."))
            )
        elif not content.startswith(OUTPUT_TYPES[ext]):
            errors.append(("output_file", _("Nội dung tệp không đúng với loại tệp.")))
    if not link and upload is None:
        errors.append(("output_link", _("Gửi kèm đường dẫn hoặc tệp kết quả.")))
    return errors


def report(
    task: Task,
    *,
    link: str = "",
    upload: tuple[str, bytes] | None = None,
    note: str = "",
    on: date | None = None,
) -> Task:
    """The person reports the task done with its output (Art 18.2), today unless ``on`` says
    otherwise (a simulated year replays its days)."""
    link, note = (link or "").strip(), (note or "").strip()
    errors = _check_output(link, upload)
    if len(note) > 2000:
        errors.append(("note", _("Tối đa %(n)s ký tự.", n=2000)))
    if task.status != TaskStatus.ASSIGNED:
        errors.append(("", _("Nhiệm vụ này không còn chờ báo cáo.")))
    if errors:
        raise ValidationError(errors)
    _period_open(task.staff, task.due_on)
    task.reported_on = on or today()
    task.report_note = note
    task.output_link = link
    if upload is not None:
        task.output_filename = upload[0][-255:]
        task.output_file = upload[1]
    transition(task, "task", "reported", agency_id=task.agency_id)
    db.session.flush()
    return task


def _count(value, field: str, errors: list) -> int:
    try:
        number = int(str(value if value not in (None, "") else 0).strip())
    except ValueError:
        number = -1
    if not 0 <= number <= MAX_COUNT:
        errors.append((field, _("Số lần là số nguyên từ 0 đến %(n)s.", n=MAX_COUNT)))
    return number


def confirm(task: Task, data: dict, *, by: User) -> Task:
    """The manager confirms the quantity done, each failed quality review and each delay
    (25 % each, Art 14.2) and whether the authority confirmed an objective cause. The
    manager's score of the period follows at once when the sheet is already scored."""
    errors: list[tuple[str, str]] = []
    quantity = _quantity(
        data.get("confirmed_quantity"), "confirmed_quantity", errors, allow_zero=True
    )
    if quantity is not None and quantity > task.quantity:
        errors.append(("confirmed_quantity", _("Không vượt số lượng được giao.")))
    failed = _count(data.get("failed_reviews"), "failed_reviews", errors)
    delays = _count(data.get("delays"), "delays", errors)
    if task.status != TaskStatus.REPORTED:
        errors.append(("", _("Chỉ xác nhận được nhiệm vụ đã báo cáo kết quả.")))
    if errors:
        raise ValidationError(errors)
    _period_open(task.staff, task.due_on, "confirmed_quantity")
    before = snapshot(task, AUDITED)
    task.confirmed_quantity = quantity
    task.failed_reviews, task.delays = failed, delays
    task.objective_cause = bool(data.get("objective_cause"))
    task.confirmed_by_id, task.confirmed_at = by.id, now()
    transition(task, "task", "confirmed", agency_id=task.agency_id)
    record(
        "update",
        "task",
        task.id,
        agency_id=task.agency_id,
        before=before,
        after=snapshot(task, AUDITED),
        user=by,
    )
    db.session.flush()
    _cycle, sheet = _sheet_of(task.staff, task.due_on)
    if sheet is not None and sheet.status == SheetStatus.SCORED:
        sheets.rescore_from_tasks(sheet, by)
    return task


def send_back(task: Task, reason: str) -> Task:
    """The manager returns a report to be done again (the output does not meet the request)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(("reason", _("Ghi lý do trả lại.")))
    if task.status != TaskStatus.REPORTED:
        raise ValidationError(_("Chỉ trả lại được nhiệm vụ đã báo cáo kết quả."))
    transition(task, "task", "assigned", agency_id=task.agency_id, reason=reason[:2000])
    db.session.flush()
    return task
