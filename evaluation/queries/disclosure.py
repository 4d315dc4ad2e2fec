"""Read side for exports and disclosure: database rows → exports.data plain values.

``results_data`` here defers to ``evaluation/queries/results.py`` (``services/jobs.py`` and
``views/disclosure.py`` call it from here).
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

from .._time import VN
from ..extensions import db
from ..models import Cycle, Decision, Publication, Staff, StaffGroup, Unit

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
    from .results import results_data as build

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


# Decree 90 self-assessment items (docs/rules/rules.md §6.3), in the form's order.
_D90_HEADINGS = {
    "political": "1. Chính trị tư tưởng",
    "ethics": "2. Đạo đức, lối sống",
    "style": "3. Tác phong, lề lối làm việc",
    "discipline": "4. Ý thức tổ chức kỷ luật",
    "task_results": "5. Kết quả thực hiện chức trách, nhiệm vụ được giao",
    "citizens": "6. Thái độ phục vụ nhân dân, doanh nghiệp",
    "leader_unit_results": "7. Kết quả hoạt động của cơ quan, tổ chức, đơn vị được giao lãnh đạo",
    "leader_capacity": "8. Năng lực lãnh đạo, quản lý",
    "leader_uniting": "9. Năng lực tập hợp, đoàn kết",
}
_ROMAN = ("I", "II", "III", "IV")
# Proposed handling of a KHTNV level printed on the form (the options the law gives).
_KHTNV_HANDLING = {
    "D335": (
        "Đề xuất xem xét bố trí công chức vào vị trí việc làm thấp hơn hoặc cho thôi việc "
        "(điểm đ khoản 3 Điều 23 Nghị định số 335/2025/NĐ-CP)."
    ),
    "QD366": (
        "Đề xuất xem xét bố trí công tác khác hoặc xử lý theo quy định đối với cán bộ "
        "không hoàn thành nhiệm vụ."
    ),
    "D233": (
        "Đề xuất xem xét bố trí viên chức vào vị trí việc làm khác hoặc xử lý theo quy định "
        "tại Điều 16 Nghị định số 233/2026/NĐ-CP."
    ),
}


def form_regime(cycle: Cycle, staff: Staff) -> str | None:
    """The annual form of the person's group, regime and year; None: no classification form."""
    from ..services.assessments import person_regime

    regime = person_regime(cycle, staff)
    if regime in ("D335", "D233", "QD366"):
        return regime
    if regime in ("D90", "D90_D48"):
        return _D90_FORMS.get(_value(staff.group))
    return None


def _local_date(moment) -> date | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(VN)
    return moment.date()


def annual_form_data(cycle: Cycle, staff: Staff) -> AnnualFormData | None:
    """One person's annual form filled with their own entries, the scores of the year, the
    direct manager's and the competent authority's (None: người lao động get no form)."""
    from ..models import PeriodKind
    from ..services import assessments
    from ..services.authority import authority_for, issuer_of

    authority = authority_for(cycle, staff)
    regime = form_regime(cycle, staff)
    if authority is None or regime is None:
        return None
    agency = cycle.agency
    own = issuer_of(agency, staff.unit)
    form = assessments.find_form(cycle, staff)
    content = (form.content or {}) if form else {}
    submitted = form is not None and _value(form.status) == "submitted"
    sections: tuple[tuple[str, str], ...] = ()
    if regime.startswith("D90"):
        names = list(assessments.D90_TEXT)
        if staff.group != StaffGroup.VIEN_CHUC:  # public-facing duty (docs/rules/rules.md §6.3)
            names.append("citizens")
        if assessments.is_leader(staff) or staff.group == StaffGroup.CAN_BO:
            names.extend(assessments.LEADER_TEXT)
        sections = tuple((_D90_HEADINGS[n], content.get(n, "")) for n in names)
    summary = assessments.year_summary(cycle, staff.id)
    by_period = {
        s.period: s.manager_total
        for s in summary["sheets"]
        if _value(s.status) in ("scored", "closed") and s.manager_total is not None
    }
    monthly = cycle.period_kind == PeriodKind.MONTH
    labels = [str(p) if monthly else _ROMAN[p - 1] for p in range(1, cycle.period_count + 1)]
    decision = current_decision(cycle, staff)
    approved = decision is not None and decision.approved and decision.level is not None
    level = _value(decision.level) if approved else None
    signed_on = decided_on(decision) if approved else None
    if authority.external:
        from ..services.authority import external_decision

        recorded = external_decision(cycle, staff)
        if recorded is not None:
            level, signed_on = _value(recorded.level) or level, recorded.signed_on
    unit_head = staff.unit.head if staff.unit else None
    manager = unit_head if unit_head is not None and unit_head.id != staff.id else None
    return AnnualFormData(
        agency_name=own.name,
        governing_body=own.governing_body,
        year=cycle.year,
        full_name=staff.full_name,
        title=staff.title,
        unit_name=staff.unit.name,
        regime=regime,
        sections=sections,
        period_word="Tháng" if monthly else "Quý",
        period_scores=tuple((label, by_period.get(p)) for p, label in enumerate(labels, start=1)),
        general_score=summary["general"],
        task_score=summary["task"],
        total_score=summary["score"],
        self_comment=content.get("self_comment", ""),
        self_level=_value(form.self_level) or None if form else None,
        authority_level=level,
        comments=decision.reason if approved else "",
        proposed_handling=_KHTNV_HANDLING.get(regime, "") if level == "KHTNV" else "",
        manager_post=manager.title.upper() if manager else authority.post,
        manager_name=manager.full_name if manager else authority.name,
        place=agency.place,
        self_signed_on=_local_date(form.submitted_at) if submitted and form else None,
        authority_signed_on=signed_on,
        authority_post=authority.post,
        authority_name=authority.name,
    )
