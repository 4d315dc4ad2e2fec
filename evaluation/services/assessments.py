"""Self-assessments: periodic sheets and the annual form (issue 4).

The arithmetic of a period is scoring.periodic.score_period; the level a person may claim is
the engine on a one-person batch. This module only turns typed input into those calls,
validates it, stores it and moves statuses through workflow.transition.

The engine's input is built by services/engine_input.py (the one seam; this module imports it,
never the reverse); annual_facts is its name here too."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

import scoring
from scoring import periodic
from scoring.errors import BatchError, InputError
from scoring.model import FieldError
from scoring.vocabulary import LEAVE_KINDS, SANCTIONS

from .._time import now, today
from ..engine_text import translate
from ..extensions import db
from ..models import (
    Agency,
    AnnualForm,
    Cycle,
    CycleStatus,
    Discipline,
    FormStatus,
    HistoricalResult,
    Level,
    PeriodKind,
    PeriodSheet,
    Position,
    SheetStatus,
    Staff,
    StaffGroup,
    StaffYearRecord,
    Unit,
)
from ..text import N_, by_full_name, number_text
from ..workflow import transition
from . import ValidationError, engine_input, task_items
from .audit import record, snapshot
from .engine_input import annual_facts as annual_facts  # the pages' and the tests' name for it
from .engine_input import has_regulation

SCORE_REGIMES = ("D335", "D233", "QD366")
QUOTA_CODES = ("over_quota", "quota_tie")
# The annual form per group under Decree 90 (its appendix: Form 01, 02, 03).
D90_FORMS = {"can_bo": "form01", "cong_chuc": "form02", "vien_chuc": "form03"}
LEADER_FIELDS = ("unit_result_pct", "organising_pct", "uniting_pct")
ITEM_FLAGS = ("quality_ok", "objective_cause")
# How many times an item failed a quality review, and how many times it was late: 25 % each
# (Decree 335 Art 14.2(b)-(c), "mỗi lần"; docs/rules/verification.md row 27).
ITEM_COUNTS = ("failed_reviews", "delays")
PCT_FIELDS = (
    "tasks_completed_pct",
    "on_time_quality_pct",
    "exceeded_pct",
    "not_assured_pct",
    "unit_targets_completed_pct",
    "unit_exceeded_pct",
    "unit_on_time_quality_pct",
    "subunits_htnv_or_above_pct",
    "subunits_htt_or_above_pct",
)
LEADER_PCT = (
    "unit_targets_completed_pct",
    "unit_exceeded_pct",
    "unit_on_time_quality_pct",
    "subunits_htnv_or_above_pct",
    "subunits_htt_or_above_pct",
)
STAFF_PCT = ("tasks_completed_pct", "on_time_quality_pct", "exceeded_pct", "not_assured_pct")
QD366_STAFF_PCT = ("tasks_completed_pct", "on_time_quality_pct", "exceeded_pct")
OPTIONAL_PCT = ("subunits_htnv_or_above_pct", "subunits_htt_or_above_pct")
# Free-text sections of the Decree 90 forms (docs/rules/rules.md §6.3) and of the classification
# sheet.
D90_TEXT = ("political", "ethics", "style", "discipline", "task_results")
LEADER_TEXT = ("leader_unit_results", "leader_capacity", "leader_uniting")
CONTENT_FIELDS = (*D90_TEXT, "citizens", *LEADER_TEXT, "self_comment")
STALE = N_(
    "Phiếu đã được lưu ở nơi khác (tab hoặc máy khác) sau khi bạn mở. Nội dung bạn vừa nhập vẫn còn trên màn hình: hãy tải lại trang để xem bản mới rồi nhập lại phần thay đổi."  # noqa: E501
)


# --- Regime and form per person ---------------------------------------------------------------


def person_regime(cycle: Cycle, staff: Staff) -> str | None:
    """The engine's regime for the person's year (None: người lao động, outside the engine)."""
    units = {
        u.id: u for u in db.session.scalars(select(Unit).where(Unit.agency_id == cycle.agency_id))
    }
    return scoring.regime(
        staff.group.value,
        cycle.year,
        has_regulation(units.get(staff.unit_id), units),
        cycle.cadre_rules.value,
    )


def periodic_criteria_set(regime: str | None) -> str | None:
    """Which Form 01 criteria a periodic sheet uses, or None when the regime has no sheets.

    QĐ 366 (cán bộ, 2026+) is also a 30 + 70 point scale averaged over the year, so cadres keep
    periodic sheets too; its own split of the 30 points is unverified, so the sheet uses the
    Decree 335 Form 01 criteria (the nearest State form)."""
    if regime in ("D335", "QD366"):
        return "D335"
    if regime == "D233":
        return "D233"
    return None


def annual_form_kind(regime: str | None, group: StaffGroup) -> str | None:
    if regime in SCORE_REGIMES:
        return "sheet"
    if regime in ("D90", "D90_D48"):
        return D90_FORMS[group.value]
    return None


def is_leader(staff: Staff) -> bool:
    return staff.position in (Position.MANAGER, Position.UNIT_HEAD)


def period_label(cycle: Cycle, period: int) -> str:
    if cycle.period_kind == PeriodKind.MONTH:
        return _("Tháng %(n)s/%(y)s", n=period, y=cycle.year)
    return _("Quý %(n)s/%(y)s", n=period, y=cycle.year)


def period_end(cycle: Cycle, period: int) -> date:
    month = period if cycle.period_kind == PeriodKind.MONTH else period * 3
    nxt = date(cycle.year + (month == 12), month % 12 + 1, 1)
    return date.fromordinal(nxt.toordinal() - 1)


def deadline_passed(cycle: Cycle) -> bool:
    return today() > cycle.self_assessment_deadline


# --- Periodic sheets ------------------------------------------------------------------------


def find_sheet(cycle: Cycle, staff: Staff, period: int) -> PeriodSheet | None:
    return db.session.scalars(
        select(PeriodSheet).where(
            PeriodSheet.cycle_id == cycle.id,
            PeriodSheet.staff_id == staff.id,
            PeriodSheet.period == period,
        )
    ).first()


def new_sheet(cycle: Cycle, staff: Staff, period: int) -> PeriodSheet:
    """An unsaved sheet (added to the session only when the person saves it)."""
    criteria_set = periodic_criteria_set(person_regime(cycle, staff))
    if criteria_set is None:
        raise ValidationError(_("Chế độ đánh giá của bạn năm nay không có phiếu theo dõi kỳ."))
    if not 1 <= period <= cycle.period_count:
        raise ValidationError(_("Kỳ đánh giá không hợp lệ."))
    return PeriodSheet(
        agency_id=cycle.agency_id,
        cycle=cycle,
        staff=staff,
        period=period,
        regime=criteria_set,
        status=SheetStatus.DRAFT,
        general_self={},
        items=[],
    )


def criteria_for(sheet: PeriodSheet) -> tuple[periodic.Criterion, ...]:
    return periodic.GENERAL_CRITERIA[sheet.regime]


def criterion_place(criteria: tuple[periodic.Criterion, ...], code: str) -> str:
    """Where a criterion sits on the sheet, for its messages: 'Dòng 3, tiêu chí II.1 “…”'."""
    position = next((i for i, c in enumerate(criteria) if c.code == code), None)
    if position is None:
        return _("Tiêu chí %(code)s", code=code)
    crit = criteria[position]
    return _(
        "Dòng %(n)s, tiêu chí %(code)s “%(label)s”",
        n=position + 1,
        code=crit.code,
        label=translate(crit.label_vi),
    )


def not_a_score(criteria: tuple[periodic.Criterion, ...], code: str) -> str:
    """A typed score that is not a number, with an example within the criterion's maximum."""
    crit = next(c for c in criteria if c.code == code)
    example = crit.max_points - Decimal("0.5") if crit.max_points > 1 else crit.max_points
    return _(
        "%(place)s: phải là một số, ví dụ %(example)s (tối đa %(max)s điểm).",
        place=criterion_place(criteria, code),
        example=number_text(f"{example.normalize():f}"),
        max=number_text(f"{crit.max_points.normalize():f}"),
    )


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _date(value) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    return date.fromisoformat(str(value))


