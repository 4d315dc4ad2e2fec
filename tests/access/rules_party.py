"""Access rules of the party round.

In the world: the agency's party organisation has cell CB1, whose secretary is truongphong's
person (the head); the head and the clerk (congchuc) are its members; the round of the year is
open. The party committee (capuy) decides; HR opens the round; a member sees only their own review.
"""

from datetime import date

from sqlalchemy import select

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import (
    MemberCategory,
    MemberStatus,
    PartyCell,
    PartyMemberReview,
    PartyMembership,
    PartyOrganisation,
    PartyOrgKind,
    PartyOrgReview,
    PartyRound,
)
from tests.security.payload_cases import Case
from tests.security.scope_targets import Target

from . import EVERYONE, HR, Rule


def _org(agency, code: str = "DB") -> PartyOrganisation:
    org = db.session.scalar(
        select(PartyOrganisation).where(PartyOrganisation.agency_id == agency.id)
    )
    if org is None:
        org = PartyOrganisation(
            agency_id=agency.id,
            code=code,
            name=f"Đảng bộ {agency.name}",
            kind=PartyOrgKind.DANG_BO_CO_SO,
            committee="ĐẢNG ỦY",
        )
        db.session.add(org)
        db.session.flush()
    return org


def _cell(org, code: str, secretary) -> PartyCell:
    cell = db.session.scalar(
        select(PartyCell).where(PartyCell.organisation_id == org.id, PartyCell.code == code)
    )
    if cell is None:
        cell = PartyCell(
            organisation_id=org.id,
            code=code,
            name=f"Chi bộ {code}",
            secretary_id=secretary.id if secretary else None,
        )
        db.session.add(cell)
        db.session.flush()
    return cell


def party_world(w) -> dict:
    """The organisation, cell CB1 with the head and the clerk, the open round (idempotent)."""
    org = _org(w.agency)
    cell = _cell(org, "CB1", w.staff["head"])
    year = _time.evaluation_year()
    party_round = db.session.scalar(
        select(PartyRound).where(PartyRound.organisation_id == org.id, PartyRound.year == year)
    )
    if party_round is None:
        party_round = PartyRound(organisation_id=org.id, year=year)
        db.session.add(party_round)
        db.session.flush()
        for person in (w.staff["head"], w.staff["clerk"]):
            db.session.add(
                PartyMembership(
                    agency_id=w.agency.id,
                    staff_id=person.id,
                    cell_id=cell.id,
                    joined_on=date(2010, 1, 1),
                    status=MemberStatus.FULL,
                    full_on=date(2011, 1, 1),
                    category=MemberCategory.NON_LEADER,
                )
            )
            db.session.add(
                PartyMemberReview(
                    round_id=party_round.id,
                    staff_id=person.id,
                    cell_id=cell.id,
                    category=MemberCategory.NON_LEADER,
                )
            )
    db.session.commit()
    return {"org": org, "cell": cell, "round": party_round}


def _with_party(w) -> dict:
    party_world(w)
    return {}


def _cell_args(w) -> dict:
    return {"cell_id": party_world(w)["cell"].id}


def _cell_report_args(w) -> dict:
    """Cell CB1's Mẫu 01 report, recorded once (its secretary, the committee and HR print it)."""
    party = party_world(w)
    review = db.session.scalar(
        select(PartyOrgReview).where(
            PartyOrgReview.round_id == party["round"].id, PartyOrgReview.subject == "CB1"
        )
    )
    if review is None:
        review = PartyOrgReview(
            round_id=party["round"].id, subject="CB1", cell_id=party["cell"].id, report="Báo cáo"
        )
        db.session.add(review)
        db.session.commit()
    return {"org_review_id": review.id, "fmt": "pdf"}


