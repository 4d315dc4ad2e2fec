"""Decree 335 Mẫu số 01 (Phiếu theo dõi, đánh giá công chức) of one month or quarter, filled
from the person's sheet: their own scores, and the direct manager's once confirmed
(docs/rules/rules.md, "Corrections from the primary texts")."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from exports.data import MAU01_CRITERIA, PeriodSheetDocData, SheetCriterionRow, SheetWorkRow

from .._time import local_date
from ..models import PeriodKind, PeriodSheet, SheetStatus, StaffGroup

_ROMAN = ("I", "II", "III", "IV")


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


def _count(raw: dict, name: str) -> int:
    from ..services.assessments import item_count

    return item_count(raw, name)


def _work_rows(items: list[dict] | None) -> tuple[SheetWorkRow, ...]:
    return tuple(
        SheetWorkRow(
            title=raw.get("title") or "",
            units=_decimal(raw.get("units")) or Decimal(0),
            due_on=_date(raw.get("due_on")),
            completed_on=_date(raw.get("completed_on")),
            quality_ok=bool(raw.get("quality_ok")),
            failed_reviews=_count(raw, "failed_reviews"),
            delays=_count(raw, "delays"),
            objective_cause=bool(raw.get("objective_cause")),
            extra=bool(raw.get("extra")),
        )
        for raw in items or ()
    )


def _criteria(scores: dict) -> tuple[SheetCriterionRow, ...]:
    """Section I with the person's scores; a group row carries the sum of its sub-items (the
    app scores group III as one figure: its four sub-items stay blank)."""
    own = {code: _decimal(value) for code, value in (scores or {}).items()}
    rows = []
    for number, label, max_points, code in MAU01_CRITERIA:
        group = number in _ROMAN
        if group and code in own:
            value = own[code]
        elif group:
            parts = [v for k, v in own.items() if k.startswith(f"{code}.") and v is not None]
            value = sum(parts, Decimal(0)) if parts else None
        else:
            value = own.get(code) if code else None
        rows.append(SheetCriterionRow(number, label, max_points, value, group))
    return tuple(rows)


def period_line(kind: PeriodKind, period: int, year: int) -> str:
    """The form's "Kỳ theo dõi, đánh giá": tháng/quý … năm … (its footnote 1)."""
    if kind == PeriodKind.MONTH:
        return f"tháng {period} năm {year}"
    return f"quý {_ROMAN[period - 1]} năm {year}"


def has_form(sheet: PeriodSheet | None) -> bool:
    """Mẫu số 01 is the công chức form of Decree 335 (the criteria set the sheet uses)."""
    return (
        sheet is not None and sheet.regime == "D335" and sheet.staff.group == StaffGroup.CONG_CHUC
    )


def period_sheet_data(sheet: PeriodSheet) -> PeriodSheetDocData | None:
    """The filled Mẫu số 01 of a stored or new (unsaved) sheet; None when the person is not a
    công chức scored on the Decree 335 criteria (no such form)."""
    from ..services import assessments
    from ..services.authority import issuer_of, periodic_assessor

    staff, cycle = sheet.staff, sheet.cycle
    assessor = periodic_assessor(cycle, staff)
    if not has_form(sheet) or assessor is None:
        return None
    own = issuer_of(cycle.agency, staff.unit)
    confirmed = sheet.status in (SheetStatus.SCORED, SheetStatus.CLOSED)
    result = assessments.breakdown(sheet, manager=confirmed) if sheet.id else None
    manager_items = sheet.items_manager if confirmed else None
    draft = sheet.status == SheetStatus.DRAFT
    return PeriodSheetDocData(
        agency_name=own.name,
        governing_body=own.governing_body,
        full_name=staff.full_name,
        title=staff.title,
        unit_name=staff.unit.name if staff.unit else "",
        period_line=period_line(cycle.period_kind, sheet.period, cycle.year),
        criteria=_criteria(sheet.general_self),
        self_general=sheet.self_general,
        self_task=sheet.self_task,
        self_total=sheet.self_total,
        general_score=sheet.manager_general if confirmed else None,
        task_score=sheet.manager_task if confirmed else None,
        total_score=sheet.manager_total if confirmed else None,
        task_ratios=(
            (result.quantity_pct, result.quality_pct, result.progress_pct) if result else None
        ),
        leader_ratios=result.manager_pct if result else (),
        items=_work_rows(sheet.items),
        # The manager's reading only where it differs from what the person entered.
        manager_items=_work_rows(manager_items) if manager_items != sheet.items else (),
        strengths=(sheet.manager_strengths or "") if confirmed else "",
        weaknesses=(sheet.manager_weaknesses or "") if confirmed else "",
        comments=(sheet.manager_comment or "") if confirmed else "",
        place=cycle.agency.place,
        self_signed_on=None if draft else local_date(sheet.submitted_at),
        authority_post=assessor[0],
        authority_name=assessor[1],
        draft=draft,
    )
