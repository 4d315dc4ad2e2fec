"""Who decides whom: the competent authority per person, and the organisation that issues.

One place for every form, notice, decision and signature block (issue 16, item 1):

- a civil servant is classified by the head of the agency that uses them; the agency's own head by
  the head of the managing body, outside the agency (Decree 335 Art 10.2);
- a viên chức by the head of the public service unit, deputies and heads of constituent units
  included; the unit's own head by the head of the managing agency (Decree 233 Art 13.3);
- 2025 and before: the same split under Decree 90/2020 Art 16;
- người lao động are not classified: no authority, no form.

A public service unit issues its own documents under its own header, symbol and head. When the
authority sits outside the agency, HR records its decision (``ExternalDecision``) and the
documents are printed for that signer, as drafts the outside body numbers itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import Agency, Cycle, ExternalDecision, Staff, StaffGroup, Unit, UnitKind


@dataclass(frozen=True)
class Issuer:
    """The organisation whose header, register and head a document carries."""

    code: str  # key of its register of outgoing documents
    governing_body: str  # first header line (cơ quan chủ quản)
    name: str
    symbol: str  # e.g. SNV in TB-SNV
    place: str
    head_post: str  # e.g. GIÁM ĐỐC
    head_name: str
    head_id: int | None
    external: bool = False  # outside the agency: it numbers its documents itself
    unit_id: int | None = None  # a public service unit issuing in its own name


@dataclass(frozen=True)
class Authority:
    """The person who classifies someone, and the documents' issuer."""

    post: str  # signature block, upper case, e.g. GIÁM ĐỐC
    name: str
    body: str  # the organisation whose head decides
    basis: str  # the article that gives the power
    issuer: Issuer
    external: bool = False
    decision_number: str = ""  # the outside decision, when recorded
    decision_date: date | None = None


def signing_post(title: str, organisation: str) -> str:
    """'Giám đốc Sở' heading 'Sở Nội vụ…' signs as 'GIÁM ĐỐC' (the organisation is the header)."""
    title = (title or "").strip()
    first = (organisation or "").split(" ")
    for n in (2, 1):  # "Trung tâm", "Sở"
        word = " ".join(first[:n])
        if word and title.lower().endswith(" " + word.lower()):
            title = title[: -len(word) - 1]
            break
    return title.upper()


def service_unit_of(unit: Unit | None) -> Unit | None:
    """The public service unit a unit belongs to (itself included), if any."""
    seen: set[int] = set()
    while unit is not None and unit.id not in seen:
        if unit.kind == UnitKind.PUBLIC_SERVICE:
            return unit
        seen.add(unit.id)
        unit = unit.parent
    return None


def agency_issuer(agency: Agency) -> Issuer:
    head = agency.head
    return Issuer(
        code=agency.code,
        governing_body=agency.governing_body,
        name=agency.name,
        symbol=agency.notice_symbol or agency.code,
        place=agency.place,
        head_post=signing_post(head.title, agency.name) if head else "",
        head_name=head.full_name if head else "",
        head_id=head.id if head else None,
    )


def issuer_of(agency: Agency, unit: Unit | None) -> Issuer:
    """The agency, or the public service unit the unit belongs to (its own header and head)."""
    service = service_unit_of(unit)
    if service is None:
        return agency_issuer(agency)
    head = service.head
    return Issuer(
        code=service.code,
        governing_body=agency.name,
        name=service.name,
        symbol=service.symbol or service.code,
        place=agency.place,
        head_post=signing_post(head.title, service.name) if head else "",
        head_name=head.full_name if head else "",
        head_id=head.id if head else None,
        unit_id=service.id,
    )


def _basis(group: StaffGroup, year: int, point: str) -> str:
    if year <= 2025:
        return "Điều 16 Nghị định số 90/2020/NĐ-CP"
    if group == StaffGroup.VIEN_CHUC:
        return f"điểm {point} khoản 3 Điều 13 Nghị định số 233/2026/NĐ-CP"
    return f"điểm {point} khoản 2 Điều 10 Nghị định số 335/2025/NĐ-CP"


def external_decision(cycle: Cycle, staff: Staff) -> ExternalDecision | None:
    return db.session.scalars(
        select(ExternalDecision).where(
            ExternalDecision.cycle_id == cycle.id, ExternalDecision.staff_id == staff.id
        )
    ).first()


def authority_for(cycle: Cycle, staff: Staff) -> Authority | None:
    """The competent authority for one person's classification (None: người lao động)."""
    if staff.group == StaffGroup.NGUOI_LAO_DONG:
        return None
    agency = cycle.agency
    own = issuer_of(agency, staff.unit)
    if own.head_id != staff.id:  # everyone but the issuer's head: the issuer's head decides
        return Authority(
            post=own.head_post,
            name=own.head_name,
            body=own.name,
            basis=_basis(staff.group, cycle.year, "b"),
            issuer=own,
        )
    if own.unit_id is not None:  # head of a public service unit: the agency's head decides
        top = agency_issuer(agency)
        return Authority(
            post=top.head_post,
            name=top.head_name,
            body=top.name,
            basis=_basis(staff.group, cycle.year, "a"),
            issuer=top,
        )
    # The agency's own head: the head of the managing body, outside the agency.
    recorded = external_decision(cycle, staff)
    body = recorded.issuer_body if recorded else agency.governing_body
    post = recorded.signer_post if recorded else agency.superior_post
    name = recorded.signer_name if recorded else agency.superior_name
    outside = Issuer(
        code="",
        governing_body="",
        name=body,
        symbol="",
        place=agency.place,
        head_post=post.upper(),
        head_name=name,
        head_id=None,
        external=True,
    )
    return Authority(
        post=post.upper(),
        name=name,
        body=body,
        basis=_basis(staff.group, cycle.year, "a"),
        issuer=outside,
        external=True,
        decision_number=recorded.number if recorded else "",
        decision_date=recorded.signed_on if recorded else None,
    )


def periodic_assessor(cycle: Cycle, staff: Staff) -> tuple[str, str] | None:
    """(post, name) of who monitors and scores one person's month or quarter: the head of the
    unit directly using them (Decree 335 Art 10.1(c)), for that head the competent authority
    (Art 10.1(b); docs/rules/rules.md, "Corrections from the primary texts"). None: người lao
    động have no sheet."""
    authority = authority_for(cycle, staff)
    if authority is None:
        return None
    head = staff.unit.head if staff.unit else None
    if head is not None and head.id != staff.id:
        return (head.title or "").upper(), head.full_name
    return authority.post, authority.name