RULES = {
    "party.index": Rule(EVERYONE, args=_with_party),
    "party.open_round": Rule(HR | {"party_committee"}, args=_with_party),
    # Members only (the head and the clerk); everyone else has no review: 404.
    "party.me": Rule(frozenset({"staff", "unit_head"}), args=_with_party, denied_status=(404,)),
    "party.cell": Rule(frozenset({"unit_head"}), args=_cell_args),
    "party.committee": Rule(frozenset({"party_committee"}), args=_with_party),
    "party.results_document": Rule(
        HR | {"party_committee"}, args=lambda w: {**_with_party(w), "kind": "notice", "fmt": "pdf"}
    ),
    # The collectives (Mẫu 01): the cell's secretary records the cell's; the committee its own
    # organisation's and the levels; the report prints for the secretary, the committee and HR.
    "party.collective_cell": Rule(frozenset({"unit_head"}), args=_cell_args),
    "party.collective_org": Rule(frozenset({"party_committee"}), args=_with_party),
    "party.collectives": Rule(frozenset({"party_committee"}), args=_with_party),
    "party.collective_form": Rule(HR | {"unit_head", "party_committee"}, args=_cell_report_args),
    # The structure: HR and the party committee type the organisation and its cells.
    "party.structure": Rule(HR | {"party_committee"}, args=_with_party),
    "party.cell_edit": Rule(HR | {"party_committee"}, args=_cell_args),
    "party.rules": Rule(HR | {"party_committee"}, args=_with_party),
    "party.items": Rule(HR | {"party_committee"}, args=_with_party),
    # The member (the clerk), their cell's secretary (the head), the committee and HR.
    "party.review_form": Rule(
        EVERYONE, args=lambda w: {**_with_party(w), "staff_id": w.staff["clerk"].id, "fmt": "pdf"}
    ),
}


def _other_agency_cell(w) -> PartyCell:
    org = _org(w.other_agency, "DBYT")
    return _cell(org, "YT1", w.other["staff"])


def _other_cell(w) -> PartyCell:
    return _cell(party_world(w)["org"], "CB2", w.staff["outsider"])


def _org_review(party_round, subject: str, cell) -> PartyOrgReview:
    review = db.session.scalar(
        select(PartyOrgReview).where(
            PartyOrgReview.round_id == party_round.id, PartyOrgReview.subject == subject
        )
    )
    if review is None:
        review = PartyOrgReview(
            round_id=party_round.id,
            subject=subject,
            cell_id=cell.id if cell else None,
            report=f"Báo cáo kín {subject}",
        )
        db.session.add(review)
        db.session.flush()
    return review


def _other_agency_org_review(w) -> PartyOrgReview:
    cell = _other_agency_cell(w)
    year = _time.evaluation_year()
    party_round = db.session.scalar(
        select(PartyRound).where(
            PartyRound.organisation_id == cell.organisation_id, PartyRound.year == year
        )
    )
    if party_round is None:
        party_round = PartyRound(organisation_id=cell.organisation_id, year=year)
        db.session.add(party_round)
        db.session.flush()
    return _org_review(party_round, cell.code, cell)


def _other_cell_org_review(w) -> PartyOrgReview:
    return _org_review(party_world(w)["round"], "CB2", _other_cell(w))


SCOPE_TARGETS = {
    "org_review_id": Target(
        other_agency=_other_agency_org_review,
        other_unit=_other_cell_org_review,
        secrets=lambda r: [r.report],
    ),
    "cell_id": Target(
        other_agency=_other_agency_cell,
        other_unit=_other_cell,
        secrets=lambda c: [c.name],
    ),
}


def _clerk_review_pages(w, data: dict) -> list[str]:
    return [f"/party/cell/{party_world(w)['cell'].id}"]


def _proposal(w, n: int) -> dict:
    party_world(w)
    return {"staff_id": w.staff["clerk"].id, "comment": "Gương mẫu", "level": "HTT"}


def _self_review(w, n: int) -> dict:
    party_world(w)
    return {
        "item-politics": "Kiên định",
        "item-tasks": "Hoàn thành",
        "item-plan": "Tiếp tục",
        "general_score": "27",
        "task_score": "60",
        "self_level": "HTT",
    }


def _collective_report(w, n: int) -> dict:
    party_world(w)
    return {"report": "Hoàn thành", "score": "85", "tasks_done_pct": "100"}


def _organisation(w, n: int) -> dict:
    party_world(w)
    return {
        "code": "DB",
        "name": "Đảng bộ Sở",
        "kind": "dang_bo_co_so",
        "superior_committee": "ĐẢNG BỘ KHỐI",
        "committee": "ĐẢNG ỦY SỞ",
        "symbol": "ĐU",
        "place": "Hà Nam",
    }


def _new_cell(w, n: int) -> dict:
    party_world(w)
    return {"code": f"XSS{n:03d}", "name": "Chi bộ Thử", "secretary_id": 0, "unit_id": 0}