def _blank_item(raw: dict) -> bool:
    return not any(
        raw.get(k) not in (None, "", False)
        for k in ("title", "units", "assigned_on", "due_on", "completed_on")
    )


def _work_items(raw_items: list[dict], errors: list, prefix: str = "items") -> tuple[list, list]:
    """Typed rows -> (WorkItem list, their row numbers); blank rows are dropped, incomplete
    rows reported."""
    items, rows = [], []
    for i, raw in enumerate(raw_items):
        if _blank_item(raw):
            continue
        # Messages are translated only for a row that has a problem: a save checks every
        # row, and three translations per row were 6% of its CPU (callgrind instructions).
        problems: list[tuple[str, str, dict]] = []
        if not (raw.get("title") or "").strip():
            problems.append(("title", N_("%(row)s: chưa nhập tên sản phẩm, công việc."), {}))
        units = _decimal(raw.get("units"))
        if units is None:
            problems.append(("units", N_("%(row)s: chưa nhập số sản phẩm quy đổi."), {}))
        elif units <= 0:
            problems.append(("units", N_("%(row)s: số sản phẩm quy đổi phải lớn hơn 0."), {}))
        for name, what in (("assigned_on", N_("ngày giao")), ("due_on", N_("hạn hoàn thành"))):
            if raw.get(name) is None:
                problems.append((name, N_("%(row)s: chưa nhập %(what)s."), {"what": _(what)}))
        if problems:
            row = _("Công việc %(n)s", n=i + 1)
            for name, message, extra in problems:
                errors.append((f"{prefix}-{i}-{name}", _(message, row=row, **extra)))
            continue
        items.append(
            periodic.WorkItem(
                title=raw["title"].strip(),
                units=units,
                assigned_on=_date(raw["assigned_on"]),
                due_on=_date(raw["due_on"]),
                completed_on=_date(raw.get("completed_on")),
                quality_ok=bool(raw.get("quality_ok")),
                major_error=False,
                objective_cause=bool(raw.get("objective_cause")),
                failed_reviews=item_count(raw, "failed_reviews"),
                delays=item_count(raw, "delays"),
                extra=bool(raw.get("extra")),
            )
        )
        rows.append(i)
    return items, rows


def item_count(raw: dict, name: str) -> int:
    """A stored or typed count (a record from before the counts had ``major_error``: 1)."""
    value = raw.get(name)
    if value in (None, ""):
        return 1 if name == "failed_reviews" and raw.get("major_error") else 0
    return max(0, int(value))


