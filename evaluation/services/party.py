"""The party round (docs/rules/rules.md §2.4, §7.3; QĐ 366-QĐ/TW Arts 11-12; HD 43-HD/BTCTW).

Order: the State round of the same people is approved first, then the party round opens; each
member self-reviews (Mẫu 2A/2B/2C), the cell comments and proposes, the committee decides within
the quota. Every committee decision takes the round's row lock first and re-counts the HTXS quota
under it, so two committee members deciding at once never exceed it (as lock_cycle does for the
State round). Rules come from scoring/party.py, adjusted per organisation (PartyRule rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

import labels
from scoring import party as rules_engine

from .._time import local_date, now
from .._time import today as vn_today
from ..engine_text import translate
from ..extensions import db, id_in
from ..models import (
    Cycle,
    Decision,
    Level,
    MemberCategory,
    PartyCell,
    PartyComment,
    PartyMemberReview,
    PartyMembership,
    PartyOrganisation,
    PartyOrgKind,
    PartyOrgReview,
    PartyRound,
    PartyRule,
    Staff,
    User,
)
from ..permissions import is_hr, is_party_committee
from . import ValidationError
from .audit import record

ITEM_TEXT_LIMIT = 4000  # characters of one self-review item
ORG_SUBJECT = "*"  # PartyOrgReview.subject of the grassroots organisation itself


# --- rules ---------------------------------------------------------------------------------------


def _rules_in_force(org: PartyOrganisation, year: int | None) -> dict[str, PartyRule]:
    """Each adjusted rule's row in force for the round of ``year`` (None: the newest rows)."""
    query = select(PartyRule).where(PartyRule.organisation_id == org.id)
    if year is not None:
        query = query.where(PartyRule.from_year <= year)
    return {r.key: r for r in db.session.scalars(query.order_by(PartyRule.from_year))}


def rules_of(org: PartyOrganisation, year: int | None = None) -> dict[str, Any]:
    rows = _rules_in_force(org, year)
    return rules_engine.resolve({key: r.value.get("value") for key, r in rows.items()})


def round_rules(party_round: PartyRound) -> dict[str, Any]:
    """The rules in force for this round: those adjusted from its year or earlier."""
    return rules_of(party_round.organisation, party_round.year)


def rule_rows(org: PartyOrganisation, year: int | None = None) -> list[dict[str, Any]]:
    """Every rule with its value in force for ``year``, its source, whether that source was
    verified, the year it applies from and the earlier and later versions (history)."""
    own = _rules_in_force(org, year)
    history: dict[str, list[PartyRule]] = {}
    for r in db.session.scalars(
        select(PartyRule)
        .where(PartyRule.organisation_id == org.id)
        .order_by(PartyRule.from_year, PartyRule.id)
    ):
        history.setdefault(r.key, []).append(r)
    rows = []
    for key, rule in rules_engine.RULES.items():
        row = own.get(key)
        rows.append(
            {
                "key": key,
                "label": rule.label,
                "value": row.value.get("value") if row else rule.value,
                "default": rule.value,
                "source": row.source if row else rule.source,
                "verified": row.verified if row else rule.verified,
                "adjusted": row is not None,
                "from_year": row.from_year if row else None,
                "history": history.get(key, []),
            }
        )
    return rows


def parse_rule_input(key: str, raw: dict[str, Any]) -> Any:
    """The value of rule ``key`` as typed on the settings page: yes / no, a whole number, a
    choice, or the three score bands. Bad input: a message next to the field."""
    if key not in rules_engine.RULES:
        raise ValidationError(("key", _("Không có quy định này.")))
    default = rules_engine.RULES[key].value
    text = str(raw.get("value") or "").strip()
    if isinstance(default, bool):
        if text not in ("yes", "no"):
            raise ValidationError(("value", _("Chọn có hoặc không.")))
        return text == "yes"
    if isinstance(default, int):
        try:
            return int(text)
        except ValueError:
            raise ValidationError(("value", _("Nhập một số nguyên từ 0 đến 100."))) from None
    if isinstance(default, dict):
        bands = {}
        for level in default:
            try:
                bands[level] = int(str(raw.get(f"band_{level}") or "").strip())
            except ValueError:
                raise ValidationError(
                    (f"band_{level}", _("Nhập một số nguyên từ 0 đến 100."))
                ) from None
        return bands
    return text


def decided_years(org: PartyOrganisation, from_year: int) -> list[int]:
    """The years from ``from_year`` on whose round already has a level decided (a member's or a
    collective's): a rule changed for them would rewrite decided results."""
    years = set(
        db.session.scalars(
            select(PartyRound.year)
            .join(PartyMemberReview, PartyMemberReview.round_id == PartyRound.id)
            .where(
                PartyRound.organisation_id == org.id,
                PartyRound.year >= from_year,
                PartyMemberReview.level.is_not(None),
            )
        )
    )
    years |= set(
        db.session.scalars(
            select(PartyRound.year)
            .join(PartyOrgReview, PartyOrgReview.round_id == PartyRound.id)
            .where(
                PartyRound.organisation_id == org.id,
                PartyRound.year >= from_year,
                PartyOrgReview.level.is_not(None),
            )
        )
    )
    return sorted(years)