def _new_cell_pages(w, data: dict) -> list[str]:
    cell = db.session.scalar(select(PartyCell).where(PartyCell.code == data["code"]))
    return ["/party/structure", f"/party/structure/cells/{cell.id}"]


def _items(w, n: int) -> dict:
    party_world(w)
    return {
        "key-1": "politics",
        "label-1": "Tư tưởng chính trị",
        "forms-1": ["2A", "2B", "2C"],
        "year": str(_time.evaluation_year() + n),
    }


def _rule(w, n: int) -> dict:
    party_world(w)
    return {
        "key": "quota_rate",
        "value": "20",
        "source": "QĐ 366",
        "from_year": str(_time.evaluation_year() + n),
    }


PAYLOAD_CASES = [
    Case(
        "forms.party.PartyRuleForm",
        ("source",),
        "capuy",
        lambda w: "/party/rules",
        _rule,
        lambda w, d: ["/party/rules"],
    ),
    Case(
        "forms.party.PartyOrganisationForm",
        ("name", "superior_committee", "committee", "place"),
        "tccb",
        lambda w: "/party/structure",
        _organisation,
        lambda w, d: ["/party/structure", "/party/"],
    ),
    Case(
        "forms.party.PartyCellForm",
        ("name",),
        "tccb",
        lambda w: "/party/structure/cells/new",
        _new_cell,
        _new_cell_pages,
    ),
    Case(
        "forms.party.CollectiveReviewForm",
        ("report",),
        "truongphong",
        lambda w: f"/party/cell/{party_world(w)['cell'].id}/collective",
        _collective_report,
        lambda w, d: [f"/party/cell/{party_world(w)['cell'].id}/collective"],
    ),
    Case(
        "forms.party.CellProposalForm",
        ("comment",),
        "truongphong",
        lambda w: f"/party/cell/{party_world(w)['cell'].id}",
        _proposal,
        _clerk_review_pages,
    ),
    Case(
        "forms.party.SelfReviewForm",
        ("items",),  # the configured items, posted as item-<key>
        "congchuc",
        lambda w: "/party/me",
        _self_review,
        lambda w, d: ["/party/me"],
        key=lambda w, name: "item-ethics",
    ),
    Case(
        "forms.party.PartyItemsForm",
        ("label",),  # rows posted as label-<n>
        "capuy",
        lambda w: "/party/items",
        _items,
        lambda w, d: [f"/party/items?year={d['year']}"],
        key=lambda w, name: "label-1",
    ),
]

NOT_FREE_TEXT = {
    **{
        ("forms.party.PartyRuleForm", name): "parsed by the service as the rule's type (yes / "
        "no, a whole number, one of the listed choices); anything else refused"
        for name in ("value", "band_HTXS", "band_HTT", "band_HTNV")
    },
    ("forms.party.PartyRuleForm", "key"): "one of the rules' names, anything else refused",
    ("forms.party.PartyOrganisationForm", "code"): "restricted to [A-Za-z0-9_.-] by CODE_RULE",
    ("forms.party.PartyOrganisationForm", "symbol"): "letters and digits only (SYMBOL_RULE)",
    ("forms.party.PartyCellForm", "code"): "restricted to [A-Za-z0-9_.-] by CODE_RULE",
    **{
        ("forms.party.CollectiveReviewForm", name): "parsed as a number by the service "
        "(anything else refused next to the field), shown back only as a number"
        for name in ("score", "tasks_done_pct", "exceeded_pct", "behind_pct")
    },
    ("forms.party.CollectiveDecisionForm", "review_id"): "a hidden id: int() (400 otherwise) "
    "and looked up among the round's collective reviews",
    ("forms.party.CellProposalForm", "staff_id"): "a hidden id: int() (400 otherwise) and "
    "looked up among the round's reviews by the service",
    ("forms.party.CommitteeDecisionForm", "staff_id"): "a hidden id: int() (400 otherwise) and "
    "looked up among the round's reviews by the service",
    ("forms.party.SelfReviewForm", "general_score"): "parsed as a number by the service "
    "(anything else refused), shown back only as a number",
    ("forms.party.SelfReviewForm", "task_score"): "parsed as a number by the service "
    "(anything else refused), shown back only as a number",
    ("forms.party.CommitteeDecisionForm", "note"): "kept in the audit row's reason, which the "
    "audit log shows escaped like every reason (covered there)",
}