def _leader_facts(raw: dict | None, errors: list, complete: bool) -> periodic.ManagerFacts | None:
    if raw is None:
        return None
    values = {}
    for name in LEADER_FIELDS:
        value = _decimal(raw.get(name))
        if value is None:
            if complete:
                errors.append((name, _("Chưa nhập tỷ lệ (0–100).")))
            value = Decimal(0)
        elif not 0 <= value <= 100:
            errors.append((name, _("Tỷ lệ phải nằm trong khoảng 0–100.")))
        values[name] = value
    return periodic.ManagerFacts(**values)


def _score(
    sheet: PeriodSheet,
    general_raw: dict,
    raw_items: list[dict],
    leader_raw: dict | None,
    *,
    complete: bool,
    prefix: str = "general",
) -> tuple[periodic.PeriodScore | None, dict, list]:
    """Validate typed values and score them with scoring.periodic (the only arithmetic).

    Returns (score or None when incomplete, the cleaned general scores, the cleaned rows).
    Raises ValidationError with every problem at once."""
    errors: list[tuple[str, str]] = []
    criteria = criteria_for(sheet)
    index = {c.code: i for i, c in enumerate(criteria)}
    general: dict[str, Decimal] = {}
    for crit in criteria:
        value = _decimal(general_raw.get(crit.code))
        if value is None:
            if complete:
                errors.append(
                    (
                        f"{prefix}-{index[crit.code]}-score",
                        _("%(place)s: chưa chấm điểm.", place=criterion_place(criteria, crit.code)),
                    )
                )
            continue
        general[crit.code] = value
    items, rows = _work_items(raw_items, errors)
    end = period_end(sheet.cycle, sheet.period)
    for item, row in zip(items, rows, strict=True):
        if item.due_on > end:  # it counts in the period it falls due (Decree 335 Art 14.1)
            errors.append(
                (
                    f"items-{row}-due_on",
                    _(
                        "Công việc %(n)s: hạn hoàn thành sau khi hết kỳ; ghi vào phiếu của kỳ "
                        "đến hạn.",
                        n=row + 1,
                    ),
                )
            )
    if complete and not items and not any(e[0].startswith("items") for e in errors):
        errors.append(("items", _("Chưa có sản phẩm, công việc nào được giao trong kỳ.")))
    leader = _leader_facts(leader_raw, errors, complete)
    result = periodic.score_period(
        sheet.regime, general, items, leader, period_end=period_end(sheet.cycle, sheet.period)
    )
    for err in result.errors:
        if err.path == "items" or (err.path.startswith("general.") and err.field not in general):
            continue  # missing parts: reported above on submit, allowed in a draft
        field = _field_for(err, index, rows, prefix)
        message = err.message_vi
        if err.item is not None:
            message = _("Công việc %(n)s: %(msg)s", n=rows[err.item] + 1, msg=message)
        elif err.path.startswith("general."):
            place = criterion_place(criteria, err.field)
            message = _("%(place)s: %(msg)s", place=place, msg=message)
        errors.append((field, message))
    if errors:
        raise ValidationError(_dedupe(errors))
    if result.errors:  # only the draft's missing parts remain: nothing to total yet
        return None, general, items
    return result, general, items


def _field_for(err: FieldError, index: dict, rows: list, prefix: str) -> str:
    """The form field next to which the engine's problem is shown."""
    if err.path.startswith("general."):
        return f"{prefix}-{index[err.field]}-score" if err.field in index else ""
    if err.item is not None:
        return f"items-{rows[err.item]}-{err.field}"
    if err.path.startswith("manager."):
        return err.field
    return ""


def _dedupe(errors: list[tuple[str, str]]) -> list[tuple[str, str]]:
    seen, out = set(), []
    for e in errors:
        if e not in seen:
            seen.add(e)
            out.append(e)
    return out


def _item_dict(item: periodic.WorkItem) -> dict:
    return {
        "title": item.title,
        "units": str(item.units),
        "assigned_on": item.assigned_on.isoformat(),
        "due_on": item.due_on.isoformat(),
        "completed_on": item.completed_on.isoformat() if item.completed_on else None,
        "quality_ok": item.quality_ok,
        "failed_reviews": item.failed_reviews,
        "delays": item.delays,
        "objective_cause": item.objective_cause,
    } | ({"extra": True} if item.extra else {})


def task_rows(sheet: PeriodSheet, *, manager: bool) -> list[dict] | None:
    """The period's rows derived from the tasks assigned from the catalogue, or None when the
    person has no task falling due in it (the typed rows of an agency without a catalogue)."""
    months = 12 // sheet.cycle.period_count
    start = date(sheet.cycle.year, (sheet.period - 1) * months + 1, 1)
    found = task_items.tasks_due(sheet.staff.id, start, period_end(sheet.cycle, sheet.period))
    return task_items.items_for(found, manager=manager) if found else None


def stored_items(items: list[dict]) -> list[periodic.WorkItem]:
    errors: list = []
    found, _rows = _work_items(items, errors)
    return found


def _check_version(obj, version: int | None) -> None:
    if version is not None and obj.version is not None and int(version) != obj.version:
        raise ValidationError(_(STALE))