def set_rule(
    org: PartyOrganisation,
    key: str,
    value: Any,
    source: str,
    verified: bool,
    user: User,
    *,
    from_year: int,
    value_errors: Iterable[tuple[str, str]] = (),
) -> PartyRule:
    """Adjust a rule from the round of ``from_year`` on (audited). Refused when a round of that
    year or later already has decided levels: decided results are never rewritten.
    ``value_errors``: what parsing the typed value found, listed with every other problem."""
    if not is_hr(user) and not is_party_committee(user) or org.agency_id != user.agency_id:
        raise ValidationError(("", _("Bạn không có quyền điều chỉnh quy định của Đảng.")))
    if key not in rules_engine.RULES:
        raise ValidationError(("key", _("Không có quy định này.")))
    errors = list(value_errors)
    problem = None if value_errors else rules_engine.validate_rule(key, value)
    if problem:
        errors.append(("value", translate(problem)))
    if not source.strip():
        errors.append(("source", _("Ghi rõ căn cứ (văn bản, điều, khoản).")))
    decided = decided_years(org, from_year)
    if decided:
        errors.append(
            (
                "from_year",
                _(
                    "Đợt kiểm điểm năm %(years)s đã có kết quả được quyết định: quy định mới chỉ "
                    "áp dụng từ năm %(next)s.",
                    years=", ".join(str(y) for y in decided),
                    next=decided[-1] + 1,
                ),
            )
        )
    if errors:
        raise ValidationError(errors)
    row = db.session.scalar(
        select(PartyRule).where(
            PartyRule.organisation_id == org.id,
            PartyRule.key == key,
            PartyRule.from_year == from_year,
        )
    )
    in_force = _rules_in_force(org, from_year).get(key)
    before = {"value": in_force.value.get("value"), "source": in_force.source} if in_force else None
    if row is None:
        row = PartyRule(organisation_id=org.id, key=key, from_year=from_year)
        db.session.add(row)
    row.value = {"value": value}
    row.source = source.strip()
    row.verified = verified
    db.session.flush()
    record(
        "set_rule",
        "party_rule",
        row.id,
        agency_id=org.agency_id,
        before=before,
        after={
            "key": key,
            "value": value,
            "source": row.source,
            "verified": verified,
            "from_year": from_year,
        },
        user=user,
    )
    return row


# --- who is who ----------------------------------------------------------------------------------


def organisation_of(agency_id: int) -> PartyOrganisation | None:
    return db.session.scalar(
        select(PartyOrganisation)
        .where(PartyOrganisation.agency_id == agency_id, PartyOrganisation.active.is_(True))
        .order_by(PartyOrganisation.id)
    )


def members(org: PartyOrganisation) -> list[PartyMembership]:
    return list(
        db.session.scalars(
            select(PartyMembership)
            .join(PartyCell, PartyCell.id == PartyMembership.cell_id)
            .where(PartyCell.organisation_id == org.id)
            .order_by(PartyCell.code, PartyMembership.id)
        )
    )


def membership_of(staff_id: int | None) -> PartyMembership | None:
    if staff_id is None:
        return None
    return db.session.scalar(select(PartyMembership).where(PartyMembership.staff_id == staff_id))


def secretary_cells(user: User, org: PartyOrganisation) -> list[PartyCell]:
    """The cells whose secretary this account's person is."""
    if not user.is_authenticated or user.staff_id is None or not user.is_enabled:
        return []
    return [c for c in org.cells if c.secretary_id == user.staff_id and c.active]


def can_record_cell(user: User, cell: PartyCell) -> bool:
    return (
        user.is_authenticated
        and user.is_enabled
        and cell.organisation.agency_id == user.agency_id
        and (cell.secretary_id is not None and cell.secretary_id == user.staff_id)
    )


def can_decide(user: User, org: PartyOrganisation) -> bool:
    return (
        user.is_authenticated
        and user.is_enabled
        and org.agency_id == user.agency_id
        and is_party_committee(user)
    )


# --- the State result of the same year ----------------------------------------------------------


@dataclass(frozen=True)
class StateResult:
    level: str | None
    final: bool


def state_results(agency_id: int, year: int, staff_ids: list[int]) -> dict[int, StateResult]:
    """Each person's current State decision of ``year``: its level and whether it is approved."""
    cycle = db.session.scalar(select(Cycle).where(Cycle.agency_id == agency_id, Cycle.year == year))
    results = {sid: StateResult(None, False) for sid in staff_ids}
    if cycle is None:
        return results
    rows = db.session.execute(
        select(Decision.staff_id, Decision.level, Decision.approved)
        .where(
            Decision.cycle_id == cycle.id,
            Decision.current,
            id_in(Decision.staff_id, staff_ids),
        )
        .execution_options(populate_existing=True)
    )
    for staff_id, level, approved in rows:
        results[staff_id] = StateResult(level.value if level else None, bool(approved))
    return results


def state_round_gaps(org: PartyOrganisation, year: int) -> list[str]:
    """Names of members whose State result of ``year`` is missing or not approved."""
    people = members(org)
    results = state_results(org.agency_id, year, [m.staff_id for m in people])
    return [
        m.staff.full_name
        for m in people
        if results[m.staff_id].level is None or not results[m.staff_id].final
    ]


# --- the round -----------------------------------------------------------------------------------


def round_of(org: PartyOrganisation, year: int) -> PartyRound | None:
    return db.session.scalar(
        select(PartyRound).where(PartyRound.organisation_id == org.id, PartyRound.year == year)
    )


