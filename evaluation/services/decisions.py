"""The competent person's decisions on individual levels (docs/rules/rules.md §4, §5;
docs/rules/decisions.md).

- The engine classifies the WHOLE agency's staff in one batch (the quota scope is the agency
  and each similar-task group); a person whose inputs are incomplete is left out of the batch
  with the engine's messages, so one missing form never hides everyone's proposal.
- A decision is a new row; deciding again (before approval) or re-classifying (after) writes
  a new row that replaces the current one (replaces_id; the old row's status becomes
  "replaced" through workflow.transition): nothing is overwritten. Each row carries a
  version the form must echo.
- Every writer takes the cycle row lock first and re-counts HTXS inside it, so two heads
  approving at the same moment can never push the agency or a task group above its cap.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select

import labels
from scoring.quota import caps
from scoring.vocabulary import RANK

from ..extensions import db, id_in
from ..messages import missing_input
from ..models import (
    Cycle,
    CycleStatus,
    Decision,
    DecisionStatus,
    Level,
    PartyComment,
    Position,
    QuotaBase,
    Staff,
    Unit,
    UnitApproval,
    UnitKind,
    User,
)
from ..permissions.decisions import can_approve_unit, can_decide_for
from ..text import vn_sort_key
from ..workflow import transition
from . import ValidationError, engine_input
from .audit import record, snapshot
from .engine_input import annual_facts, unit_levels
from .meetings import party_comments
from .reviews import PeerTally, peer_tallies

AUDITED = ("level", "proposed_level", "eligible_level", "reason", "status", "version")
# Organisations the system classifies (docs/rules/rules.md §7): Decree 233 public service units
# and their constituent units, Decree 335 organisations (departments of a state administrative
# agency; the agency itself through its leadership unit, see unit_evaluations.agency_unit).
EVALUATED_KINDS = (UnitKind.PUBLIC_SERVICE, UnitKind.CONSTITUENT, UnitKind.DEPARTMENT)
# Decree 233 Art 15.1: a public service unit's people are approved after the unit's level.
GATED_KINDS = (UnitKind.PUBLIC_SERVICE, UnitKind.CONSTITUENT)
HEAD_CAP_ARTICLES = {
    UnitKind.PUBLIC_SERVICE: "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 7",
    UnitKind.CONSTITUENT: "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 7",
    UnitKind.DEPARTMENT: "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6",
}

# Field names of the engine's input, as the head reads them next to the engine's message.


# --- the engine over the agency -----------------------------------------------------------


@dataclass
class Classification:
    """The engine's answer for one agency and cycle."""

    results: dict[int, dict] = field(default_factory=dict)  # staff id -> engine person output
    excluded: dict[int, list[str]] = field(default_factory=dict)  # staff id -> why left out
    quotas: list[dict] = field(default_factory=list)
    staff: dict[int, Staff] = field(default_factory=dict)
    pending: Counter[str] = field(default_factory=Counter)  # scope -> people without data

    def needs_level(self, staff_id: int) -> bool:
        """Does this person need a decision? (not when the engine says outside the scope)"""
        if staff_id in self.excluded:
            return True
        result = self.results.get(staff_id)
        return bool(result and result["classified"])

    def proposal(self, staff_id: int) -> str | None:
        result = self.results.get(staff_id)
        return result["level"] if result else None


def year_staff(cycle: Cycle) -> list[Staff]:
    """Everyone on the agency's books at some point of the cycle's year."""
    first, last = date(cycle.year, 1, 1), date(cycle.year, 12, 31)
    return list(
        db.session.scalars(
            select(Staff)
            .where(
                Staff.agency_id == cycle.agency_id,
                or_(Staff.start_date.is_(None), Staff.start_date <= last),
                or_(Staff.end_date.is_(None), Staff.end_date >= first),
            )
            .order_by(Staff.id)
        )
    )


def classify_agency(cycle: Cycle) -> Classification:
    """Classify every person of the agency together, from the submitted facts and the manager's
    scores (services/engine_input.py); people with bad inputs are excluded."""
    staff = year_staff(cycle)
    out = Classification(staff={s.id: s for s in staff})
    answer = engine_input.classify(cycle, staff)
    # Why a person has no proposal, as a sentence from the catalogue (the engine's message
    # names its regime codes and input fields: for the log, not for people).
    out.excluded = {
        staff_id: [missing_input(problem.field) for problem in problems]
        for staff_id, problems in answer.refused.items()
    }
    if answer.results:
        out.results = answer.results
        out.quotas = answer.quotas
        settle_quota(cycle, out)
    return out