def _reopened(cycle: Cycle, staff_id: int, period: int | None) -> bool:
    """HR granted a request to reopen this sheet (period) or form (None), open today."""
    from .reopen import active_grant  # reopen builds on this module

    return active_grant(cycle, staff_id, period) is not None


def can_edit_sheet(sheet: PeriodSheet) -> tuple[bool, str]:
    """Whether the owner may still change the sheet, and why not."""
    if sheet.status != SheetStatus.DRAFT:
        if sheet.status == SheetStatus.CLOSED:
            return False, _("Kỳ này đã được chốt: phiếu chỉ xem, không sửa được.")
        return False, _("Phiếu đã gửi người quản lý trực tiếp; không sửa được nữa.")
    if sheet.cycle.status != CycleStatus.OPEN:
        return False, _("Kỳ đánh giá năm không mở: không sửa được phiếu.")
    if deadline_passed(sheet.cycle) and not _reopened(sheet.cycle, sheet.staff.id, sheet.period):
        return False, _(
            "Đã quá hạn tự đánh giá (%(d)s).", d=f"{sheet.cycle.self_assessment_deadline:%d/%m/%Y}"
        )
    return True, ""


def save_sheet(sheet: PeriodSheet, data: dict, *, submit: bool, version: int | None) -> PeriodSheet:
    """The person's own save (draft or submit). data: general {code: value}, items [rows],
    leader {pct fields} | None. Nothing is stored when anything is wrong."""
    allowed, why = can_edit_sheet(sheet)
    if not allowed:
        raise ValidationError(why)
    _check_version(sheet, version)
    leader_raw = data.get("leader") if is_leader(sheet.staff) else None
    raw_items = task_rows(sheet, manager=False)
    result, general, items = _score(
        sheet,
        data.get("general", {}),
        data.get("items", []) if raw_items is None else raw_items,
        leader_raw,
        complete=submit,
    )
    before = snapshot(sheet, ("status", "self_total")) if sheet.id else None
    sheet.general_self = {k: str(v) for k, v in general.items()}
    sheet.items = [_item_dict(i) for i in items]
    sheet.leader_self = (
        {k: str(_decimal(leader_raw.get(k)) or "") for k in LEADER_FIELDS} if leader_raw else None
    )
    sheet.self_general = result.general if result else None
    sheet.self_task = result.task_points if result else None
    sheet.self_total = result.total if result else None
    sheet.updated_at = now()  # every save is a new version, even with the same content
    if sheet.id is None:
        db.session.add(sheet)
    db.session.flush()
    record(
        "save",
        "period_sheet",
        sheet.id,
        agency_id=sheet.agency_id,
        before=before,
        after=snapshot(sheet, ("status", "self_total")),
    )
    if submit:
        sheet.submitted_at = now()
        transition(sheet, "period_sheet", "submitted", agency_id=sheet.agency_id)
        db.session.flush()
    return sheet


# Mẫu số 01 section II items 4-5 (Ưu điểm; Hạn chế, khuyết điểm): the assessing authority's
# summary of the period, a few lines on the printed form.
SUMMARY_FIELDS = ("strengths", "weaknesses")
SUMMARY_MAX = 2000
_SCORE_AUDIT = ("status", "manager_total", "manager_strengths", "manager_weaknesses")


def _summary(data: dict) -> dict[str, str]:
    """The manager's strengths and weaknesses of the period, each refused when too long."""
    texts = {name: (data.get(name) or "").strip() for name in SUMMARY_FIELDS}
    errors = [
        (name, _("Tối đa %(n)s ký tự (đang có %(m)s).", n=SUMMARY_MAX, m=len(text)))
        for name, text in texts.items()
        if len(text) > SUMMARY_MAX
    ]
    if errors:
        raise ValidationError(errors)
    return texts


def score_by_manager(
    sheet: PeriodSheet, data: dict, *, close: bool, version: int | None, user
) -> PeriodSheet:
    """The direct manager's score of the same sheet; it stands over the self-score."""
    if sheet.status not in (SheetStatus.SUBMITTED, SheetStatus.SCORED):
        if sheet.status == SheetStatus.CLOSED:
            raise ValidationError(_("Kỳ này đã được chốt: phiếu chỉ xem, không sửa được."))
        raise ValidationError(_("Người được đánh giá chưa gửi phiếu kỳ này."))
    _check_version(sheet, version)
    summary = _summary(data)
    rows = []
    flags = data.get("item_flags", [])
    for i, item in enumerate(sheet.items):
        row = dict(item)
        if i < len(flags):
            for flag in ITEM_FLAGS:
                row[flag] = bool(flags[i].get(flag))
            for name in ITEM_COUNTS:
                row[name] = max(0, int(flags[i].get(name) or 0))
        rows.append(row)
    rows = task_rows(sheet, manager=True) or rows  # confirmed tasks, never typed (Art 14)
    leader_raw = data.get("leader") if is_leader(sheet.staff) else None
    result, general, items = _score(sheet, data.get("general", {}), rows, leader_raw, complete=True)
    before = snapshot(sheet, _SCORE_AUDIT)
    sheet.general_manager = {k: str(v) for k, v in general.items()}
    sheet.items_manager = [_item_dict(i) for i in items]
    sheet.leader_manager = (
        {k: str(_decimal(leader_raw.get(k))) for k in LEADER_FIELDS} if leader_raw else None
    )
    sheet.manager_general, sheet.manager_task, sheet.manager_total = (
        result.general,
        result.task_points,
        result.total,
    )
    sheet.manager_comment = (data.get("comment") or "").strip()
    sheet.manager_strengths = summary["strengths"]
    sheet.manager_weaknesses = summary["weaknesses"]
    sheet.updated_at = now()
    sheet.scored_by_id = user.id
    db.session.flush()
    record(
        "score",
        "period_sheet",
        sheet.id,
        agency_id=sheet.agency_id,
        before=before,
        after=snapshot(sheet, _SCORE_AUDIT),
    )
    if sheet.status == SheetStatus.SUBMITTED:
        transition(sheet, "period_sheet", "scored", agency_id=sheet.agency_id)
    if close:
        transition(sheet, "period_sheet", "closed", agency_id=sheet.agency_id)
        db.session.flush()
        from .outbox import record_period

        record_period(sheet)  # the period's result, owed to the national database in 5 days
    db.session.flush()
    return sheet