def open_round(org: PartyOrganisation, year: int, user: User) -> PartyRound:
    """Open the party round of ``year``: only after the State round of the same people is
    approved (Decree 335 Art 23.3(a), Decree 233 Arts 15.1(b), 16.3(a): the State first)."""
    if not (is_hr(user) or can_decide(user, org)) or org.agency_id != user.agency_id:
        raise ValidationError(("", _("Bạn không có quyền mở đợt kiểm điểm đảng viên.")))
    if round_of(org, year) is not None:
        raise ValidationError(("", _("Đợt kiểm điểm năm %(year)s đã được mở.", year=year)))
    if not members(org):
        raise ValidationError(("", _("Tổ chức đảng chưa có đảng viên nào.")))
    gaps = state_round_gaps(org, year)
    if gaps:
        raise ValidationError(
            (
                "",
                _(
                    "Chưa mở được đợt kiểm điểm đảng viên: kết quả xếp loại chính quyền năm "
                    "%(year)s của những người sau chưa được phê duyệt: %(names)s.",
                    year=year,
                    names=", ".join(gaps),
                ),
            )
        )
    party_round = PartyRound(organisation_id=org.id, year=year, opened_by_id=user.id)
    db.session.add(party_round)
    db.session.flush()
    for m in members(org):
        db.session.add(
            PartyMemberReview(
                round_id=party_round.id, staff_id=m.staff_id, cell_id=m.cell_id, category=m.category
            )
        )
    db.session.flush()
    record(
        "open",
        "party_round",
        party_round.id,
        agency_id=org.agency_id,
        after={"year": year, "members": len(members(org))},
        user=user,
    )
    return party_round


def lock_round(party_round: PartyRound) -> None:
    """Serialise every writer of the round's levels (PostgreSQL row lock until commit), taken
    first, before any audit row."""
    db.session.execute(
        select(PartyRound.id).where(PartyRound.id == party_round.id).with_for_update()
    )


def review_of(party_round: PartyRound, staff_id: int) -> PartyMemberReview | None:
    return db.session.scalar(
        select(PartyMemberReview).where(
            PartyMemberReview.round_id == party_round.id, PartyMemberReview.staff_id == staff_id
        )
    )


def reviews(party_round: PartyRound, cell_id: int | None = None) -> list[PartyMemberReview]:
    query = select(PartyMemberReview).where(PartyMemberReview.round_id == party_round.id)
    if cell_id is not None:
        query = query.where(PartyMemberReview.cell_id == cell_id)
    return list(db.session.scalars(query.order_by(PartyMemberReview.id)))


def _open(party_round: PartyRound) -> None:
    if party_round.status != "open":
        raise ValidationError(("", _("Đợt kiểm điểm đã kết thúc.")))


def _level(code: str | None, field: str) -> Level:
    try:
        return Level(code)
    except ValueError:
        raise ValidationError((field, _("Chọn một mức xếp loại."))) from None


def _score(value: Any, field: str, top: int) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValidationError((field, _("Nhập một số."))) from None
    if not 0 <= number <= top:
        raise ValidationError((field, _("Điểm phải từ 0 đến %(top)s.", top=top)))
    return number


def submit_self_review(
    party_round: PartyRound,
    user: User,
    *,
    items: dict[str, str],
    general_score: Any,
    task_score: Any,
    self_level: str,
) -> PartyMemberReview:
    """The member's own review (Mẫu 2A/2B/2C): only by the member, before the cell's comment."""
    _open(party_round)
    review = review_of(party_round, user.staff_id) if user.staff_id else None
    if review is None or not user.is_enabled:
        raise ValidationError(("", _("Bạn không có bản kiểm điểm trong đợt này.")))
    if review.level is not None or review.cell_level is not None:
        raise ValidationError(("", _("Chi bộ đã nhận xét: bản kiểm điểm không sửa được nữa.")))
    rules = round_rules(party_round)
    general = _score(general_score, "general_score", rules["general_points"])
    task = _score(task_score, "task_score", rules["task_points"])
    level = _level(self_level, "self_level")
    before = {"general": review.general_score, "task": review.task_score}
    too_long = [
        (f"item-{k}", _("Tối đa %(max)s ký tự.", max=ITEM_TEXT_LIMIT))
        for k, v in items.items()
        if len(str(v)) > ITEM_TEXT_LIMIT
    ]
    if too_long:
        raise ValidationError(too_long)
    review.items = {k: str(v) for k, v in items.items()}
    review.general_score = general
    review.task_score = task
    review.self_level = level
    review.submitted_at = now()
    db.session.flush()
    record(
        "self_review",
        "party_member_review",
        review.id,
        agency_id=party_round.organisation.agency_id,
        before={k: float(v) if v is not None else None for k, v in before.items()},
        after={"general": general, "task": task, "self_level": level.value},
        user=user,
    )
    return review


def record_cell_review(
    party_round: PartyRound, staff_id: int, comment: str, level: str, user: User
) -> PartyMemberReview:
    """The cell's comments and proposal for one member (the cell secretary records them)."""
    _open(party_round)
    review = review_of(party_round, staff_id)
    if review is None:
        raise ValidationError(("", _("Không có bản kiểm điểm này.")))
    if not can_record_cell(user, review.cell):
        raise ValidationError(("", _("Chỉ bí thư chi bộ ghi nhận xét của chi bộ.")))
    if review.level is not None:
        raise ValidationError(("", _("Cấp ủy đã quyết định: không sửa được đề xuất.")))
    proposed = _level(level, "level")
    if not comment.strip():
        raise ValidationError(("comment", _("Ghi nhận xét của chi bộ.")))
    before = {"level": review.cell_level.value if review.cell_level else None}
    review.cell_comment = comment.strip()
    review.cell_level = proposed
    review.cell_by_id = user.id
    db.session.flush()
    record(
        "cell_review",
        "party_member_review",
        review.id,
        agency_id=party_round.organisation.agency_id,
        before=before,
        after={"level": proposed.value},
        user=user,
    )
    return review


