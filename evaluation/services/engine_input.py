"""The one seam between the database and the engine (docs/architecture.md, "Seams").

One recipe builds the engine's person input (docs/rules/scoring-api.md) for a list of people of a
cycle, with two switches: ``drafts`` (the annual form as it stands, not only once submitted) and
``self_scores`` (periods the manager has not scored yet count with the person's own submitted
score, marked provisional). The eligibility panel asks with both on; the ranking board and the
decisions with both off. ``classify()`` hands that input to the engine once, typed
(``scoring.parse_batch`` then ``scoring.classify_people``), so scores stay ``Decimal`` from the
columns to the results, and a refused person's problems come back keyed by their staff id.

This module sits below the use cases: it reads rows and speaks the engine's language, and never
imports services/assessments.py or services/decisions.py (they import it;
tests/test_architecture.py keeps it so)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select

import scoring
from scoring import InputError, periodic
from scoring.api import quota_dict

from ..extensions import db, id_in
from ..models import (
    AnnualForm,
    Cycle,
    Discipline,
    FormStatus,
    PeriodSheet,
    Position,
    SheetStatus,
    Staff,
    StaffYearRecord,
    Unit,
    UnitEvaluation,
    UnitKind,
)
from .transfers import combined, transferred

MANAGER_SCORED = (SheetStatus.SCORED, SheetStatus.CLOSED)


# --- what the person's own assessment contributes ----------------------------------------------


def annual_facts(
    cycle: Cycle, staff_ids: list[int], *, drafts: bool = False, self_scores: bool = False
) -> dict[int, dict]:
    """Per person, what their own assessment contributes to the engine's person input:
    {"score": Decimal | None, "period_scores": [Decimal, ...], "criteria": {...} | None,
     "self_level": "HTXS"|... | None, "general": Decimal | None, "task": Decimal | None,
     "provisional": bool}. People with nothing to contribute are absent from the result.

    By default only what counts for the decision: manager-scored periods and the submitted
    annual form. ``drafts``: the annual form in any status (the person's panel shows their
    draft). ``self_scores``: a submitted period the manager has not scored yet counts with the
    person's own score, and the facts say they are provisional (never for the ranking)."""
    if not staff_ids:
        return {}
    statuses = (*MANAGER_SCORED, SheetStatus.SUBMITTED) if self_scores else MANAGER_SCORED
    # Per person, the periods used: (period, general, task, total, provisional).
    used: dict[int, list[tuple[int, Decimal, Decimal, Decimal, bool]]] = defaultdict(list)
    for s in db.session.scalars(
        select(PeriodSheet).where(
            PeriodSheet.cycle_id == cycle.id,
            id_in(PeriodSheet.staff_id, staff_ids),
            PeriodSheet.status.in_(statuses),
        )
    ):
        if s.status in MANAGER_SCORED and s.manager_total is not None:
            used[s.staff_id].append(
                (s.period, s.manager_general, s.manager_task, s.manager_total, False)
            )
        elif s.status == SheetStatus.SUBMITTED and s.self_total is not None:
            used[s.staff_id].append((s.period, s.self_general, s.self_task, s.self_total, True))
    form_query = select(AnnualForm).where(
        AnnualForm.cycle_id == cycle.id, id_in(AnnualForm.staff_id, staff_ids)
    )
    if not drafts:
        form_query = form_query.where(AnnualForm.status == FormStatus.SUBMITTED)
    forms = {f.staff_id: f for f in db.session.scalars(form_query)}
    brought = transferred(cycle.year, staff_ids)  # months from a former agency (Art 19.1)
    facts: dict[int, dict] = {}
    for sid in staff_ids:
        periods = sorted(used.get(sid, []))
        form = forms.get(sid)
        moved = brought.get(sid, [])
        if not periods and not moved and form is None:
            continue
        entry: dict[str, Any] = {
            "score": None,
            "period_scores": [],
            "criteria": None,
            "self_level": None,
            "general": None,
            "task": None,
            "provisional": any(p[4] for p in periods),
        }
        if periods:
            entry["period_scores"] = [p[3] for p in periods]
            entry["score"] = periodic.annual_average(entry["period_scores"])
            entry["general"] = periodic.annual_average([p[1] for p in periods])
            entry["task"] = periodic.annual_average([p[2] for p in periods])
        if moved:
            entry.update(combined(cycle, [p[1:4] for p in periods], moved))
        if form is not None:
            entry["criteria"] = dict(form.criteria) or None
            entry["self_level"] = form.self_level.value if form.self_level else None
        facts[sid] = entry
    return facts