# --- the ranking board -------------------------------------------------------------------


@dataclass
class BoardRow:
    staff: Staff
    facts: dict | None
    tally: PeerTally | None
    result: dict | None
    excluded: list[str] | None
    decision: Decision | None
    needs_level: bool
    head_cap: str | None = None  # the head's cap by their organisation's level, or the wait
    party_comment: PartyComment | None = None  # heads and deputies: the committee's opinion

    @property
    def version(self) -> int:
        return self.decision.version if self.decision else 0

    @property
    def proposal(self) -> str | None:
        return self.result["level"] if self.result else None

    @property
    def flagged(self) -> bool:
        return bool(self.excluded) or bool(self.result and self.result["needs_decision"])

    @property
    def differs(self) -> bool:
        # Without a proposal (missing facts) every row would "differ": only real overrides.
        return bool(
            self.proposal
            and self.decision
            and self.decision.level
            and self.decision.level.value != self.proposal
        )


@dataclass
class QuotaMeter:
    scope: str
    label: str
    rate: int
    base: int
    cap_b: int  # reading B: HTT or above
    cap_l: int  # reading L: literal HTT only
    cap: int  # the one the agency uses
    candidates: int
    selected: int  # by the system's proposal
    decided: int  # HTXS decisions already made
    pending: int = 0  # counted in the base at the expected level: no data yet
    reading: str = "htt_or_above"
    # The check on decisions counts people at their decided levels: its base and cap.
    decided_base: int = 0
    decided_cap: int = 0

    @property
    def arithmetic(self) -> str:
        """The cap written out: '⌊20% × 23⌋ = 4' (or '⌊20% × 23 ÷ 120%⌋ = 3', HTT only)."""
        return self._written(self.base, self.cap)

    @property
    def decided_arithmetic(self) -> str:
        return self._written(self.decided_base, self.decided_cap)

    def _written(self, base: int, cap: int) -> str:
        if self.reading == "htt_or_above":
            return f"⌊{self.rate}% × {base}⌋ = {cap}"
        return f"⌊{self.rate}% × {base} ÷ {100 + self.rate}%⌋ = {cap}"


@dataclass
class Board:
    cycle: Cycle
    unit: Unit
    groups: list[tuple[str, list[BoardRow]]]
    meters: list[QuotaMeter]
    approval: UnitApproval | None
    unit_gate: str | None  # why approval must wait for the unit's own level, if it must
    classification: Classification

    @property
    def rows(self) -> list[BoardRow]:
        return [row for _g, rows in self.groups for row in rows]

    @property
    def undecided(self) -> list[BoardRow]:
        return [r for r in self.rows if r.needs_level and r.decision is None]


def current_decisions(cycle: Cycle, staff_ids: list[int] | None = None) -> dict[int, Decision]:
    query = select(Decision).where(Decision.cycle_id == cycle.id, Decision.current)
    if staff_ids is not None:
        query = query.where(id_in(Decision.staff_id, staff_ids))
    return {d.staff_id: d for d in db.session.scalars(query)}


def approval_of(cycle: Cycle, unit_id: int) -> UnitApproval | None:
    return db.session.scalars(
        select(UnitApproval).where(
            UnitApproval.cycle_id == cycle.id, UnitApproval.unit_id == unit_id
        )
    ).first()


def unit_members(cycle: Cycle, unit: Unit, classification: Classification) -> list[Staff]:
    return sorted(
        (s for s in classification.staff.values() if s.unit_id == unit.id),
        key=lambda s: (s.task_group, _position_rank(s), vn_sort_key(s.full_name), s.id),
    )


def _position_rank(staff: Staff) -> int:
    return {Position.UNIT_HEAD: 0, Position.MANAGER: 1}.get(staff.position, 2)