@dataclass(frozen=True)
class BoardRow:
    review: PartyMemberReview
    state: StateResult
    suggestion: rules_engine.Outcome  # the cell's proposal (or own level) after the State link


def board(party_round: PartyRound) -> list[BoardRow]:
    """Every member of the round with the State result and the level the rules allow."""
    org = party_round.organisation
    rules = round_rules(party_round)
    rows = reviews(party_round)
    state = state_results(org.agency_id, party_round.year, [r.staff_id for r in rows])
    out = []
    for r in rows:
        proposed = r.cell_level or r.self_level
        s = state[r.staff_id]
        out.append(
            BoardRow(
                r,
                s,
                rules_engine.link_with_state(
                    proposed.value if proposed else None, s.level, s.final, rules
                ),
            )
        )
    return out


def _fresh_levels(party_round: PartyRound) -> list[dict[str, Any]]:
    rows = db.session.execute(
        select(
            PartyMemberReview.staff_id,
            PartyMemberReview.level,
            PartyMemberReview.category,
            PartyCell.code,
            PartyMemberReview.cell_level,
        )
        .join(PartyCell, PartyCell.id == PartyMemberReview.cell_id)
        .where(PartyMemberReview.round_id == party_round.id)
        .execution_options(populate_existing=True)
    )
    return [
        {
            "staff_id": sid,
            "level": level.value if level else None,
            "category": category.value,
            "cell": cell,
            "proposed": proposed.value if proposed else None,
        }
        for sid, level, category, cell, proposed in rows
    ]


def quota_meters(party_round: PartyRound) -> dict[str, rules_engine.Quota]:
    return rules_engine.quotas(_fresh_levels(party_round), round_rules(party_round))


def decide(
    party_round: PartyRound, staff_id: int, level: str, note: str, user: User
) -> PartyMemberReview:
    """The committee's level for one member: capped by the State result, within the quota."""
    lock_round(party_round)
    db.session.refresh(party_round)
    _open(party_round)
    org = party_round.organisation
    if not can_decide(user, org):
        raise ValidationError(("", _("Chỉ cấp ủy quyết định mức xếp loại đảng viên.")))
    review = review_of(party_round, staff_id)
    if review is None:
        raise ValidationError(("", _("Không có bản kiểm điểm này.")))
    chosen = _level(level, "level")
    rules = round_rules(party_round)
    state = state_results(org.agency_id, party_round.year, [staff_id])[staff_id]
    errors = [("level", m) for m in rules_engine.decision_errors(chosen.value, *_s(state), rules)]
    if errors:
        raise ValidationError(errors)
    levels = _fresh_levels(party_round)
    for row in levels:
        if row["staff_id"] == staff_id:
            row["level"] = chosen.value
            row["proposed"] = None
    mine = next(r for r in levels if r["staff_id"] == staff_id)
    key = rules_engine.quota_key(rules, mine["cell"], mine["category"])
    q = rules_engine.quotas(levels, rules)[key]
    previous = review.level.value if review.level else None
    if chosen.value == "HTXS" and previous != "HTXS" and q.over:
        raise ValidationError(
            (
                "level",
                _(
                    "Vượt tỷ lệ “Hoàn thành xuất sắc nhiệm vụ”: %(detail)s",
                    detail=q.reason.message,
                ),
            )
        )
    outcome = rules_engine.link_with_state(chosen.value, state.level, state.final, rules)
    review.level = chosen
    review.note = note.strip()
    review.reasons = [r.as_dict() for r in outcome.reasons] + [q.reason.as_dict()]
    review.decided_by_id = user.id
    review.decided_at = now()
    db.session.flush()
    record(
        "decide",
        "party_member_review",
        review.id,
        agency_id=org.agency_id,
        before={"level": previous},
        after={"level": chosen.value, "state_level": state.level},
        reason=review.note,
        user=user,
    )
    return review


def _s(state: StateResult) -> tuple[str | None, bool]:
    return state.level, state.final


# --- collectives (Mẫu 01) ------------------------------------------------------------------------


FACT_FIELDS = (
    "tasks_done_pct",
    "on_time_quality",
    "exceeded_pct",
    "behind_pct",
    "remedied",
    "disciplined",
    "khtnv_case",
)


PERCENT_FACTS = ("tasks_done_pct", "exceeded_pct", "behind_pct")
YES_NO_FACTS = ("on_time_quality", "remedied")  # True, False or None (not stated)
FLAG_FACTS = ("disciplined", "khtnv_case")


def parse_facts(raw: dict[str, Any]) -> dict[str, Any]:
    """The Mẫu 01 conditions as typed on the page: percentages 0–100 (comma or dot), yes / no /
    not stated, flags. Every problem next to its field, nothing kept when one is wrong."""
    facts: dict[str, Any] = {}
    errors: list[tuple[str, str]] = []
    for key in PERCENT_FACTS:
        text = str(raw.get(key) or "").strip().replace(",", ".")
        if not text:
            facts[key] = None
            continue
        try:
            number = float(text)
        except ValueError:
            errors.append((key, _("Nhập một số.")))
            continue
        if not 0 <= number <= 100:
            errors.append((key, _("Tỷ lệ phải từ 0 đến 100.")))
            continue
        facts[key] = number
    for key in YES_NO_FACTS:
        facts[key] = {"yes": True, "no": False}.get(str(raw.get(key) or ""))
    for key in FLAG_FACTS:
        facts[key] = bool(raw.get(key))
    if errors:
        raise ValidationError(errors)
    return facts