def unit_levels(cycle: Cycle) -> dict[int, str]:
    """Each evaluated unit's level this cycle (a head's cap, Decree 233 Art 12.7)."""
    return {
        unit_id: level.value
        for unit_id, level in db.session.execute(
            select(UnitEvaluation.unit_id, UnitEvaluation.level).where(
                UnitEvaluation.cycle_id == cycle.id, UnitEvaluation.level.is_not(None)
            )
        )
    }


# --- the engine's input --------------------------------------------------------------------


def people_inputs(
    cycle: Cycle,
    staff: list[Staff],
    unit_levels: dict[int, str] | None = None,
    *,
    drafts: bool = False,
    self_scores: bool = False,
) -> list[dict]:
    """One engine person dict per staff member: HR-kept facts + their own assessment (see
    ``annual_facts`` for the switches). Numbers stay as the columns hold them (``Decimal``)."""
    ids = [s.id for s in staff]
    return _person_dicts(cycle, staff, unit_levels or {}, _facts(cycle, ids, drafts, self_scores))


def _facts(cycle: Cycle, ids: list[int], drafts: bool, self_scores: bool) -> dict[int, dict]:
    if drafts or self_scores:
        return annual_facts(cycle, ids, drafts=drafts, self_scores=self_scores)
    return annual_facts(cycle, ids)  # the decisions' facts (tests stand in for this call)


def _person_dicts(
    cycle: Cycle, staff: list[Staff], unit_levels: dict[int, str], facts: dict[int, dict]
) -> list[dict]:
    ids = [s.id for s in staff]
    records = {
        r.staff_id: r
        for r in db.session.scalars(
            select(StaffYearRecord).where(
                id_in(StaffYearRecord.staff_id, ids), StaffYearRecord.year == cycle.year
            )
        )
    }
    sanctions: dict[int, list[Discipline]] = defaultdict(list)
    for d in db.session.scalars(select(Discipline).where(id_in(Discipline.staff_id, ids))):
        sanctions[d.staff_id].append(d)
    units = {
        u.id: u for u in db.session.scalars(select(Unit).where(Unit.agency_id == cycle.agency_id))
    }
    people = []
    for person in staff:
        record = records.get(person.id)
        unit = units.get(person.unit_id)
        own = facts.get(person.id, {})
        item = {
            "id": str(person.id),
            "group": person.group.value,
            "position": _engine_position(person, unit),
            "task_group": person.task_group or "",
            "months_worked": record.months_worked if record else 12,
            "leave": list(record.leave) if record else [],
            "unit_has_regulation": has_regulation(unit, units),
            "discipline": [
                {
                    "sanction": d.sanction,
                    "system": d.system,
                    "duty_related": d.duty_related,
                    "effective_year": d.effective_on.year,
                    "act": d.act or f"d{d.id}",
                    "counted_in_year": d.counted_in_year,
                }
                for d in sanctions.get(person.id, [])
            ],
            "degradation_finding": bool(record and record.degradation_finding),
            "corruption_in_led_unit": bool(record and record.corruption_in_led_unit),
            "corruption_self_remedied": bool(record and record.corruption_self_remedied),
        }
        if own.get("score") is not None:
            item["score"] = own["score"]
        elif own.get("period_scores"):
            item["period_scores"] = list(own["period_scores"])
        if own.get("criteria"):
            item["criteria"] = own["criteria"]
        if person.position in (Position.UNIT_HEAD, Position.MANAGER) and person.unit_id in (
            unit_levels
        ):
            item["unit_level"] = unit_levels[person.unit_id]
        people.append(item)
    return people


