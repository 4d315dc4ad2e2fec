"""Quarterly and six-month results of a cycle (Decree 335 Art 17.3, Art 23.1-23.2): per person,
per unit, and who fell below 50 in a quarter. Read only; the arithmetic is
``scoring.periodic_results`` on the manager-scored totals (the ones the year uses)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select

from scoring.levels import LEVELS
from scoring.periodic_results import PeriodResult, summarise

from ..extensions import db, id_in
from ..models import Cycle, PeriodKind, PeriodSheet, SheetStatus, Staff, StaffGroup, Unit
from ..text import by_full_name

COUNTED = (SheetStatus.SCORED, SheetStatus.CLOSED)


def scored_totals(cycle: Cycle, staff_ids: list[int]) -> dict[int, dict[int, Decimal]]:
    """{staff id: {period: manager total}} of the periods the manager has scored."""
    totals: dict[int, dict[int, Decimal]] = defaultdict(dict)
    if not staff_ids:
        return totals
    rows = db.session.execute(
        select(PeriodSheet.staff_id, PeriodSheet.period, PeriodSheet.manager_total).where(
            PeriodSheet.cycle_id == cycle.id,
            id_in(PeriodSheet.staff_id, staff_ids),
            PeriodSheet.status.in_(COUNTED),
            PeriodSheet.manager_total.is_not(None),
        )
    )
    for staff_id, period, total in rows:
        totals[staff_id][period] = total
    return totals


def _quarterly(cycle: Cycle) -> bool:
    return cycle.period_kind == PeriodKind.QUARTER


def _band_regime(staff: Staff) -> str:
    """Whose bands cite the article: public employees Decree 233 Art 12, everyone else with a
    periodic sheet Decree 335 Art 20 (the thresholds are the same)."""
    return "D233" if staff.group == StaffGroup.VIEN_CHUC else "D335"


def person_results(cycle: Cycle, staff: Staff) -> dict:
    """The person's scored periods and every quarter and half-year with a score (their trend)."""
    totals = scored_totals(cycle, [staff.id]).get(staff.id, {})
    return {
        "periods": sorted(totals.items()),
        "results": summarise(totals, _quarterly(cycle), _band_regime(staff)),
    }


@dataclass
class UnitPeriod:
    """One unit's quarter or half-year: how many people have a result, their mean, by level."""

    kind: str
    index: int
    people: int = 0
    total: Decimal = Decimal(0)
    below_50: int = 0
    levels: dict[str, int] | None = None

    @property
    def mean(self) -> Decimal | None:
        return (self.total / self.people).quantize(Decimal("0.01")) if self.people else None


def _staff_of(cycle: Cycle, unit_ids: set[int] | None) -> list[Staff]:
    stmt = select(Staff).where(Staff.agency_id == cycle.agency_id)
    if unit_ids is not None:
        stmt = stmt.where(id_in(Staff.unit_id, sorted(unit_ids)))
    return sorted(db.session.scalars(stmt), key=by_full_name)


def all_results(
    cycle: Cycle, unit_ids: set[int] | None = None
) -> list[tuple[Staff, list[PeriodResult]]]:
    """Every person of the scope (by name) with a scored period, and their results."""
    staff = _staff_of(cycle, unit_ids)
    totals = scored_totals(cycle, [s.id for s in staff])
    quarterly = _quarterly(cycle)
    out = []
    for person in staff:
        if person.id in totals:
            out.append((person, summarise(totals[person.id], quarterly, _band_regime(person))))
    return out


def unit_summary(cycle: Cycle, unit_ids: set[int] | None = None) -> list[dict]:
    """Per unit (in the agency's order): each quarter and half-year with the number of people
    scored, their mean, how many below 50, and the spread over the level bands."""
    units = {
        u.id: u
        for u in db.session.scalars(
            select(Unit).where(Unit.agency_id == cycle.agency_id).order_by(Unit.code)
        )
        if unit_ids is None or u.id in unit_ids
    }
    table: dict[int, dict[tuple[str, int], UnitPeriod]] = {uid: {} for uid in units}
    for person, results in all_results(cycle, unit_ids):
        cells = table.get(person.unit_id)
        if cells is None:
            continue
        for r in results:
            cell = cells.setdefault(
                (r.kind, r.index), UnitPeriod(r.kind, r.index, levels=dict.fromkeys(LEVELS, 0))
            )
            cell.people += 1
            cell.total += r.score
            cell.below_50 += r.below_50
            cell.levels[r.level] += 1
    columns = [("quarter", i) for i in range(1, 5)] + [("half", 1), ("half", 2)]
    return [
        {"unit": units[uid], "cells": [cells.get(col) for col in columns]}
        for uid, cells in table.items()
    ]


def below_50(cycle: Cycle, unit_ids: set[int] | None = None) -> list[dict]:
    """The people with a quarter below 50 (Art 23.1(b): find and fix shortcomings in time),
    the latest quarter first, then by name."""
    rows = []
    for person, results in all_results(cycle, unit_ids):
        for r in results:
            if r.kind == "quarter" and r.below_50:
                rows.append({"staff": person, "result": r})
    rows.sort(key=lambda row: -row["result"].index)  # stable: names stay in order
    return rows