def collective_subjects(
    party_round: PartyRound,
) -> list[tuple[PartyCell | None, PartyOrgReview | None]]:
    """The organisation itself first, then each active cell, each with its Mẫu 01 review if any."""
    own = {
        r.subject: r
        for r in db.session.scalars(
            select(PartyOrgReview).where(PartyOrgReview.round_id == party_round.id)
        )
    }
    cells = [c for c in party_round.organisation.cells if c.active]
    return [(None, own.get(ORG_SUBJECT))] + [(c, own.get(c.code)) for c in cells]


def collective_review_of(party_round: PartyRound, cell: PartyCell | None) -> PartyOrgReview | None:
    subject = cell.code if cell is not None else ORG_SUBJECT
    return db.session.scalar(
        select(PartyOrgReview).where(
            PartyOrgReview.round_id == party_round.id, PartyOrgReview.subject == subject
        )
    )


def collective_quota(party_round: PartyRound) -> rules_engine.Quota:
    """The HTXS meter over the cells (the committee's scope as their superior committee)."""
    levels = [
        r.level.value if r.level else None
        for cell, r in collective_subjects(party_round)
        if cell is not None and r is not None
    ]
    return rules_engine.quota(levels, round_rules(party_round), "cells", counted_as="chi bộ")


def collective_facts(review: PartyOrgReview) -> rules_engine.CollectiveFacts:
    f = review.facts or {}
    return rules_engine.CollectiveFacts(
        score=float(review.score) if review.score is not None else None,
        tasks_done_pct=f.get("tasks_done_pct"),
        on_time_quality=f.get("on_time_quality"),
        exceeded_pct=f.get("exceeded_pct"),
        behind_pct=f.get("behind_pct"),
        remedied=f.get("remedied"),
        disciplined=bool(f.get("disciplined")),
        khtnv_case=bool(f.get("khtnv_case")),
    )


def record_collective_review(
    party_round: PartyRound,
    cell: PartyCell | None,
    *,
    report: str,
    score: Any,
    facts: dict[str, Any],
    user: User,
) -> PartyOrgReview:
    """A cell's (by its secretary) or the organisation's (by the committee) Mẫu 01 review."""
    _open(party_round)
    org = party_round.organisation
    allowed = can_record_cell(user, cell) if cell is not None else can_decide(user, org)
    if not allowed:
        raise ValidationError(("", _("Bạn không có quyền ghi báo cáo kiểm điểm của tập thể này.")))
    subject = cell.code if cell is not None else ORG_SUBJECT
    review = db.session.scalar(
        select(PartyOrgReview).where(
            PartyOrgReview.round_id == party_round.id, PartyOrgReview.subject == subject
        )
    )
    if review is not None and review.level is not None:
        raise ValidationError(("", _("Cấp ủy đã quyết định: không sửa được báo cáo.")))
    problems: list[tuple[str, str]] = []
    try:
        value = _score(str(score or "").strip().replace(",", "."), "score", 100)
    except ValidationError as error:
        problems += error.errors
    try:
        facts = parse_facts(facts)
    except ValidationError as error:
        problems += error.errors
    if problems:
        raise ValidationError(problems)
    if review is None:
        review = PartyOrgReview(
            round_id=party_round.id, subject=subject, cell_id=cell.id if cell else None
        )
        db.session.add(review)
    review.report = report.strip()
    review.score = value
    review.facts = {k: facts.get(k) for k in FACT_FIELDS}
    outcome = rules_engine.collective_level(collective_facts(review), round_rules(party_round))
    review.self_level = Level(outcome.level) if outcome.level else None
    review.reasons = [r.as_dict() for r in outcome.reasons]
    db.session.flush()
    record(
        "collective_review",
        "party_org_review",
        review.id,
        agency_id=org.agency_id,
        after={"subject": subject, "score": value, "level": outcome.level},
        user=user,
    )
    return review


def decide_collective(
    party_round: PartyRound, review: PartyOrgReview, level: str, user: User
) -> PartyOrgReview:
    """The committee classifies its cells within the quota of its scope (the cells it is the
    superior committee of). The organisation's own level is the superior committee's: recorded
    here as that committee decided it."""
    lock_round(party_round)
    _open(party_round)
    org = party_round.organisation
    if not can_decide(user, org):
        raise ValidationError(("", _("Chỉ cấp ủy quyết định mức xếp loại tổ chức đảng.")))
    chosen = _level(level, "level")
    rules = round_rules(party_round)
    outcome = rules_engine.collective_level(collective_facts(review), rules)
    if (
        outcome.level is not None
        and rules_engine.RANK[chosen.value] > rules_engine.RANK[outcome.level]
    ):
        raise ValidationError(
            (
                "level",
                _(
                    "Mức “%(level)s” cao hơn mức các điều kiện cho phép (“%(allowed)s”).",
                    level=labels.label(labels.LEVELS, chosen.value),
                    allowed=labels.label(labels.LEVELS, outcome.level),
                ),
            )
        )
    if review.cell_id is not None and chosen.value == "HTXS":
        cells = db.session.execute(
            select(PartyOrgReview.id, PartyOrgReview.level)
            .where(PartyOrgReview.round_id == party_round.id, PartyOrgReview.cell_id.is_not(None))
            .execution_options(populate_existing=True)
        ).all()
        levels = ["HTXS" if rid == review.id else (lv.value if lv else None) for rid, lv in cells]
        q = rules_engine.quota(levels, rules, "cells", counted_as="chi bộ")
        if q.over and review.level != Level.HTXS:
            raise ValidationError(
                (
                    "level",
                    _(
                        "Vượt tỷ lệ “Hoàn thành xuất sắc nhiệm vụ”: %(detail)s",
                        detail=q.reason.message,
                    ),
                )
            )
    before = review.level.value if review.level else None
    review.level = chosen
    review.decided_by_id = user.id
    review.decided_at = now()
    db.session.flush()
    record(
        "decide",
        "party_org_review",
        review.id,
        agency_id=org.agency_id,
        before={"level": before},
        after={"subject": review.subject, "level": chosen.value},
        user=user,
    )
    return review