def rescore_from_tasks(sheet: PeriodSheet, user) -> PeriodSheet:
    """The manager's score again after a task of the period was confirmed: the same general
    scores, the task points from the confirmed tasks."""
    data = {
        "general": sheet.general_manager or {},
        "leader": sheet.leader_manager,
        "comment": sheet.manager_comment,
        "strengths": sheet.manager_strengths,
        "weaknesses": sheet.manager_weaknesses,
    }
    return score_by_manager(sheet, data, close=False, version=None, user=user)


def return_sheet(sheet: PeriodSheet, reason: str) -> PeriodSheet:
    """The manager sends a sheet back to its owner to correct (a reason is required)."""
    if not (reason or "").strip():
        raise ValidationError(("reason", _("Cần ghi lý do trả lại phiếu.")))
    if sheet.status not in (SheetStatus.SUBMITTED, SheetStatus.SCORED):
        raise ValidationError(_("Chỉ trả lại được phiếu đã gửi và chưa chốt."))
    transition(sheet, "period_sheet", "draft", agency_id=sheet.agency_id, reason=reason.strip())
    db.session.flush()
    return sheet


def sheets_of(cycle: Cycle, staff_id: int) -> dict[int, PeriodSheet]:
    return {
        s.period: s
        for s in db.session.scalars(
            select(PeriodSheet).where(
                PeriodSheet.cycle_id == cycle.id, PeriodSheet.staff_id == staff_id
            )
        )
    }


def differences(sheet: PeriodSheet) -> dict[str, bool]:
    """Which general criteria, item flags and totals the manager scored differently."""
    diff: dict[str, bool] = {}
    if sheet.general_manager is None:
        return diff
    for code, value in sheet.general_manager.items():
        diff[code] = _decimal(sheet.general_self.get(code)) != _decimal(value)
    for i, (mine, theirs) in enumerate(zip(sheet.items, sheet.items_manager or [], strict=False)):
        for flag in ITEM_FLAGS:
            diff[f"item{i}.{flag}"] = bool(mine.get(flag)) != bool(theirs.get(flag))
        for name in ITEM_COUNTS:
            diff[f"item{i}.{name}"] = item_count(mine, name) != item_count(theirs, name)
    for name in LEADER_FIELDS:
        if sheet.leader_manager and sheet.leader_self:
            diff[name] = _decimal(sheet.leader_self.get(name)) != _decimal(
                sheet.leader_manager.get(name)
            )
    diff["total"] = sheet.self_total != sheet.manager_total
    return diff


# --- The year: averages, annual form ---------------------------------------------------------


def year_summary(cycle: Cycle, staff_id: int, *, with_self: bool = False) -> dict:
    """The averages of the manager-scored periods (scoring.periodic.annual_average).

    with_self: periods the manager has not scored yet count with the person's own submitted
    score, marked provisional (the panel only: the ranking never uses self-scores)."""
    sheets = sorted(sheets_of(cycle, staff_id).values(), key=lambda s: s.period)
    used = []
    provisional = False
    for s in sheets:
        if s.status in (SheetStatus.SCORED, SheetStatus.CLOSED) and s.manager_total is not None:
            used.append((s.manager_general, s.manager_task, s.manager_total))
        elif with_self and s.status == SheetStatus.SUBMITTED and s.self_total is not None:
            used.append((s.self_general, s.self_task, s.self_total))
            provisional = True
    summary = {
        "sheets": sheets,
        "count": len(used),
        "provisional": provisional,
        "general": None,
        "task": None,
        "score": None,
        "period_scores": [u[2] for u in used],
    }
    if used:
        summary["general"] = periodic.annual_average([u[0] for u in used])
        summary["task"] = periodic.annual_average([u[1] for u in used])
        summary["score"] = periodic.annual_average([u[2] for u in used])
    return summary


def find_form(cycle: Cycle, staff: Staff) -> AnnualForm | None:
    return db.session.scalars(
        select(AnnualForm).where(AnnualForm.cycle_id == cycle.id, AnnualForm.staff_id == staff.id)
    ).first()


def new_form(cycle: Cycle, staff: Staff) -> AnnualForm:
    regime = person_regime(cycle, staff)
    kind = annual_form_kind(regime, staff.group)
    if kind is None:
        raise ValidationError(
            _("Người lao động hợp đồng không thuộc diện tự đánh giá theo mẫu này.")
        )
    return AnnualForm(
        agency_id=cycle.agency_id,
        cycle=cycle,
        staff=staff,
        regime=regime,
        form_kind=kind,
        status=FormStatus.DRAFT,
        content={},
        criteria={},
    )