def ranking_board(cycle: Cycle, unit: Unit) -> Board:
    classification = classify_agency(cycle)
    members = unit_members(cycle, unit, classification)
    ids = [s.id for s in members]
    facts = annual_facts(cycle, ids)
    tallies = peer_tallies(cycle, ids)
    decisions = current_decisions(cycle, ids)
    party = party_comments(cycle, ids)  # the authority weighs them (Decree 335 Art 21.1(c))
    groups: dict[str, list[BoardRow]] = {}
    levels = unit_levels(cycle)
    for person in members:
        groups.setdefault(person.task_group or "", []).append(
            BoardRow(
                staff=person,
                facts=facts.get(person.id),
                tally=tallies.get(person.id),
                result=classification.results.get(person.id),
                excluded=classification.excluded.get(person.id),
                decision=decisions.get(person.id),
                needs_level=classification.needs_level(person.id),
                head_cap=head_cap_note(cycle, person, levels),
                party_comment=party.get(person.id),
            )
        )
    task_groups = {s.task_group or "" for s in members}
    return Board(
        cycle=cycle,
        unit=unit,
        groups=sorted(groups.items()),
        meters=quota_meters(cycle, classification, task_groups),
        approval=approval_of(cycle, unit.id),
        unit_gate=unit_gate(cycle, unit),
        classification=classification,
    )


# --- quota ------------------------------------------------------------------------------


def _rate(cycle: Cycle) -> int:
    """20 %; 25 % for an outstanding organisation from 2026 only (D335 Art 20.5(b), D233 Art
    12.6(b); docs/rules/verification.md row 21)."""
    return 25 if cycle.outstanding_unit and cycle.year >= 2026 else 20


def quota_scopes(cycle: Cycle, person: Staff) -> tuple[str, str]:
    """The two quota scopes that count this person: the agency and their similar-task group.
    From 2026 each decree counts its own group (D335 Art 20.5(a) công chức, D233 Art 12.6(a)
    viên chức; cán bộ apart), so the scopes carry the group: "cong_chuc/agency"."""
    scopes = ("agency", f"task_group:{person.task_group or ''}")
    if cycle.year < 2026:
        return scopes
    return (f"{person.group.value}/{scopes[0]}", f"{person.group.value}/{scopes[1]}")


def _engine_scope(q: dict) -> str:
    return f"{q['group']}/{q['scope']}" if q.get("group") else q["scope"]


def _decided_levels(cycle: Cycle) -> dict[int, str]:
    """Fresh from the database (plain columns: no stale identity-map values under the lock)."""
    return {
        staff_id: level.value
        for staff_id, level in db.session.execute(
            select(Decision.staff_id, Decision.level).where(
                Decision.cycle_id == cycle.id,
                Decision.current,
                Decision.level.is_not(None),
            )
        )
    }


def _scope_counts(
    cycle: Cycle,
    classification: Classification,
    changes: dict[int, str] | None = None,
    *,
    decisions: bool = True,
) -> dict[str, tuple[int, int]]:
    """scope -> (base, HTXS decided). The base counts everyone who will be classified in the
    scope: at their decided level, at the engine's proposal while undecided, and at the expected
    level (EXPECTED_LEVEL) while they have no data yet, so the cap does not depend on the order
    in which units finish. With decisions (the check on decisions) the cap follows them as they
    are made; without (the proposal and its meter) it rests on the facts alone, so deciding one
    person never moves another's proposal."""
    decided = _decided_levels(cycle) if decisions else {}
    decided.update(changes or {})
    base: Counter[str] = Counter()
    excellent: Counter[str] = Counter()
    for staff_id, person in classification.staff.items():
        if not classification.needs_level(staff_id):
            continue
        level = decided.get(staff_id) or classification.proposal(staff_id)
        if level is None and staff_id in classification.excluded:
            level = EXPECTED_LEVEL  # no data yet: counted as expected, the meter says how many
        for scope in quota_scopes(cycle, person):
            if level in ("HTXS", "HTT"):
                base[scope] += 1
            if decided.get(staff_id) == "HTXS":
                excellent[scope] += 1
    return {scope: (base[scope], excellent[scope]) for scope in set(base) | set(excellent)}


# Who has no data yet is expected to be classified at least "Hoàn thành tốt nhiệm vụ": the usual
# level, and the one that keeps a unit finishing first from being refused an HTXS it will be
# entitled to once everyone is in (the board lists how many are counted this way).
EXPECTED_LEVEL = "HTT"
QUOTA_REASONS = frozenset({"within_quota", "over_quota", "quota_tie"})