# --- progress (HR dashboard) --------------------------------------------------------------------


def progress(org: PartyOrganisation, year: int) -> dict[str, int] | None:
    party_round = round_of(org, year)
    if party_round is None:
        return None
    rows = reviews(party_round)
    return {
        "members": len(rows),
        "self_reviewed": sum(1 for r in rows if r.submitted_at is not None),
        "cell_proposed": sum(1 for r in rows if r.cell_level is not None),
        "decided": sum(1 for r in rows if r.level is not None),
    }


def category_label(category: MemberCategory) -> str:
    return {
        MemberCategory.LEADER: _("Mẫu 2A: cá nhân giữ chức vụ lãnh đạo, quản lý"),
        MemberCategory.NON_LEADER: _("Mẫu 2B: cá nhân không giữ chức vụ lãnh đạo, quản lý"),
        MemberCategory.OUTSIDE: _("Mẫu 2C: đảng viên không làm việc trong hệ thống chính trị"),
    }[category]


def staff_by_code(agency_id: int) -> dict[str, Staff]:
    return {
        s.code.casefold(): s
        for s in db.session.scalars(select(Staff).where(Staff.agency_id == agency_id))
    }


# --- import from Excel (all or nothing; every problem by sheet, row and column) ------------------


def check_import(agency, content: bytes, max_bytes: int, today) -> tuple[Any, list[dict], dict]:
    """(parse, problems, summary) of a party members file for ``agency``'s organisation."""
    from exports import excel

    parse = excel.read_party_workbook(content, today=today, max_bytes=max_bytes)
    problems = [
        {"sheet": e.sheet, "row": e.row, "column": e.column, "message": e.message_vi}
        for e in parse.errors
    ]
    if not parse.ok:
        return parse, problems, {}
    org = organisation_of(agency.id)
    if org is None:
        problems.append(
            {
                "sheet": "",
                "row": 0,
                "column": "",
                "message": _("Cơ quan chưa khai báo tổ chức cơ sở đảng."),
            }
        )
        return parse, problems, {}
    people = staff_by_code(agency.id)

    def problem(sheet: str, row: int, column: str, message: str) -> None:
        problems.append({"sheet": sheet, "row": row, "column": column, "message": message})

    for c in parse.cells:
        if c.secretary_code and c.secretary_code.casefold() not in people:
            problem(
                excel.CELLS_SHEET,
                c.row,
                "Mã cán bộ bí thư",
                _("Không có cán bộ mã “%(code)s” trong cơ quan.", code=c.secretary_code),
            )
    for m in parse.members:
        person = people.get(m.code.casefold())
        if person is None:
            problem(
                excel.PARTY_SHEET,
                m.row,
                "Mã cán bộ",
                _("Không có cán bộ mã “%(code)s” trong cơ quan.", code=m.code),
            )
        elif person.full_name.casefold() != m.full_name.casefold():
            problem(
                excel.PARTY_SHEET,
                m.row,
                "Họ và tên",
                _(
                    "Họ tên “%(name)s” không khớp với hồ sơ mã %(code)s (“%(real)s”).",
                    name=m.full_name,
                    code=m.code,
                    real=person.full_name,
                ),
            )
    existing = {c.code.casefold() for c in org.cells}
    summary = {
        "cells_new": sum(1 for c in parse.cells if c.code.casefold() not in existing),
        "members": len(parse.members),
    }
    return parse, problems, summary


STATUS_CODES = {"Dự bị": "probationary", "Chính thức": "full"}


def apply_import(agency, parse: Any) -> None:
    """Write a checked file: cells by code (created or renamed), memberships by person."""
    from ..models import MemberStatus

    org = organisation_of(agency.id)
    assert org is not None
    people = staff_by_code(agency.id)
    cells = {c.code.casefold(): c for c in org.cells}
    for row in parse.cells:
        cell = cells.get(row.code.casefold())
        if cell is None:
            cell = PartyCell(organisation_id=org.id, code=row.code)
            db.session.add(cell)
            cells[row.code.casefold()] = cell
        cell.name = row.name
        cell.secretary_id = people[row.secretary_code.casefold()].id if row.secretary_code else None
    db.session.flush()
    for row in parse.members:
        person = people[row.code.casefold()]
        membership = membership_of(person.id)
        if membership is None:
            membership = PartyMembership(agency_id=agency.id, staff_id=person.id)
            db.session.add(membership)
        membership.cell_id = cells[row.cell_code.casefold()].id
        membership.joined_on = row.joined_on
        membership.status = MemberStatus(STATUS_CODES[row.status])
        membership.full_on = row.full_on
        membership.category = MemberCategory(row.form)
        person.party_member = True
    db.session.flush()


