"""Read side for exports and disclosure: database rows → exports.data plain values.

``results_data`` has the same name and signature as the decisions branch's
``evaluation/queries_results.py``; when that module exists its version wins (see the import at
the end of this module's users: ``services/jobs.py`` and ``views/disclosure.py`` call
``results_data`` from here, which defers to queries_results when present).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from exports.data import (
    AnnualFormData,
    NoticeData,
    NoticeRow,
    PersonalNoticeData,
    ResultsData,
    level_label,
)

from ._time import VN
from .extensions import db
from .models import Cycle, Decision, Publication, Staff, Unit

# Document regime (exports.data.FORM_TITLES) for each engine regime and group.
_FORM_REGIME = {"D233": "D233", "D335": "D335"}
_D90_FORMS = {"can_bo": "D90-01", "cong_chuc": "D90-02", "vien_chuc": "D90-03"}


def _value(code) -> str:
    return getattr(code, "value", code) or ""


def _reasons(decision: Decision) -> str:
    parts: list[str] = []
    for item in decision.engine_reasons or []:
        if isinstance(item, dict):
            parts.append(str(item.get("message") or item.get("code") or ""))
        else:
            parts.append(str(item))
    if decision.reason:
        parts.append(decision.reason)
    return "; ".join(p for p in parts if p)


def decided_on(decision: Decision) -> date | None:
    moment = decision.decided_at
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN)
    return moment.date()


def decision_query(cycle: Cycle, unit_ids: set[int] | None = None, *, approved_only=False):
    """Current decisions of a cycle with their person and unit, in notice order."""
    stmt = (
        select(Decision, Staff, Unit)
        .join(Staff, Decision.staff_id == Staff.id)
        .join(Unit, Staff.unit_id == Unit.id)
        .where(Decision.cycle_id == cycle.id, Decision.current.is_(True))
        .order_by(Unit.name, Staff.name_ascii, Staff.id)
    )
    if unit_ids is not None:
        stmt = stmt.where(Staff.unit_id.in_(unit_ids or {-1}))
    if approved_only:
        stmt = stmt.where(Decision.approved.is_(True), Decision.level.is_not(None))
    return stmt


def results_data(cycle: Cycle, unit_ids: set[int] | None = None) -> ResultsData:
    """The results workbook's plain data: one builder for the web, the job and the command."""
    from .queries_results import results_data as build

    return build(cycle, unit_ids)


def public_rows(cycle: Cycle, unit_ids: set[int] | None) -> list[dict]:
    """What may be disclosed: names, posts, units and levels only (no reviews, no reasons)."""
    return [
        {
            "staff_id": staff.id,
            "code": staff.code,
            "full_name": staff.full_name,
            "title": staff.title,
            "unit_name": unit.name,
            "level": _value(decision.level),
            "decided_on": decided_on(decision),
        }
        for decision, staff, unit in db.session.execute(
            decision_query(cycle, unit_ids, approved_only=True)
        )
    ]


def _summary(year: int, group_word: str) -> str:
    return f"Kết quả đánh giá, xếp loại chất lượng {group_word} năm {year}"


def notice_data(publication: Publication, unit_ids: set[int] | None) -> NoticeData:
    cycle = publication.cycle
    agency = cycle.agency
    rows = tuple(
        NoticeRow(r["full_name"], r["title"], r["unit_name"], level_label(r["level"]))
        for r in public_rows(cycle, unit_ids)
    )
    scope = publication.unit.name if publication.unit else agency.name
    return NoticeData(
        governing_body=agency.governing_body,
        agency_name=agency.name,
        number=publication.notice_number or 0,
        symbol=f"TB-{agency.notice_symbol or agency.code}",
        place=agency.place,
        issued_on=publication.notice_date or publication.published_on,
        year=cycle.year,
        summary=_summary(cycle.year, "cán bộ, công chức, viên chức"),
        body_paragraphs=(
            f"Căn cứ kết quả đánh giá, xếp loại chất lượng năm {cycle.year} đã được cấp có "
            f"thẩm quyền quyết định ngày {publication.decided_on.strftime('%d/%m/%Y')}, "
            f"{agency.name} thông báo kết quả xếp loại chất lượng của {scope} như sau:",
            "Cán bộ, công chức, viên chức có kiến nghị về kết quả của mình gửi về bộ phận tổ "
            "chức cán bộ trong thời gian thông báo được công khai.",
        ),
        rows=rows,
        signer_authority=publication.signer_authority,
        signer_post=publication.signer_post,
        signer_name=publication.signer_name,
        recipients=("Như trên", "Lưu: VT, TCCB"),
    )


def personal_notice_data(publication: Publication, staff: Staff, decision: Decision):
    cycle = publication.cycle
    agency = cycle.agency
    return PersonalNoticeData(
        governing_body=agency.governing_body,
        agency_name=agency.name,
        number=publication.notice_number or 0,
        symbol=f"TB-{agency.notice_symbol or agency.code}",
        place=agency.place,
        issued_on=publication.notice_date or publication.published_on,
        year=cycle.year,
        full_name=staff.full_name,
        title=staff.title,
        unit_name=staff.unit.name,
        level_code=_value(decision.level),
        signer_authority=publication.signer_authority,
        signer_post=publication.signer_post,
        signer_name=publication.signer_name,
        recipients=(staff.full_name, "Lưu: VT, hồ sơ cá nhân"),
    )


def current_decision(cycle: Cycle, staff: Staff) -> Decision | None:
    return db.session.scalars(
        select(Decision).where(
            Decision.cycle_id == cycle.id, Decision.staff_id == staff.id, Decision.current.is_(True)
        )
    ).first()


def annual_form_data(cycle: Cycle, staff: Staff) -> AnnualFormData:
    """The annual form from Staff + Decision. The staffside branch's annual form (self level,
    section texts, scores) is to be merged in here: this is the one place that builds it."""
    decision = current_decision(cycle, staff)
    regime = _value(decision.regime) if decision else ""
    if regime in _FORM_REGIME:
        form_regime = _FORM_REGIME[regime]
    elif regime.startswith("D90"):
        form_regime = _D90_FORMS.get(_value(staff.group), "D90-02")
    else:
        form_regime = "D233" if _value(staff.group) == "vien_chuc" else "D335"
    agency = cycle.agency
    head = staff.unit.head if staff.unit else None
    return AnnualFormData(
        agency_name=agency.name,
        governing_body=agency.governing_body,
        year=cycle.year,
        full_name=staff.full_name,
        title=staff.title,
        unit_name=staff.unit.name,
        regime=form_regime,
        authority_level=_value(decision.level) or None if decision and decision.approved else None,
        comments=(decision.reason if decision and decision.approved else ""),
        authority_signed_on=decided_on(decision) if decision and decision.approved else None,
        authority_name=(
            decision.decided_by.staff.full_name
            if decision and decision.decided_by and decision.decided_by.staff
            else (head.full_name if head and head.id != staff.id else "")
        ),
    )