def settle_quota(cycle: Cycle, classification: Classification) -> None:
    """The HTXS quota, once, over everyone who will be classified (the base of _scope_counts,
    on the facts): the proposal and the meters both read this allocation, so they cannot
    disagree. Highest scores first; a tie at the cut line goes to the competent person
    (scoring.quota.allocate)."""
    from scoring.engine import pool_of, scope_vi
    from scoring.quota import allocate
    from scoring.reasons import make

    counts = _scope_counts(cycle, classification, decisions=False)
    pools: dict[str, dict[str, list]] = {}
    articles: dict[str, set[str]] = {}
    candidates: dict[int, dict] = {}
    for staff_id, result in classification.results.items():
        quota_reasons = [r for r in result.get("reasons") or [] if r["code"] in QUOTA_REASONS]
        if result.get("eligible_level") != "HTXS" or not quota_reasons:
            continue
        person = classification.staff[staff_id]
        pool = pool_of(person.group.value, cycle.year)
        score = result.get("score")
        key = -round(score * 100) if score is not None else 100  # highest first, no score last
        pools.setdefault(pool, {}).setdefault(person.task_group or "", []).append(
            (key, str(staff_id))
        )
        articles.setdefault(pool, set()).add(quota_reasons[0]["article"])
        candidates[staff_id] = result
    for staff_id, person in classification.staff.items():
        if staff_id in classification.excluded:
            for scope in quota_scopes(cycle, person):
                classification.pending[scope] += 1
    if not candidates and not classification.quotas:
        return
    reading = cycle.quota_base.value
    rate = str(_rate(cycle))
    quotas: list[dict] = []
    allocations = {}
    pool_names = sorted(set(pools) | {q.get("group", "") for q in classification.quotas})
    for pool in pool_names:
        prefix = f"{pool}/" if pool else ""
        mine = pools.get(pool, {})
        names = {
            scope.split(":", 1)[1] for scope in counts if scope.startswith(f"{prefix}task_group:")
        } | set(mine)
        groups = {
            name: (counts.get(f"{prefix}task_group:{name}", (0, 0))[0], mine.get(name, []))
            for name in names
        }
        article = "; ".join(sorted(articles.get(pool, ()))) or next(
            (q.get("article", "") for q in classification.quotas if q.get("group", "") == pool), ""
        )
        alloc = allocations[pool] = allocate(groups, _rate(cycle), reading, article)
        for q in alloc.quotas:
            quotas.append(
                {
                    "scope": q.scope,
                    "rate": float(q.rate),
                    "base": q.base,
                    "cap": q.cap,
                    "candidates": q.candidates,
                    "selected": list(q.selected),
                    "reading": q.reading,
                    "cap_other_reading": q.cap_other_reading,
                    "tied": list(q.tied),
                    "open_slots": q.open_slots,
                    "article": q.article,
                    "group": pool,
                }
            )
    classification.quotas = quotas
    for staff_id, result in candidates.items():
        person = classification.staff[staff_id]
        pool = pool_of(person.group.value, cycle.year)
        alloc = allocations[pool]
        pid = str(staff_id)
        article = next(r["article"] for r in result["reasons"] if r["code"] in QUOTA_REASONS)
        kept = [r for r in result["reasons"] if r["code"] not in QUOTA_REASONS]
        if pid in alloc.selected:
            level, needs = "HTXS", result["needs_decision"]
            reason = make("within_quota", article, rate=rate)
        elif pid in alloc.tied:
            level, needs = "HTT", True
            reason = make("quota_tie", article, scope=scope_vi(alloc.tied[pid], pool))
        else:
            level, needs = "HTT", result["needs_decision"]
            scope = scope_vi(alloc.over.get(pid, "agency"), pool)
            reason = make("over_quota", article, scope=scope, rate=rate)
        result["level"] = level
        result["needs_decision"] = needs
        result["reasons"] = [
            *kept,
            {"code": reason.code, "article": reason.article, "message": reason.message},
        ]


def _cap(cycle: Cycle, base: int) -> tuple[int, int, int]:
    cap_b, cap_l = caps(base, _rate(cycle))
    return (cap_b if cycle.quota_base == QuotaBase.HTT_OR_ABOVE else cap_l), cap_b, cap_l