def can_edit_form(form: AnnualForm) -> tuple[bool, str]:
    if form.status != FormStatus.DRAFT:
        return False, _("Phiếu đã gửi; chỉ người quản lý trực tiếp mở lại được (kèm lý do).")
    if form.cycle.status != CycleStatus.OPEN:
        return False, _("Kỳ đánh giá năm không mở: không sửa được phiếu.")
    # After the deadline a form can be changed only once the head reopened it with a reason.
    if (
        deadline_passed(form.cycle)
        and not form.reopen_reason
        and not _reopened(form.cycle, form.staff.id, None)
    ):
        return False, _(
            "Đã quá hạn tự đánh giá (%(d)s).", d=f"{form.cycle.self_assessment_deadline:%d/%m/%Y}"
        )
    return True, ""


def needed_pct(form: AnnualForm, staff: Staff) -> tuple[str, ...]:
    """The percentage facts the engine needs for this form (scoring-api `criteria`)."""
    leader = is_leader(staff) or staff.group == StaffGroup.CAN_BO
    if form.form_kind == "sheet":
        if form.regime != "QD366":
            return ()
        return LEADER_PCT[:3] if is_leader(staff) else QD366_STAFF_PCT
    return (*STAFF_PCT, *LEADER_PCT[:3]) if leader else STAFF_PCT


def shown_pct(form: AnnualForm, staff: Staff) -> tuple[str, ...]:
    needed = needed_pct(form, staff)
    leader = is_leader(staff) or staff.group == StaffGroup.CAN_BO
    if form.form_kind != "sheet" and leader:
        return (*needed, *OPTIONAL_PCT)
    return needed


def text_fields(form: AnnualForm, staff: Staff) -> tuple[str, ...]:
    if form.form_kind == "sheet":
        return ("self_comment",)
    fields = list(D90_TEXT)
    if staff.group != StaffGroup.VIEN_CHUC:  # public-facing duty of cadres and civil servants
        fields.append("citizens")
    if is_leader(staff) or staff.group == StaffGroup.CAN_BO:
        fields.extend(LEADER_TEXT)
    return tuple(fields)


def _form_criteria(
    form: AnnualForm, staff: Staff, data: dict, complete: bool, errors: list
) -> dict:
    criteria: dict = {}
    needed = needed_pct(form, staff)
    for name in shown_pct(form, staff):
        raw = data.get(name)
        value = _decimal(raw)
        if value is None:
            if raw not in (None, ""):
                errors.append((name, _("Phải là một số.")))
            elif complete and name in needed:
                errors.append((name, _("Chưa nhập tỷ lệ phần trăm (0–100).")))
            continue
        if not 0 <= value <= 100:
            errors.append((name, _("Tỷ lệ phải nằm trong khoảng 0–100 (không âm).")))
            continue
        criteria[name] = float(value)
    if form.form_kind != "sheet":
        general = data.get("general") or ""
        if general and general not in ("done_well", "met", "not_met"):
            errors.append(("general", _("Giá trị không hợp lệ.")))
        elif general:
            criteria["general"] = general
        elif complete:
            errors.append(("general", _("Chưa tự nhận mức thực hiện các tiêu chí chung.")))
    if form.regime == "QD366":
        criteria["shortcomings_remedied"] = bool(data.get("shortcomings_remedied"))
    return criteria


def save_form(
    form: AnnualForm, staff: Staff, data: dict, *, submit: bool, version: int | None
) -> AnnualForm:
    allowed, why = can_edit_form(form)
    if not allowed:
        raise ValidationError(why)
    _check_version(form, version)
    errors: list[tuple[str, str]] = []
    content = {}
    for name in text_fields(form, staff):
        value = (data.get(name) or "").strip()
        if len(value) > 5000:
            errors.append((name, _("Tối đa 5000 ký tự.")))
        elif not value and submit and name != "self_comment":
            errors.append((name, _("Chưa nhập nội dung tự đánh giá của mục này.")))
        content[name] = value
    criteria = _form_criteria(form, staff, data, submit, errors)
    level = data.get("self_level") or None
    if level is not None and level not in Level.__members__:
        errors.append(("self_level", _("Mức xếp loại không hợp lệ.")))
    elif level is None and submit:
        errors.append(("self_level", _("Chưa tự nhận mức xếp loại.")))
    if submit and form.form_kind == "sheet":
        summary = year_summary(form.cycle, staff.id)
        if summary["count"] == 0:
            errors.append(
                (
                    "",
                    _(
                        "Chưa có kỳ nào được người quản lý trực tiếp chấm điểm: "
                        "chưa gửi được phiếu năm."
                    ),
                )
            )
    if errors:
        raise ValidationError(_dedupe(errors))
    before = snapshot(form, ("status", "self_level", "criteria")) if form.id else None
    form.content = content
    form.criteria = criteria
    form.self_level = Level(level) if level else None
    form.updated_at = now()
    if form.id is None:
        db.session.add(form)
    db.session.flush()
    record(
        "save",
        "annual_form",
        form.id,
        agency_id=form.agency_id,
        before=before,
        after=snapshot(form, ("status", "self_level", "criteria")),
    )
    if submit:
        form.submitted_at = now()
        form.reopen_reason = form.reopen_reason  # kept: the audit row holds the history
        transition(form, "annual_form", "submitted", agency_id=form.agency_id)
        db.session.flush()
    return form