def _engine_position(person: Staff, unit: Unit | None) -> str:
    """The engine's `unit_head` is the head of a whole public service unit (Decree 233 Art 12.7);
    the head of a constituent unit is a `manager` there, capped only under the agency's
    `all_unit_heads` option (docs/rules/scoring-api.md)."""
    if (
        person.position == Position.UNIT_HEAD
        and unit is not None
        and unit.kind == UnitKind.CONSTITUENT
    ):
        return Position.MANAGER.value
    return person.position.value


def has_regulation(unit: Unit | None, units: dict[int, Unit]) -> bool:
    """Decree 233 Art 20.1: the regulation is the public service unit's (walk up to it)."""
    while unit is not None:
        if unit.kind == UnitKind.PUBLIC_SERVICE:
            return unit.has_regulation
        unit = units.get(unit.parent_id) if unit.parent_id else None
    return True


def batch_for(cycle: Cycle, people: list[dict]) -> dict:
    return {
        "year": cycle.year,
        "options": {
            "quota_base": cycle.quota_base.value,
            "outstanding_unit": cycle.outstanding_unit,
            "head_cap_scope": cycle.head_cap_scope.value,
            "cadre_rules": cycle.cadre_rules.value,
        },
        "people": people,
    }


# --- the engine's answer -------------------------------------------------------------------


@dataclass
class EngineAnswer:
    """The engine over a list of people: results and refusals keyed by staff id."""

    results: dict[int, dict] = field(default_factory=dict)  # the person output, score Decimal
    refused: dict[int, list[InputError]] = field(default_factory=dict)  # why left out
    quotas: list[dict] = field(default_factory=list)
    inputs: dict[int, dict] = field(default_factory=dict)  # what the engine was given
    facts: dict[int, dict] = field(default_factory=dict)  # their own assessment's part of it


def classify(
    cycle: Cycle,
    staff: list[Staff],
    *,
    drafts: bool = False,
    self_scores: bool = False,
    levels: dict[int, str] | None = None,
) -> EngineAnswer:
    """Classify these people together (one quota scope). A person whose input the engine
    refuses is left out with its problems, so one missing form never hides everyone's proposal;
    a problem of the batch itself (not one person's) is raised. ``levels``: the units' levels
    when the caller has them already (else read here)."""
    levels = unit_levels(cycle) if levels is None else levels
    facts = _facts(cycle, [s.id for s in staff], drafts, self_scores)
    people = _person_dicts(cycle, staff, levels, facts)
    answer = EngineAnswer(inputs={int(p["id"]): p for p in people}, facts=facts)
    # Every problem is found in one pass; the loop only guards against an engine that would
    # report a problem late (each round removes at least one person).
    for _round in range(len(people) + 1):
        if not people:
            return answer
        try:
            batch = scoring.parse_batch(batch_for(cycle, people))
        except scoring.BatchError as error:
            if error.batch_level:
                raise
            bad = error.by_person()
            answer.refused.update({int(pid): details for pid, details in bad.items()})
            people = [p for p in people if p["id"] not in bad]
            continue
        result = scoring.classify_people(batch)
        answer.results = {int(r.id): _result_dict(r) for r in result.people}
        answer.quotas = [quota_dict(q) for q in result.quotas]
        return answer
    return answer  # pragma: no cover - every round removes at least one person


def _result_dict(r: scoring.PersonResult) -> dict:
    """The JSON contract's person output, but the score kept as the engine's Decimal."""
    return {
        "id": r.id,
        "regime": r.regime,
        "classified": r.classified,
        "eligible_level": r.eligible_level,
        "level": r.level,
        "needs_decision": r.needs_decision,
        "score": r.score,
        "reasons": [reason.as_dict() for reason in r.reasons],
    }
