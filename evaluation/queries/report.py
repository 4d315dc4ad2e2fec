"""Read side of the year's summary list and of the report to the superior body.

The counts come from the rows the public notice and the decision approving the results print
(``queries.disclosure.public_rows`` in the order of the organisation): one source for every
document of the year (issue 16, "Done when")."""

from __future__ import annotations

from collections import Counter
from datetime import date

from sqlalchemy import select

from exports.data import GroupResults, ListedPerson, ReportData, SummaryListData, level_label
from scoring.vocabulary import GROUP_NAMES, LEVEL_NAMES, LEVELS

from ..extensions import db
from ..models import Cycle, OutgoingDocument, Staff, StaffGroup
from .disclosure import (
    _group_word,
    current_decision,
    in_organisation_order,
    khtnv_reason,
    public_rows,
)

CLASSIFIED_GROUPS = ("can_bo", "cong_chuc", "vien_chuc")
NOT_CLASSIFIED = "Không thuộc đối tượng xếp loại"
REPORT_RECIPIENTS = ("Như trên", "Lãnh đạo cơ quan", "Lưu: VT, TCCB")
# The HTXS cap per group (docs/rules/rules.md §4.1); cán bộ: the quota clause was not found.
_QUOTA_ARTICLE = {
    "cong_chuc": "điểm a khoản 5 Điều 20 Nghị định số 335/2025/NĐ-CP",
    "vien_chuc": "điểm a khoản 6 Điều 12 Nghị định số 233/2026/NĐ-CP",
}


def report_ref(cycle: Cycle) -> str:
    """The register's key of the year's report: issuing it again returns its number."""
    return f"report:{cycle.id}"


def _person(row: dict, level: str) -> ListedPerson:
    return ListedPerson(row["full_name"], row["title"], row["unit_name"], level)


def _unclassified_staff(cycle: Cycle, decided: set[int]) -> list[dict]:
    """Người lao động of the agency without a decision (Decree 335 and 233 do not classify
    them), as rows in the shape of public_rows, listed apart."""
    people = db.session.scalars(
        select(Staff).where(
            Staff.agency_id == cycle.agency_id, Staff.group == StaffGroup.NGUOI_LAO_DONG
        )
    ).all()
    return [
        {
            "staff_id": s.id,
            "full_name": s.full_name,
            "title": s.title,
            "unit_name": s.unit.name,
            "level": "",
            "unit_id": s.unit_id,
            "group": "nguoi_lao_dong",
            "position": getattr(s.position, "value", s.position),
        }
        for s in people
        if s.id not in decided and (s.end_date is None or s.end_date.year >= cycle.year)
    ]


def year_rows(cycle: Cycle) -> list[dict]:
    """Every approved result of the agency in the order of the organisation (the notice's)."""
    return in_organisation_order(public_rows(cycle, None), cycle.agency_id)


def group_results(cycle: Cycle, rows: list[dict] | None = None) -> tuple[GroupResults, ...]:
    """Per group: its people and counts per level; người lao động last, outside the base."""
    rows = year_rows(cycle) if rows is None else rows
    groups: list[GroupResults] = []
    for code in CLASSIFIED_GROUPS:
        mine = [r for r in rows if r["group"] == code]
        if not mine:
            continue
        counts = Counter(r["level"] for r in mine)
        groups.append(
            GroupResults(
                name=GROUP_NAMES[code],
                rows=tuple(_person(r, level_label(r["level"])) for r in mine),
                counts=tuple((LEVEL_NAMES[c], counts[c]) for c in LEVELS),
            )
        )
    workers = [r for r in rows if r["group"] == "nguoi_lao_dong"]
    workers += in_organisation_order(
        _unclassified_staff(cycle, {r["staff_id"] for r in rows}), cycle.agency_id
    )
    if workers:
        groups.append(
            GroupResults(
                name=GROUP_NAMES["nguoi_lao_dong"],
                rows=tuple(_person(r, level_label(r["level"]) or NOT_CLASSIFIED) for r in workers),
                counts=(),
                classified=False,
            )
        )
    return tuple(groups)