def reopen_form(form: AnnualForm, reason: str) -> AnnualForm:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(("reason", _("Cần ghi lý do mở lại phiếu.")))
    transition(form, "annual_form", "draft", agency_id=form.agency_id, reason=reason)
    form.reopen_reason = reason
    db.session.flush()
    return form


# --- What the rules allow: the engine on a one-person batch ----------------------------------


def eligibility(cycle: Cycle, staff: Staff, form: AnnualForm | None) -> dict:
    """The engine's eligible level with its reasons for the person's current facts (their
    draft form and their submitted self scores included, through the one seam,
    services/engine_input.py): {"ok", "result" | "errors", "provisional", "self_level"}."""
    regime = person_regime(cycle, staff)
    out = {
        "provisional": False,
        "self_level": form.self_level.value if form and form.self_level else None,
        "regime": regime,
    }
    try:
        answer = engine_input.classify(cycle, [staff], drafts=True, self_scores=True)
    except BatchError as error:
        out.update(ok=False, errors=_dedupe_text([_explain(e) for e in error.details]))
        return out
    own = answer.facts.get(staff.id) or {}
    out["provisional"] = bool(own.get("provisional"))
    if regime in SCORE_REGIMES and own.get("score") is None:
        out.update(ok=False, errors=[_("Chưa có kỳ nào được chấm điểm: chưa tính được điểm năm.")])
        return out
    if staff.id in answer.refused:
        problems = answer.refused[staff.id]
        out.update(ok=False, errors=_dedupe_text([_explain(e) for e in problems]))
        return out
    result = answer.results[staff.id]
    # A one-person batch says nothing about the agency's quota: that is decided on the whole
    # agency's batch, so its reasons are left out here (the panel says so).
    result["reasons"] = [r for r in result["reasons"] if r["code"] not in QUOTA_CODES]
    out.update(ok=True, result=result)
    return out


def _explain(error: InputError) -> str:
    """The engine speaks of its input fields; the person knows the form's sections."""
    if error.field == "criteria":
        return _(
            "Chưa nhập đủ mức tiêu chí chung và các tỷ lệ phần trăm về kết quả thực hiện "
            "nhiệm vụ (lưu nháp để cập nhật)."
        )
    return error.message


def _dedupe_text(messages: list[str]) -> list[str]:
    return list(dict.fromkeys(messages))


# --- HR: who has not submitted, the person's year record, history ----------------------------


def missing_submissions(cycle: Cycle, unit_ids: set[int] | None = None) -> list[dict]:
    """Per unit: the people expected to submit an annual form and those who have not."""
    staff = sorted(
        db.session.scalars(
            select(Staff).where(Staff.agency_id == cycle.agency_id, Staff.end_date.is_(None))
        ),
        key=by_full_name,
    )
    submitted = set(
        db.session.scalars(
            select(AnnualForm.staff_id).where(
                AnnualForm.cycle_id == cycle.id, AnnualForm.status == FormStatus.SUBMITTED
            )
        )
    )
    units = {
        u.id: u for u in db.session.scalars(select(Unit).where(Unit.agency_id == cycle.agency_id))
    }
    rows: dict[int, dict] = {}
    for person in staff:
        if person.group == StaffGroup.NGUOI_LAO_DONG:
            continue
        if unit_ids is not None and person.unit_id not in unit_ids:
            continue
        row = rows.setdefault(
            person.unit_id, {"unit": units.get(person.unit_id), "expected": 0, "missing": []}
        )
        row["expected"] += 1
        if person.id not in submitted:
            row["missing"].append(person)
    return sorted(rows.values(), key=lambda r: r["unit"].name if r["unit"] else "")


def year_record(staff: Staff, year: int) -> StaffYearRecord | None:
    return db.session.scalars(
        select(StaffYearRecord).where(
            StaffYearRecord.staff_id == staff.id, StaffYearRecord.year == year
        )
    ).first()


def save_year_record(staff: Staff, year: int, data: dict) -> StaffYearRecord:
    errors: list[tuple[str, str]] = []
    months = data.get("months_worked")
    if months is None or not 0 <= months <= 12:
        errors.append(("months_worked", _("Số tháng công tác phải từ 0 đến 12.")))
    leave = []
    total_leave = 0
    for i, row in enumerate(data.get("leave", [])):
        if not row.get("kind") and not row.get("months"):
            continue
        if row.get("kind") not in LEAVE_KINDS:
            errors.append((f"leave-{i}-kind", _("Chọn loại nghỉ.")))
            continue
        if row.get("months") is None or not 0 < row["months"] <= 12:
            errors.append((f"leave-{i}-months", _("Số tháng nghỉ phải từ 1 đến 12.")))
            continue
        total_leave += row["months"]
        leave.append({"kind": row["kind"], "months": row["months"]})
    if months is not None and total_leave + (months or 0) > 12:
        errors.append(("months_worked", _("Tháng công tác cộng tháng nghỉ vượt quá 12.")))
    if errors:
        raise ValidationError(errors)
    rec = year_record(staff, year)
    before = snapshot(rec, ("months_worked", "leave", "degradation_finding")) if rec else None
    if rec is None:
        rec = StaffYearRecord(staff_id=staff.id, year=year)
        db.session.add(rec)
    rec.months_worked = months
    rec.leave = leave
    for flag in ("degradation_finding", "corruption_in_led_unit", "corruption_self_remedied"):
        setattr(rec, flag, bool(data.get(flag)))
    db.session.flush()
    record(
        "save",
        "staff_year_record",
        rec.id,
        agency_id=staff.agency_id,
        before=before,
        after=snapshot(
            rec,
            (
                "months_worked",
                "leave",
                "degradation_finding",
                "corruption_in_led_unit",
                "corruption_self_remedied",
            ),
        ),
    )
    return rec


