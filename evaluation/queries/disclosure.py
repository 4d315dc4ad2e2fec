"""Read side for exports and disclosure: database rows → exports.data plain values.

``results_data`` here defers to ``evaluation/queries/results.py`` (``services/jobs.py`` and
``views/disclosure.py`` call it from here).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from exports.data import (
    AnnualFormData,
    DecisionDocData,
    NoticeData,
    NoticeRow,
    PersonalNoticeData,
    PetitionReplyData,
    PostingRecordData,
    ResultsData,
    level_label,
)
from scoring.vocabulary import LEVEL_NAMES, LEVELS

from .._time import local_date
from ..extensions import db
from ..models import (
    AuditLog,
    Cycle,
    Decision,
    Gender,
    Publication,
    Staff,
    StaffGroup,
    Unit,
    User,
)
from ..text import legal_citation, vn_sort_key

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
    return local_date(decision.decided_at)


def decision_query(cycle: Cycle, unit_ids: set[int] | None = None, *, approved_only=False):
    """Current decisions of a cycle with their person and unit, in notice order."""
    stmt = (
        select(Decision, Staff, Unit)
        .join(Staff, Decision.staff_id == Staff.id)
        .join(Unit, Staff.unit_id == Unit.id)
        .where(Decision.cycle_id == cycle.id, Decision.current)
        .order_by(Unit.name, Staff.name_sort, Staff.id)
    )
    if unit_ids is not None:
        stmt = stmt.where(Staff.unit_id.in_(unit_ids or {-1}))
    if approved_only:
        stmt = stmt.where(Decision.approved, Decision.level.is_not(None))
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
            "unit_id": unit.id,
            "group": _value(staff.group),
            "position": _value(staff.position),
        }
        for decision, staff, unit in db.session.execute(
            decision_query(cycle, unit_ids, approved_only=True)
        )
    ]


def _summary(year: int, group_word: str) -> str:
    return f"Kết quả đánh giá, xếp loại chất lượng {group_word} năm {year}"


_POSITION_RANK = {"unit_head": 0, "manager": 1, "staff": 2}


def organisation_order(agency_id: int) -> dict[int, int]:
    """Each unit's place in the organisation: parents before their children, siblings in the
    order they were created (the order HR set the structure up in)."""
    units = db.session.scalars(select(Unit).where(Unit.agency_id == agency_id)).all()
    children: dict[int | None, list[Unit]] = {}
    for unit in sorted(units, key=lambda u: u.id):
        children.setdefault(unit.parent_id, []).append(unit)
    order: dict[int, int] = {}
    stack = list(reversed(children.get(None, [])))
    while stack:
        unit = stack.pop()
        order[unit.id] = len(order)
        stack.extend(reversed(children.get(unit.id, [])))
    return order


def in_organisation_order(rows: list[dict], agency_id: int) -> list[dict]:
    """Units in their hierarchy, heads first, then deputies, then by name."""
    order = organisation_order(agency_id)
    return sorted(
        rows,
        key=lambda r: (
            order.get(r["unit_id"], len(order)),
            _POSITION_RANK.get(r["position"], 3),
            vn_sort_key(r["full_name"].split(" ")[-1]),  # Vietnamese order: Đ after D
            vn_sort_key(r["full_name"]),
        ),
    )


def _group_word(groups: set[str]) -> str:
    words = [
        w
        for g, w in (("can_bo", "cán bộ"), ("cong_chuc", "công chức"), ("vien_chuc", "viên chức"))
        if g in groups
    ]
    return ", ".join(words) or "cán bộ, công chức, viên chức"


def _approval_phrase(agency_id: int, issuer, cycle: Cycle, decided: date | None) -> str:
    """The decision a notice announces: the registered approval decision, else its date."""
    from ..services import register

    approval = register.find(agency_id, f"approval:{cycle.id}:{issuer.code}")
    if approval is not None:
        return (
            f"Quyết định số {approval.number_symbol} ngày {approval.issued_on:%d/%m/%Y} của "
            f"{issuer.name} về việc công nhận kết quả đánh giá, xếp loại chất lượng năm "
            f"{cycle.year}"
        )
    when = f" ngày {decided:%d/%m/%Y}" if decided else ""
    return (
        f"kết quả đánh giá, xếp loại chất lượng năm {cycle.year} đã được cấp có thẩm quyền "
        f"quyết định{when}"
    )


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def _issued_by(rows: list[dict], issuer) -> list[dict]:
    """The people whose results this issuer announces: a public service unit announces its own
    staff (not its head, classified by the agency); the agency everyone else."""
    from ..services.authority import service_unit_of

    units: dict[int, Unit | None] = {}
    kept = []
    for row in rows:
        if row["unit_id"] not in units:
            units[row["unit_id"]] = service_unit_of(db.session.get(Unit, row["unit_id"]))
        service = units[row["unit_id"]]
        own = service.id if service is not None and service.head_id != row["staff_id"] else None
        if own == issuer.unit_id:
            kept.append(row)
    return kept


def salutation(staff: Staff) -> str:
    return "Ông" if staff.gender == Gender.MALE else "Bà"


def _decided_elsewhere(rows: list[dict], issuer, cycle: Cycle) -> tuple[list[dict], list[str]]:
    """Split off the issuer's own head: the head of the agency is classified by the head of the
    managing body (Decree 335 Art 21.1(d); Decree 233 Art 15.1), never by their own decision or
    notice. Returns the rows this issuer decided and, for the head, the sentence a notice posts
    instead (the outside decision as HR recorded it)."""
    from ..services.authority import external_decision

    own = [r for r in rows if r["staff_id"] != issuer.head_id]
    sentences = []
    for row in rows:
        if row["staff_id"] != issuer.head_id:
            continue
        staff = db.session.get(Staff, row["staff_id"])
        recorded = external_decision(cycle, staff)
        by = (
            f"{recorded.signer_post} {recorded.issuer_body} quyết định tại Quyết định số "
            f"{recorded.number} ngày {recorded.signed_on:%d/%m/%Y}"
            if recorded is not None
            else f"{cycle.agency.superior_post} quyết định"
        )
        sentences.append(
            f"Kết quả xếp loại chất lượng năm {cycle.year} của {salutation(staff)} "
            f"{row['full_name']}, "
            f"{row['title']}, do {by}: {level_label(row['level'])}."
        )
    return own, sentences


NOTICE_RECIPIENTS = (
    "Lãnh đạo cơ quan",
    "Các phòng, đơn vị thuộc và trực thuộc",
    "Cấp ủy, Công đoàn cơ quan",
    "Lưu: VT, TCCB",
)


def notice_data(
    publication: Publication, unit_ids: set[int] | None, *, draft: bool = False
) -> NoticeData:
    """The public notice: its legal basis, the decision it announces, totals per level, people
    in the order of the organisation, the right to petition (Decree 335 Art 22)."""
    from ..services.authority import issuer_of
    from ..services.legal import basis_lines, petition_paragraph

    cycle = publication.cycle
    agency = cycle.agency
    issuer = issuer_of(agency, publication.unit)
    issued = in_organisation_order(_issued_by(public_rows(cycle, unit_ids), issuer), agency.id)
    raw, head_sentences = _decided_elsewhere(issued, issuer, cycle)
    rows = tuple(
        NoticeRow(r["full_name"], r["title"], r["unit_name"], level_label(r["level"])) for r in raw
    )
    counts = Counter(r["level"] for r in raw)
    groups = {r["group"] for r in raw}
    scope = publication.unit.name if publication.unit else issuer.name
    basis = basis_lines(cycle.year, {StaffGroup(g) for g in groups})
    phrase = _approval_phrase(agency.id, issuer, cycle, publication.decided_on)
    if phrase.startswith("Quyết định"):
        basis = (*basis, f"Căn cứ {phrase};")
        opening = f"{issuer.name} thông báo công khai kết quả đánh giá, xếp loại chất lượng"
    else:
        opening = (
            f"Căn cứ {phrase}, {issuer.name} thông báo công khai kết quả đánh giá, "
            "xếp loại chất lượng"
        )
    signed = bool(publication.signer_name)
    return NoticeData(
        governing_body=issuer.governing_body,
        agency_name=issuer.name,
        number=None if draft else publication.notice_number,
        symbol=f"TB-{issuer.symbol}",
        place=issuer.place,
        issued_on=publication.notice_date or publication.published_on,
        year=cycle.year,
        summary=_summary(cycle.year, _group_word(groups)),
        basis=basis,
        body_paragraphs=(f"{opening} năm {cycle.year} của {_group_word(groups)} {scope} như sau:",),
        totals=tuple((LEVEL_NAMES[c], counts[c]) for c in LEVELS),
        rows=rows,
        closing_paragraphs=(
            *head_sentences,
            petition_paragraph(issuer.name, publication.visible_until),
        ),
        signer_authority=publication.signer_authority if signed else "",
        signer_post=publication.signer_post if signed else issuer.head_post,
        signer_name=publication.signer_name if signed else issuer.head_name,
        recipients=_lines(getattr(publication, "recipients", "")) or NOTICE_RECIPIENTS,
        draft=draft,
    )


_NOT_A_REASON = {"provisional", "score", "score_band"}


def khtnv_reason(decision: Decision) -> str:
    """Why a person is KHTNV: the decider's words, else the engine's findings with articles."""
    parts = []
    for item in decision.engine_reasons or []:
        if isinstance(item, dict) and item.get("code") not in _NOT_A_REASON and item.get("message"):
            article = f" ({legal_citation(item['article'])})" if item.get("article") else ""
            parts.append(f"{item['message'].rstrip('.')}{article}")
    if decision.reason:
        parts.insert(0, decision.reason.rstrip("."))
    return "; ".join(parts) + "." if parts else ""


def personal_notice_data(publication: Publication, staff: Staff, decision: Decision):
    """The written notice to one person, under the header and number of the authority that
    classified them (a draft for a body outside the agency to number and sign)."""
    from ..services import register
    from ..services.authority import authority_for
    from ..services.legal import basis_lines, petition_paragraph

    cycle = publication.cycle
    agency = cycle.agency
    authority = authority_for(cycle, staff)
    issuer = authority.issuer
    document = None if issuer.external else register.find(agency.id, personal_ref(decision))
    addressed = salutation(staff)
    level = _value(decision.level)
    phrase = _approval_phrase(agency.id, issuer, cycle, decided_on(decision))
    if authority.external and authority.decision_number:
        phrase = (
            f"Quyết định số {authority.decision_number} ngày "
            f"{authority.decision_date:%d/%m/%Y} của {authority.body}"
        )
    outside_symbol = authority.decision_number.rsplit("-", 1)[-1] if authority.external else ""
    return PersonalNoticeData(
        governing_body=issuer.governing_body,
        agency_name=issuer.name,
        number=document.number if document else None,
        symbol=f"TB-{issuer.symbol or outside_symbol}",
        place=issuer.place,
        issued_on=document.issued_on if document else None,
        year=cycle.year,
        full_name=staff.full_name,
        title=staff.title,
        unit_name=staff.unit.name,
        level_code=level,
        salutation=addressed,
        basis=basis_lines(cycle.year, {staff.group}),
        body_paragraphs=(
            f"Căn cứ {phrase}, {issuer.name} thông báo kết quả đánh giá, xếp loại chất lượng "
            f"năm {cycle.year} của {addressed} như sau:",
        ),
        reason=khtnv_reason(decision) if level == "KHTNV" else "",
        closing_paragraphs=(petition_paragraph(authority.body, publication.visible_until),),
        signer_post=authority.post,
        signer_name=authority.name,
        recipients=("Như trên", "Lưu: VT, TCCB, hồ sơ cá nhân"),
        draft=document is None,
    )


def personal_ref(decision: Decision) -> str:
    return f"personal_notice:{decision.id}"


def current_decision(cycle: Cycle, staff: Staff) -> Decision | None:
    return db.session.scalars(
        select(Decision).where(
            Decision.cycle_id == cycle.id, Decision.staff_id == staff.id, Decision.current
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
        self_signed_on=local_date(form.submitted_at) if submitted and form else None,
        authority_signed_on=signed_on,
        authority_post=authority.post,
        authority_name=authority.name,
    )


def approval_ref(cycle: Cycle, issuer) -> str:
    return f"approval:{cycle.id}:{issuer.code}"


def decision_doc_data(
    cycle: Cycle, unit: Unit | None = None, *, draft: bool = False, document=None
) -> DecisionDocData:
    """Quyết định công nhận kết quả: the people this issuer classified (a public service unit
    its own staff), counts per level in Article 1, the list annexed."""
    from ..services.authority import issuer_of
    from ..services.legal import basis_lines

    agency = cycle.agency
    issuer = issuer_of(agency, unit)
    unit_ids = None
    if unit is not None:
        from ..permissions import subtree_ids

        unit_ids = subtree_ids({unit.id})
    issued = in_organisation_order(_issued_by(public_rows(cycle, unit_ids), issuer), agency.id)
    raw, _ = _decided_elsewhere(issued, issuer, cycle)
    counts = Counter(r["level"] for r in raw)
    groups = {r["group"] for r in raw}
    words = _group_word(groups)
    parts = "; ".join(f"{LEVEL_NAMES[c]}: {counts[c]} người" for c in LEVELS)
    head_post = issuer.head_post or "THỦ TRƯỞNG"
    use_article = "Điều 23 Nghị định số 335/2025/NĐ-CP" if cycle.year >= 2026 else ""
    if "viên chức" in words and cycle.year >= 2026:
        use_article += ("; " if use_article else "") + "Điều 16 Nghị định số 233/2026/NĐ-CP"
    articles = (
        f"Điều 1. Công nhận kết quả đánh giá, xếp loại chất lượng năm {cycle.year} đối với "
        f"{len(raw)} {words} (có danh sách kèm theo), trong đó: {parts}.",
        "Điều 2. Kết quả đánh giá, xếp loại chất lượng là căn cứ để bố trí, sử dụng, đào tạo, "
        "bồi dưỡng, quy hoạch, bổ nhiệm, thi đua, khen thưởng, kỷ luật và thực hiện các chính "
        "sách khác" + (f" theo quy định tại {use_article}" if use_article else "") + ".",
        f"Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Bộ phận tổ chức cán bộ, thủ trưởng "
        f"các đơn vị thuộc {issuer.name} và các cá nhân có tên tại Điều 1 chịu trách nhiệm thi "
        "hành Quyết định này.",
    )
    return DecisionDocData(
        governing_body=issuer.governing_body,
        agency_name=issuer.name,
        number=None if draft or document is None else document.number,
        symbol=f"QĐ-{issuer.symbol}",
        place=issuer.place,
        issued_on=None if document is None else document.issued_on,
        year=cycle.year,
        issuing_authority=f"{head_post} {issuer.name}".upper(),
        summary=f"Về việc công nhận kết quả đánh giá, xếp loại chất lượng {words} năm {cycle.year}",
        basis=(*basis_lines(cycle.year, {StaffGroup(g) for g in groups}),),
        articles=articles,
        rows=tuple(
            NoticeRow(r["full_name"], r["title"], r["unit_name"], level_label(r["level"]))
            for r in raw
        ),
        signer_authority="",
        signer_post=issuer.head_post,
        signer_name=issuer.head_name,
        recipients=("Như Điều 3", "Cơ quan quản lý cấp trên (để báo cáo)", "Lưu: VT, TCCB"),
        draft=draft or document is None,
    )


def petition_history(petition) -> list[dict]:
    """Every step of a petition in order (filed, each answer, the outcome) with who acted and
    what they wrote, from the audit log: an answer never replaces an earlier one."""
    rows = db.session.execute(
        select(AuditLog, User)
        .outerjoin(User, User.id == AuditLog.user_id)
        .where(
            AuditLog.entity == "petition",
            AuditLog.entity_id == petition.id,
            AuditLog.action.in_(("file", "answered", "accepted", "rejected")),
        )
        .order_by(AuditLog.id)
    ).all()
    return [
        {
            "action": row.action,
            "at": row.at,
            "by": (user.staff.full_name if user and user.staff else row.username),
            "text": petition.text if row.action == "file" else row.reason,
        }
        for row, user in rows
    ]


def posting_record_data(posting) -> PostingRecordData:
    """Biên bản niêm yết: the notice posted (its number, date, subject), where, when, by whom,
    for how long, under the number the register gave it (none yet: a draft)."""
    from ..services import register
    from ..services.authority import issuer_of
    from ..services.disclosure import posting_ref

    publication = posting.publication
    cycle = publication.cycle
    issuer = issuer_of(cycle.agency, publication.unit)
    notice = register.find(publication.agency_id, f"notice:{publication.id}")
    number = publication.notice_number
    when = publication.notice_date or publication.published_on
    notice_text = (
        f"Thông báo số {notice.number_symbol if notice else f'{number:02d}/TB-{issuer.symbol}'} "
        f"ngày {(notice.issued_on if notice else when):%d/%m/%Y} của {issuer.name}"
        if notice or number
        else f"Thông báo ngày {when:%d/%m/%Y} của {issuer.name}"
    )
    document = register.find(publication.agency_id, posting_ref(posting))
    recorder = db.session.get(User, posting.recorded_by_id) if posting.recorded_by_id else None
    return PostingRecordData(
        governing_body=issuer.governing_body,
        agency_name=issuer.name,
        number=document.number if document else None,
        symbol=document.symbol if document else f"BB-{issuer.symbol}",
        place=issuer.place,
        issued_on=document.issued_on if document else None,
        year=cycle.year,
        posted_on=posting.posted_on,
        posting_place=posting.place,
        posted_by=posting.posted_by,
        notice=notice_text,
        notice_subject=f"kết quả đánh giá, xếp loại chất lượng năm {cycle.year}",
        visible_until=publication.visible_until,
        removed_on=posting.removed_on,
        note=posting.note,
        recorder_name=recorder.staff.full_name if recorder and recorder.staff else "",
        recipients=("Lãnh đạo cơ quan", "Công đoàn cơ quan", "Lưu: VT, TCCB"),
        draft=document is None,
    )


def petition_article(group: StaffGroup, year: int) -> str:
    """The article on petitions a reply rests on: Decree 335 Art 22 for civil servants (and cán
    bộ) from 2026 (docs/rules/rules.md §5.2); Decree 233 has no such article, so a viên chức's
    reply (and a 2025 one) rests on the general basis lines only."""
    if year <= 2025 or group == StaffGroup.VIEN_CHUC:
        return ""
    return "Điều 22 Nghị định số 335/2025/NĐ-CP"


def _reply_signer(petition, issuer) -> tuple[str, str, str]:
    """(authority line, post, name): the head who settled the petition under the power
    permissions.decisions.can_decide_for gives them; else the competent authority. An HR
    clerk never signs: HR settles only for an authority outside the agency."""
    from ..permissions import headed_units
    from ..services.authority import authority_for, signing_post

    settler = db.session.get(User, petition.answered_by_id) if petition.answered_by_id else None
    staff = settler.staff if settler else None
    if staff is not None and petition.staff.unit_id in headed_units(settler):
        if staff.id == issuer.head_id:
            return "", issuer.head_post, staff.full_name
        post = signing_post(staff.title, issuer.name)
        # A deputy signs for the head (KT.); the head of a constituent unit on their order (TL.)
        prefix = "KT." if staff.title.strip().lower().startswith("phó") else "TL."
        return (f"{prefix} {issuer.head_post}" if issuer.head_post else ""), post, staff.full_name
    authority = authority_for(petition.publication.cycle, petition.staff)
    return "", authority.post, authority.name


def petition_reply_data(petition) -> PetitionReplyData:
    """The reply to a settled petition: the petition, the answer, the outcome (kept, or the new
    level of the replacing decision), the legal basis; signed by who decided."""
    from ..services import register
    from ..services.authority import authority_for
    from ..services.disclosure import petition_reply_ref
    from ..services.legal import basis_lines

    cycle = petition.publication.cycle
    staff = petition.staff
    authority = authority_for(cycle, staff)
    issuer = authority.issuer
    document = (
        None if issuer.external else register.find(cycle.agency_id, petition_reply_ref(petition))
    )
    replacement = petition.replacement_decision
    new_decision = ""
    if replacement is not None:
        when = decided_on(replacement)
        new_decision = "quyết định xếp loại lại" + (f" ngày {when:%d/%m/%Y}" if when else "")
    authority_line, post, name = _reply_signer(petition, issuer)
    return PetitionReplyData(
        governing_body=issuer.governing_body,
        agency_name=issuer.name,
        number=document.number if document else None,
        symbol=document.symbol if document else f"{issuer.symbol or 'TCCB'}-TCCB",
        place=issuer.place,
        issued_on=document.issued_on if document else None,
        year=cycle.year,
        salutation=salutation(staff),
        full_name=staff.full_name,
        unit_name=staff.unit.name,
        filed_on=local_date(petition.created_at),
        petition_text=petition.text,
        answer=petition.answer,
        level_label=level_label(_value(petition.decision.level)),
        accepted=replacement is not None,
        new_level_label=level_label(_value(replacement.level)) if replacement else "",
        new_decision=new_decision,
        basis=basis_lines(cycle.year, {staff.group}),
        article=petition_article(staff.group, cycle.year),
        signer_authority=authority_line,
        signer_post=post,
        signer_name=name,
        recipients=("Như trên", "Lưu: VT, TCCB, hồ sơ cá nhân"),
        draft=document is None,
    )