def scope_label(scope: str) -> str:
    group, _sep, scope = scope.rpartition("/")
    if scope == "agency":
        label = _("Toàn cơ quan")
    else:
        label = _("Nhóm nhiệm vụ “%(name)s”", name=scope.split(":", 1)[1] or _("chung"))
    if group:
        return f"{label} – {labels.label(labels.GROUPS, group)}"
    return label


def quota_meters(
    cycle: Cycle, classification: Classification, task_groups: set[str] | None = None
) -> list[QuotaMeter]:
    facts = _scope_counts(cycle, classification, decisions=False)
    counts = _scope_counts(cycle, classification)
    engine = {_engine_scope(q): q for q in classification.quotas}
    scopes = ["agency"] + sorted(
        f"task_group:{name}" for name in (task_groups if task_groups is not None else [])
    )
    if cycle.year >= 2026:  # one set of meters per group present (D335 20.5(a), D233 12.6(a))
        groups = sorted(
            {p.group.value for p in classification.staff.values()}
            & {"can_bo", "cong_chuc", "vien_chuc"}
        )
        scopes = [f"{g}/{s}" for g in groups for s in scopes]
    meters = []
    for scope in scopes:
        base = facts.get(scope, (0, 0))[0]
        cap, cap_b, cap_l = _cap(cycle, base)
        decided_base, decided = counts.get(scope, (0, 0))
        q = engine.get(scope, {})
        meters.append(
            QuotaMeter(
                scope=scope,
                label=scope_label(scope),
                rate=_rate(cycle),
                base=base,
                cap_b=cap_b,
                cap_l=cap_l,
                cap=cap,
                candidates=q.get("candidates", 0),
                selected=len(q.get("selected", [])),
                decided=decided,
                pending=classification.pending.get(scope, 0),
                reading=cycle.quota_base.value,
                decided_base=decided_base,
                decided_cap=_cap(cycle, decided_base)[0],
            )
        )
    return meters


def quota_errors(
    cycle: Cycle,
    classification: Classification,
    changes: dict[int, str] | None = None,
    scopes: set[str] | None = None,
) -> list[tuple[str, str]]:
    """Every scope whose HTXS count would exceed its cap (call it under the cycle lock)."""
    errors = []
    for scope, (base, excellent) in sorted(_scope_counts(cycle, classification, changes).items()):
        if scopes is not None and scope not in scopes:
            continue
        cap, _b, _l = _cap(cycle, base)
        if excellent > cap:
            errors.append(
                (
                    "level",
                    _(
                        "Vượt chỉ tiêu “Hoàn thành xuất sắc nhiệm vụ” (%(scope)s): %(n)s người "
                        "trong khi tối đa là %(cap)s (⌊%(rate)s%% × %(base)s⌋).",
                        scope=scope_label(scope),
                        n=excellent,
                        cap=cap,
                        rate=_rate(cycle),
                        base=base,
                    ),
                )
            )
    return errors


# --- locking and checks ------------------------------------------------------------------


def lock_cycle(cycle: Cycle) -> None:
    """Serialise every writer of this cycle's levels (PostgreSQL: row lock until commit;
    SQLite serialises writers anyway). Taken FIRST, before any audit row, so the lock order
    is always cycle row -> audit chain."""
    db.session.execute(select(Cycle.id).where(Cycle.id == cycle.id).with_for_update())


def _fresh_current(cycle: Cycle, staff_id: int) -> Decision | None:
    return db.session.scalars(
        select(Decision)
        .where(
            Decision.cycle_id == cycle.id,
            Decision.staff_id == staff_id,
            Decision.current,
        )
        .execution_options(populate_existing=True)
    ).first()


def _stale_message() -> str:
    return _(
        "Người khác vừa thay đổi quyết định của người này trong lúc bạn sửa. "
        "Nội dung bạn nhập vẫn được giữ lại; hãy xem mức hiện tại rồi lưu lại."
    )


def evaluated_unit_of(unit: Unit | None) -> Unit | None:
    """The collective whose level must be decided before this unit's people are approved:
    the unit itself or its nearest ancestor that is a public service or constituent unit."""
    while unit is not None:
        if unit.kind in GATED_KINDS:
            return unit
        unit = unit.parent
    return None