def add_discipline(staff: Staff, data: dict) -> Discipline:
    errors: list[tuple[str, str]] = []
    if data.get("sanction") not in SANCTIONS:
        errors.append(("sanction", _("Chọn hình thức kỷ luật.")))
    if data.get("system") not in ("party", "state"):
        errors.append(("system", _("Chọn kỷ luật Đảng hoặc kỷ luật hành chính.")))
    if data.get("effective_on") is None:
        errors.append(("effective_on", _("Chưa nhập ngày có hiệu lực.")))
    if errors:
        raise ValidationError(errors)
    item = Discipline(
        staff_id=staff.id,
        sanction=data["sanction"],
        system=data["system"],
        duty_related=bool(data.get("duty_related")),
        effective_on=data["effective_on"],
        act=(data.get("act") or "").strip(),
        counted_in_year=data.get("counted_in_year"),
        note=(data.get("note") or "").strip(),
    )
    db.session.add(item)
    db.session.flush()
    record(
        "create",
        "discipline",
        item.id,
        agency_id=staff.agency_id,
        after=snapshot(
            item, ("staff_id", "sanction", "system", "duty_related", "effective_on", "act")
        ),
    )
    return item


def disciplines_of(staff: Staff) -> list[Discipline]:
    return list(
        db.session.scalars(
            select(Discipline)
            .where(Discipline.staff_id == staff.id)
            .order_by(Discipline.effective_on)
        )
    )


def record_historical_result(
    agency: Agency, staff_code: str, year: int, level: str, note: str = ""
) -> HistoricalResult:
    """A level for a year before the system, by staff code (also for the Excel import).
    Replaces an earlier entry for the same person and year (audited)."""
    errors: list[tuple[str, str]] = []
    code = (staff_code or "").strip()
    staff = db.session.scalars(
        select(Staff).where(Staff.agency_id == agency.id, Staff.code == code)
    ).first()
    if staff is None:
        errors.append(("staff_code", _("Không có cán bộ mã %(code)s trong cơ quan.", code=code)))
    if not isinstance(year, int) or not 2000 <= year <= today().year - 1:
        errors.append(("year", _("Năm phải từ 2000 đến năm trước năm hiện tại.")))
    if level not in Level.__members__:
        errors.append(("level", _("Mức xếp loại không hợp lệ.")))
    if len(note or "") > 500:
        errors.append(("note", _("Ghi chú tối đa 500 ký tự.")))
    if errors:
        raise ValidationError(errors)
    row = db.session.scalars(
        select(HistoricalResult).where(
            HistoricalResult.staff_id == staff.id, HistoricalResult.year == year
        )
    ).first()
    before = snapshot(row, ("year", "level", "note")) if row else None
    if row is None:
        row = HistoricalResult(agency_id=agency.id, staff_id=staff.id, year=year)
        db.session.add(row)
    row.level = Level(level)
    row.note = (note or "").strip()
    db.session.flush()
    record(
        "update" if before else "create",
        "historical_result",
        row.id,
        agency_id=agency.id,
        before=before,
        after=snapshot(row, ("year", "level", "note")),
    )
    return row


def historical_results(agency: Agency) -> list[HistoricalResult]:
    return list(
        db.session.scalars(
            select(HistoricalResult)
            .where(HistoricalResult.agency_id == agency.id)
            .order_by(HistoricalResult.year.desc(), HistoricalResult.staff_id)
        )
    )


def check_sheet(sheet: PeriodSheet, data: dict, submit: bool) -> list[tuple[str, str]]:
    """The problems the rules find in typed values, without saving anything."""
    try:
        leader = data.get("leader") if is_leader(sheet.staff) else None
        _score(sheet, data.get("general", {}), data.get("items", []), leader, complete=submit)
    except ValidationError as error:
        return error.errors
    return []


def breakdown(sheet: PeriodSheet, *, manager: bool = False) -> periodic.PeriodScore | None:
    """Quantity, quality and progress of a stored sheet, as scoring.periodic computes them."""
    general = sheet.general_manager if manager else sheet.general_self
    items = sheet.items_manager if manager else sheet.items
    leader = sheet.leader_manager if manager else sheet.leader_self
    if general is None or items is None:
        return None
    errors: list = []
    facts = _leader_facts(leader if is_leader(sheet.staff) else None, errors, True)
    result = periodic.score_period(
        sheet.regime,
        {k: Decimal(v) for k, v in general.items()},
        stored_items(items),
        facts,
        period_end=period_end(sheet.cycle, sheet.period),
    )
    return None if result.errors or errors else result
