"""Turn rows into the engine's person input (docs/rules/scoring-api.md) — the one place that does
it."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import select

from ..extensions import db, id_in
from ..models import Cycle, Discipline, Position, Staff, StaffYearRecord, Unit, UnitKind
from .assessments import annual_facts


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def people_inputs(
    cycle: Cycle,
    staff: list[Staff],
    unit_levels: dict[int, str] | None = None,
) -> list[dict]:
    """One engine person dict per staff member: HR-kept facts + their own assessment."""
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
    facts = annual_facts(cycle, ids)
    unit_levels = unit_levels or {}
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
            "unit_has_regulation": _has_regulation(unit, units),
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
            item["score"] = _number(own["score"])
        elif own.get("period_scores"):
            item["period_scores"] = [_number(v) for v in own["period_scores"]]
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


def _has_regulation(unit: Unit | None, units: dict[int, Unit]) -> bool:
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