def unit_gate(cycle: Cycle, unit: Unit) -> str | None:
    collective = evaluated_unit_of(unit)
    if collective is None or collective.id in unit_levels(cycle):
        return None
    return _(
        "Đơn vị “%(name)s” chưa được xếp loại: chỉ phê duyệt cá nhân sau khi đơn vị đã được "
        "xếp loại (Nghị định 233/2026/NĐ-CP, Điều 15 khoản 1).",
        name=collective.name,
    )


def headed_organisation(cycle: Cycle, staff: Staff) -> Unit | None:
    """The organisation whose recognised level caps this person (Decree 335 Art 20.6, Decree
    233 Art 12.7): the unit they head, when the system classifies it."""
    from .unit_evaluations import is_evaluated

    unit = staff.unit
    if unit is None or unit.head_id != staff.id or not is_evaluated(unit):
        return None
    if unit.kind == UnitKind.CONSTITUENT and cycle.head_cap_scope.value != "all_unit_heads":
        return None
    return unit


def head_cap_note(cycle: Cycle, staff: Staff, levels: dict[int, str] | None = None) -> str | None:
    """What the board says about a head: the cap and its article, or that the decision waits for
    the organisation's recognised level."""
    unit = headed_organisation(cycle, staff)
    if unit is None:
        return None
    unit_level = (unit_levels(cycle) if levels is None else levels).get(unit.id)
    if unit_level is None:
        return _(
            "Chờ công nhận mức của tổ chức “%(name)s”: mức của người đứng đầu không được cao "
            "hơn mức của tổ chức mình đứng đầu (%(article)s), nên quyết định sau khi tổ chức "
            "được xếp loại.",
            name=unit.name,
            article=HEAD_CAP_ARTICLES[unit.kind],
        )
    return _(
        "Tổ chức “%(name)s” được xếp loại “%(level)s”: mức của người đứng đầu không cao hơn "
        "mức này (%(article)s).",
        name=unit.name,
        level=unit_level,
        article=HEAD_CAP_ARTICLES[unit.kind],
    )


def _head_cap(cycle: Cycle, staff: Staff, level: str) -> str | None:
    """Decree 335 Art 20.6, Decree 233 Art 12.7 (A8): a head's level is not above their
    organisation's recognised level; without it the decision waits."""
    unit = headed_organisation(cycle, staff)
    if unit is None:
        return None
    unit_level = unit_levels(cycle).get(unit.id)
    if unit_level is None:
        return _(
            "Đơn vị “%(name)s” chưa được xếp loại: mức của người đứng đầu không được cao hơn "
            "mức của đơn vị, nên cần xếp loại đơn vị trước.",
            name=unit.name,
        )
    if RANK[level] > RANK[unit_level]:
        return _(
            "Mức của người đứng đầu không được cao hơn mức của đơn vị (%(level)s) (%(article)s).",
            level=unit_level,
            article=HEAD_CAP_ARTICLES[unit.kind],
        )
    return None


def _level_errors(
    cycle: Cycle,
    staff: Staff,
    level: str,
    reason: str,
    classification: Classification,
    *,
    reason_always: bool = False,
) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if level not in RANK:
        return [("level", _("Hãy chọn một mức xếp loại."))]
    result = classification.results.get(staff.id)
    if result is not None and not result["classified"]:
        return [("level", _("Người này không thuộc diện xếp loại trong năm (xem lý do)."))]
    proposal = result["level"] if result else None
    if reason_always and not reason:
        errors.append(("reason", _("Xếp loại lại phải ghi rõ lý do.")))
    elif level != proposal and not reason:
        errors.append(
            (
                "reason",
                _("Mức quyết định khác mức đề xuất: hãy ghi rõ lý do.")
                if proposal
                else _(
                    "Chưa có mức đề xuất (thiếu dữ liệu đánh giá): hãy ghi rõ căn cứ quyết định."
                ),
            )
        )
    eligible = result["eligible_level"] if result else None
    if eligible and not result["needs_decision"] and RANK[level] > RANK[eligible]:
        errors.append(
            (
                "level",
                _(
                    "Mức %(level)s cao hơn mức người này đủ điều kiện theo tiêu chí "
                    "(%(eligible)s); hãy điều chỉnh dữ liệu đánh giá nếu dữ liệu chưa đúng.",
                    level=level,
                    eligible=eligible,
                ),
            )
        )
    cap = _head_cap(cycle, staff, level)
    if cap:
        errors.append(("level", cap))
    return errors