# --- documents (Hướng dẫn 36-HD/VPTW), numbered in the register of outgoing documents --------


def _issuer(org: PartyOrganisation):
    from .authority import Issuer

    return Issuer(
        code=f"party:{org.code}",
        governing_body=org.superior_committee,
        name=org.committee,
        symbol=org.symbol,
        place=org.place,
        head_post="BÍ THƯ",
        head_name="",
        head_id=None,
    )


def _header(org: PartyOrganisation, issued_on, doc_type: str = "", number: int | None = None):
    from exports.party import PartyHeader

    return PartyHeader(
        superior=org.superior_committee,
        committee=org.committee or org.name.upper(),
        place=org.place,
        issued_on=issued_on,
        number=number,
        doc_type=doc_type,
        symbol=org.symbol,
    )


BASIS = (
    "Căn cứ Quy định số 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị về kiểm điểm và đánh giá, "
    "xếp loại chất lượng đối với tập thể, cá nhân trong hệ thống chính trị;",
    "Căn cứ Hướng dẫn số 43-HD/BTCTW ngày 31/10/2025 của Ban Tổ chức Trung ương;",
)


def results_document(party_round: PartyRound, doc_type: str, user: User):
    """The results notice (TB) or the committee's decision (QĐ): every member decided first; the
    number comes from the register of outgoing documents (the same document keeps its number)."""
    from exports.party import MemberLine, ResultsDoc

    from . import register

    org = party_round.organisation
    if not (can_decide(user, org) or (is_hr(user) and user.agency_id == org.agency_id)):
        raise ValidationError(("", _("Bạn không có quyền ban hành văn bản của cấp ủy.")))
    rows = board(party_round)
    if not rows or any(r.review.level is None for r in rows):
        raise ValidationError(("", _("Cấp ủy chưa quyết định mức của mọi đảng viên.")))
    today = vn_today()
    document = register.issue(
        org.agency_id,
        _issuer(org),
        doc_type,
        f"party_{doc_type}:{party_round.id}",
        today,
        subject=f"Xếp loại chất lượng đảng viên năm {party_round.year}",
    )
    members = tuple(
        MemberLine(
            r.review.staff.full_name, r.review.cell.name, r.state.level or "", r.review.level.value
        )
        for r in rows
    )
    return ResultsDoc(
        header=_header(org, document.issued_on, doc_type, document.number),
        organisation=org.name,
        year=party_round.year,
        members=members,
        basis=BASIS,
    )


def review_document(party_round: PartyRound, review: PartyMemberReview, user: User):
    """A member's review form filled (Mẫu 2A/2B/2C): the member, their cell's secretary, the
    committee and HR may print it."""
    from exports.party import FORM_TITLES, ReviewFormDoc

    from . import party_items

    org = party_round.organisation
    allowed = (
        user.staff_id == review.staff_id
        or can_record_cell(user, review.cell)
        or can_decide(user, org)
        or (is_hr(user) and user.agency_id == org.agency_id)
    )
    if not allowed or not user.is_enabled:
        raise ValidationError(("", _("Bạn không có quyền xem bản kiểm điểm này.")))
    membership = membership_of(review.staff_id)
    state = state_results(org.agency_id, party_round.year, [review.staff_id])[review.staff_id]

    def score(value) -> str:
        return "" if value is None else f"{float(value):g}".replace(".", ",")

    total = (
        None
        if review.general_score is None or review.task_score is None
        else float(review.general_score) + float(review.task_score)
    )
    items = tuple(
        (f"{n}. {item.label}", review.items.get(item.key, ""))
        for n, item in enumerate(
            party_items.items_for(org, party_round.year, review.category.value), start=1
        )
    )
    header = _header(org, local_date(review.submitted_at))
    header = type(header)(
        superior=org.committee or org.name.upper(),
        committee=review.cell.name.upper(),
        place=org.place,
        issued_on=header.issued_on,
    )
    return ReviewFormDoc(
        header=header,
        form=review.category.value,
        form_title=FORM_TITLES[review.category.value],
        year=party_round.year,
        full_name=review.staff.full_name,
        joined_on=membership.joined_on if membership else None,
        post=review.staff.title,
        cell=review.cell.name,
        items=items,
        general_score=score(review.general_score),
        task_score=score(review.task_score),
        total=score(total),
        self_level=review.self_level.value if review.self_level else "",
        state_level=state.level or "",
        cell_comment=review.cell_comment,
        cell_level=review.cell_level.value if review.cell_level else "",
        level=review.level.value if review.level else "",
    )


def _signing_body(org: PartyOrganisation) -> str:
    """ "T/M ĐẢNG ỦY" for a grassroots đảng bộ, "T/M CHI BỘ" for a grassroots chi bộ."""
    return "T/M ĐẢNG ỦY" if org.kind == PartyOrgKind.DANG_BO_CO_SO else "T/M CHI BỘ"


def _party_comment_ref(comment: PartyComment) -> str:
    return f"party_comment:{comment.id}"


def _organisation_for_comment(agency_id: int) -> PartyOrganisation:
    org = organisation_of(agency_id)
    if org is None:
        raise ValidationError(
            (
                "",
                _(
                    "Cơ quan chưa khai báo tổ chức đảng (tên cấp ủy, ký hiệu, địa danh) nên chưa "
                    "lập được văn bản nhận xét của cấp ủy."
                ),
            )
        )
    return org