def summary_list_data(cycle: Cycle, made_on: date | None = None) -> SummaryListData:
    from ..services.authority import agency_issuer

    issuer = agency_issuer(cycle.agency)
    return SummaryListData(
        governing_body=issuer.governing_body,
        agency_name=issuer.name,
        place=issuer.place,
        year=cycle.year,
        made_on=made_on,
        groups=group_results(cycle),
        signer_post=issuer.head_post,
        signer_name=issuer.head_name,
    )


def quota_lines(cycle: Cycle) -> tuple[str, ...]:
    """The check of the decided HTXS against the cap of each group, agency-wide (rules §4)."""
    from ..services.decisions import classify_agency, quota_meters

    lines = []
    reading = cycle.quota_base.value
    htt = LEVEL_NAMES["HTT"]
    base_words = htt if reading == "htt_only" else f"từ {htt} trở lên"
    for meter in quota_meters(cycle, classify_agency(cycle), set()):
        group, _sep, scope = meter.scope.rpartition("/")
        if scope != "agency" or (not meter.decided_base and not meter.decided):
            continue
        name = GROUP_NAMES.get(group, "Cán bộ, công chức, viên chức")
        within = meter.decided <= meter.decided_cap
        article = _QUOTA_ARTICLE.get(group) if cycle.year >= 2026 else None
        lines.append(
            f"{name}: {meter.decided} người được xếp loại Hoàn thành xuất sắc nhiệm vụ; số người "
            f"xếp loại {base_words} là {meter.decided_base} người, tỷ lệ tối đa {meter.rate}% "
            f"là {meter.decided_cap} người"
            + (f" ({article})" if article else "")
            + ("; bảo đảm tỷ lệ quy định." if within else "; vượt tỷ lệ quy định.")
        )
    return tuple(lines)


def _khtnv(cycle: Cycle, rows: list[dict]) -> tuple[ListedPerson, ...]:
    listed = []
    for row in rows:
        if row["level"] != "KHTNV":
            continue
        decision = current_decision(cycle, db.session.get(Staff, row["staff_id"]))
        reason = khtnv_reason(decision) if decision is not None else ""
        listed.append(
            ListedPerson(
                row["full_name"], row["title"], row["unit_name"], LEVEL_NAMES["KHTNV"], reason
            )
        )
    return tuple(listed)


def _words(rows: list[dict]) -> str:
    return _group_word({r["group"] for r in rows})


def report_data(
    cycle: Cycle, document: OutgoingDocument | None = None, *, draft: bool = False
) -> ReportData:
    """The report to the superior body; a draft ("DỰ THẢO", no number) until it is issued."""
    from ..services.authority import agency_issuer
    from ..services.legal import basis_lines

    agency = cycle.agency
    issuer = agency_issuer(agency)
    rows = year_rows(cycle)
    classified = [r for r in rows if r["group"] in CLASSIFIED_GROUPS]
    words = _words(classified)
    groups = {StaffGroup(r["group"]) for r in classified}
    summary = f"Kết quả đánh giá, xếp loại chất lượng {words} năm {cycle.year}"
    # Issued: the addressee it was issued to; a draft: the one the agency keeps.
    sent_to = document.addressee if document is not None else agency.superior_body
    addressees = tuple(line.strip() for line in (sent_to or "").splitlines() if line.strip())
    return ReportData(
        governing_body=issuer.governing_body,
        agency_name=issuer.name,
        number=None if draft or document is None else document.number,
        symbol=f"BC-{issuer.symbol}",
        place=issuer.place,
        issued_on=None if document is None else document.issued_on,
        year=cycle.year,
        summary=summary,
        addressees=addressees,
        basis=basis_lines(cycle.year, groups),
        opening=(
            f"{issuer.name} báo cáo kết quả đánh giá, xếp loại chất lượng {words} năm "
            f"{cycle.year} như sau:"
        ),
        groups=group_results(cycle, rows),
        quota_lines=quota_lines(cycle),
        htxs=tuple(_person(r, LEVEL_NAMES["HTXS"]) for r in classified if r["level"] == "HTXS"),
        khtnv=_khtnv(cycle, classified),
        closing_paragraphs=(
            f"Trên đây là báo cáo kết quả đánh giá, xếp loại chất lượng {words} năm "
            f"{cycle.year} của {issuer.name}./.",
        ),
        signer_authority="",
        signer_post=issuer.head_post,
        signer_name=issuer.head_name,
        recipients=REPORT_RECIPIENTS,
        draft=draft or document is None,
    )