def _classify_for(
    cycle: Cycle, staff: Staff, level: str, reason: str, *, reason_always: bool = False
) -> Classification:
    """The agency's classification, once the level chosen for staff passed the engine's
    eligible level, the head cap and (for HTXS) the quota; raises ValidationError otherwise."""
    classification = classify_agency(cycle)
    errors = _level_errors(cycle, staff, level, reason, classification, reason_always=reason_always)
    if not errors and level == "HTXS":
        errors = quota_errors(
            cycle, classification, {staff.id: level}, set(quota_scopes(cycle, staff))
        )
    if errors:
        raise ValidationError(errors)
    return classification


def _level_or_none(code: str | None) -> Level | None:
    return Level(code) if code else None


def _write(
    cycle: Cycle,
    staff: Staff,
    level: str,
    reason: str,
    user: User | None,
    classification: Classification,
    previous: Decision | None,
    *,
    approved: bool,
    action: str,
) -> Decision:
    result = classification.results.get(staff.id) or {}
    if previous is not None:
        # The new row's audit entry records the one it replaces (before / replaces_id).
        transition(previous, "decision", "replaced", agency_id=cycle.agency_id, audit=False)
        db.session.flush()  # the partial unique index allows one current row at a time
    decision = Decision(
        cycle_id=cycle.id,
        staff_id=staff.id,
        unit_id=staff.unit_id,
        regime=result.get("regime") or "",
        score=result.get("score"),
        eligible_level=_level_or_none(result.get("eligible_level")),
        proposed_level=_level_or_none(result.get("level")),
        level=Level(level),
        needs_decision=bool(result.get("needs_decision")) or staff.id in classification.excluded,
        engine_reasons=list(result.get("reasons") or [])
        or [
            {"code": "incomplete_input", "article": "", "message": m}
            for m in classification.excluded.get(staff.id, [])
        ],
        reason=reason,
        decided_by_id=getattr(user, "id", None),
        # A reclassification replaces an approved decision and is itself final.
        status=DecisionStatus.APPROVED if approved else DecisionStatus.DECIDED,
        replaces_id=previous.id if previous else None,
        version=(previous.version + 1) if previous else 1,
    )
    db.session.add(decision)
    db.session.flush()
    record(
        action,
        "decision",
        decision.id,
        agency_id=cycle.agency_id,
        before=snapshot(previous, AUDITED) if previous else None,
        after={
            **snapshot(decision, AUDITED),
            "staff_id": staff.id,
            "replaces_id": decision.replaces_id,
        },
        reason=reason,
        user=user,
    )
    return decision


# --- use cases ---------------------------------------------------------------------------


def decide(
    cycle: Cycle,
    staff: Staff,
    level: str,
    reason: str,
    user: User,
    expected_version: int | None = None,
) -> Decision:
    """The competent person sets (or changes, before approval) one person's level."""
    lock_cycle(cycle)
    reason = (reason or "").strip()
    level = getattr(level, "value", level) or ""
    errors: list[tuple[str, str]] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không ở trạng thái đang mở.")))
    if not can_decide_for(user, staff):
        errors.append(("", _("Bạn không có thẩm quyền quyết định mức xếp loại của người này.")))
    if approval_of(cycle, staff.unit_id) is not None:
        errors.append(
            ("", _("Đơn vị đã được phê duyệt; mọi thay đổi phải làm bằng quyết định xếp loại lại."))
        )
    previous = _fresh_current(cycle, staff.id)
    if expected_version is not None and (previous.version if previous else 0) != expected_version:
        errors.append(("version", _stale_message()))
    if errors:
        raise ValidationError(errors)
    classification = _classify_for(cycle, staff, level, reason)
    return _write(
        cycle, staff, level, reason, user, classification, previous, approved=False, action="decide"
    )