def party_comment_issued(comment: PartyComment) -> bool:
    from . import register

    return register.find(comment.agency_id, _party_comment_ref(comment)) is not None


def issue_party_comment(comment: PartyComment):
    """Number the committee's final, signed comments in the Party organisation's own register
    (issuer "party:<code>", type NX: "Số 03-NX/ĐU"), apart from the agency's; once only."""
    from . import register

    org = _organisation_for_comment(comment.agency_id)
    return register.issue(
        comment.agency_id,
        _issuer(org),
        "NX",
        _party_comment_ref(comment),
        vn_today(),
        subject=f"Nhận xét, đánh giá đối với đồng chí {comment.staff.full_name}",
        signer_name=comment.signer_name,
    )


def party_comment_document(comment: PartyComment):
    """The committee's written comments about one head or deputy (Decree 335 Art 21.1(c),
    21.2(c); Decree 233 Art 15.2(c); docs/rules/rules.md §5.1): numbered once issued, else a
    draft without number or date. Who may read it is checked by the view
    (permissions/reviews.can_read_party_comment)."""
    from exports.party import PartyCommentDoc

    from . import register
    from .authority import authority_for

    org = _organisation_for_comment(comment.agency_id)
    issued = register.find(comment.agency_id, _party_comment_ref(comment))
    staff = comment.staff
    cycle = db.session.get(Cycle, comment.cycle_id)
    authority = authority_for(cycle, staff) if cycle is not None else None
    party_body = "Ban Chấp hành" if org.kind == PartyOrgKind.DANG_BO_CO_SO else "Chi ủy"
    recipients = []
    if authority is not None and authority.post:
        recipients.append(
            f"- {authority.post.capitalize()} {authority.body} (để xem xét, quyết định),"
        )
    recipients += [
        f"- Đồng chí {staff.full_name},",
        "- Bộ phận tổ chức cán bộ (lưu hồ sơ),",
        "- Lưu Văn phòng Đảng ủy." if org.kind == PartyOrgKind.DANG_BO_CO_SO else "- Lưu Chi bộ.",
    ]
    return PartyCommentDoc(
        header=_header(
            org,
            issued.issued_on if issued else None,
            "NX" if issued else "",
            issued.number if issued else None,
        ),
        draft=issued is None,
        committee=f"{party_body} {org.name}",
        full_name=staff.full_name,
        post=staff.title,
        unit=staff.unit.name if staff.unit else "",
        year=cycle.year if cycle is not None else 0,
        comment=comment.text,
        signer_post=_signing_body(org),
        signer_title=(comment.signer_post or "Bí thư").upper(),
        signer_name=comment.signer_name,
        recipients=tuple(recipients),
    )


# Mẫu 01's conditions as printed (documents are always in Vietnamese).
CONDITION_LABELS = {
    "tasks_done_pct": "Tỷ lệ nhiệm vụ hoàn thành (%)",
    "on_time_quality": "Hoàn thành nhiệm vụ đúng hạn, bảo đảm chất lượng, hiệu quả",
    "exceeded_pct": "Tỷ lệ nhiệm vụ vượt mức (%)",
    "behind_pct": "Tỷ lệ nhiệm vụ chậm tiến độ (%)",
    "remedied": "Khắc phục 100% hạn chế, khuyết điểm đã được chỉ ra",
    "disciplined": "Có đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật",
    "khtnv_case": "Thuộc trường hợp “Không hoàn thành nhiệm vụ” (QĐ 366 Điều 11 khoản 4)",
}


def _answer(value: Any) -> str:
    if value is None:
        return "……"
    if isinstance(value, bool):
        return "Có" if value else "Không"
    return f"{float(value):g}".replace(".", ",")


def collective_document(party_round: PartyRound, review: PartyOrgReview, user: User):
    """A collective's Mẫu 01 report filled: its cell's secretary, the committee and HR print it.
    A cell's report carries the organisation's committee and the cell; the organisation's own
    carries its superior committee and its committee (no number: a report, not a decision)."""
    from exports.party import CollectiveFormDoc, PartyHeader

    org = party_round.organisation
    allowed = (
        (review.cell is not None and can_record_cell(user, review.cell))
        or can_decide(user, org)
        or (is_hr(user) and user.agency_id == org.agency_id and user.is_enabled)
    )
    if not allowed:
        raise ValidationError(("", _("Bạn không có quyền xem báo cáo kiểm điểm này.")))
    committee = org.committee or org.name.upper()
    if review.cell is not None:
        superior, issuer, name = committee, review.cell.name.upper(), review.cell.name
        decided_by, signer = f"Ban Chấp hành {org.name}", "T/M CHI BỘ"
    else:
        superior, issuer, name = org.superior_committee, committee, org.name
        decided_by, signer = "Cấp ủy cấp trên", _signing_body(org)
    issued = local_date(review.updated_at)
    return CollectiveFormDoc(
        header=PartyHeader(superior=superior, committee=issuer, place=org.place, issued_on=issued),
        title=f"BÁO CÁO KIỂM ĐIỂM TẬP THỂ {name.upper()}",
        year=party_round.year,
        report=review.report,
        score=_answer(review.score),
        conditions=tuple(
            (label, _answer((review.facts or {}).get(key)))
            for key, label in CONDITION_LABELS.items()
        ),
        self_level=review.self_level.value if review.self_level else "",
        reasons=tuple(r["message"] for r in review.reasons or []),
        level=review.level.value if review.level else "",
        decided_by=decided_by,
        signer_post=signer,
    )