def approve_unit(cycle: Cycle, unit: Unit, user: User) -> UnitApproval:
    """Lock the unit's list: every person decided, quotas respected, the unit's own level first."""
    lock_cycle(cycle)
    errors: list[tuple[str, str]] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không ở trạng thái đang mở.")))
    if not can_approve_unit(user, unit):
        errors.append(("", _("Bạn không có thẩm quyền phê duyệt kết quả của đơn vị này.")))
    if approval_of(cycle, unit.id) is not None:
        errors.append(("", _("Kết quả của đơn vị đã được phê duyệt trước đó.")))
    gate = unit_gate(cycle, unit)
    if gate:
        errors.append(("", gate))
    if errors:
        raise ValidationError(errors)
    classification = classify_agency(cycle)
    members = [
        s for s in unit_members(cycle, unit, classification) if classification.needs_level(s.id)
    ]
    decisions = {
        d.staff_id: d
        for d in db.session.scalars(
            select(Decision)
            .where(
                Decision.cycle_id == cycle.id,
                Decision.current,
                id_in(Decision.staff_id, [s.id for s in members]),
            )
            .execution_options(populate_existing=True)
        )
    }
    missing = [s.full_name for s in members if s.id not in decisions]
    if missing:
        errors.append(
            ("", _("Còn người chưa được quyết định mức: %(names)s.", names=", ".join(missing)))
        )
    if not members:
        errors.append(("", _("Đơn vị không có người cần xếp loại.")))
    # The unit's level may have been decided (or changed) after a head's decision.
    for person in members:
        decision = decisions.get(person.id)
        if decision is not None and decision.level is not None:
            cap = _head_cap(cycle, person, decision.level.value)
            if cap:
                errors.append(("", f"{person.full_name}: {cap}"))
    # The agency and the task groups of this unit's people (a cap shared with other units).
    scopes = {scope for s in members for scope in quota_scopes(cycle, s)}
    errors.extend(quota_errors(cycle, classification, scopes=scopes))
    if errors:
        raise ValidationError(errors)
    for decision in decisions.values():
        # The unit_approval audit row below lists every decision it locks.
        transition(decision, "decision", "approved", agency_id=cycle.agency_id, audit=False)
    approval = UnitApproval(cycle_id=cycle.id, unit_id=unit.id, approved_by_id=user.id)
    db.session.add(approval)
    db.session.flush()
    # Final results go to the national database within five days (Decree 335 Art 26.1(d)).
    from .outbox import record_all_final

    record_all_final(list(decisions.values()))
    record(
        "approve",
        "unit_approval",
        approval.id,
        agency_id=cycle.agency_id,
        after={
            "unit_id": unit.id,
            "decisions": {str(d.staff_id): d.level.value for d in decisions.values()},
        },
        user=user,
    )
    return approval


def reclassify(
    decision: Decision,
    level: str,
    reason: str,
    user: User,
    expected_version: int | None = None,
) -> Decision:
    """Decree 233 Art 15.4: a new decision replacing an approved one, with its reason."""
    cycle = decision.cycle
    lock_cycle(cycle)
    reason = (reason or "").strip()
    level = getattr(level, "value", level) or ""
    errors: list[tuple[str, str]] = []
    staff = decision.staff
    if not can_decide_for(user, staff):
        errors.append(("", _("Bạn không có thẩm quyền xếp loại lại người này.")))
    fresh = _fresh_current(cycle, staff.id)
    if (
        fresh is None
        or fresh.id != decision.id
        or (expected_version is not None and fresh.version != expected_version)
    ):
        errors.append(("version", _stale_message()))
    elif not decision.approved:
        errors.append(
            ("", _("Quyết định chưa được phê duyệt: hãy sửa trực tiếp trên bảng xếp loại."))
        )
    if errors:
        raise ValidationError(errors)
    classification = _classify_for(cycle, staff, level, reason, reason_always=True)
    replacement = _write(
        cycle,
        staff,
        level,
        reason,
        user,
        classification,
        decision,
        approved=True,
        action="reclassify",
    )
    from .outbox import record_final

    record_final(replacement)  # the new final result is owed to the national database too
    return replacement


def history(decision: Decision) -> list[Decision]:
    """The chain of decisions for the person and cycle, newest first."""
    return list(
        db.session.scalars(
            select(Decision)
            .where(Decision.cycle_id == decision.cycle_id, Decision.staff_id == decision.staff_id)
            .order_by(Decision.id.desc())
        )
    )
