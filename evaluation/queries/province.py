"""Read side of the province board of the Home Affairs department (Sở Nội vụ): every agency
whose own level the provincial chairman recognises (Decree 335 Art 5.2, docs/rules/rules.md
§7.2), its organisations' recognition inside it, its own status, and the chairman's HTXS quota.
A fixed number of queries whatever the number of agencies (tests/test_query_counts.py)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from .. import _time
from ..extensions import db
from ..models import Level, Unit, UnitEvaluation
from ..services import unit_evaluations as units
from ..services.decisions import EVALUATED_KINDS
from ..text import vn_sort_key

# Display order: what HR must chase first.
STATES = ("overdue", "assessing", "ready", "recognised")


@dataclass
class AgencyRow:
    agency_id: int
    name: str
    deadline: date
    self_assessed: bool = False
    level: str | None = None  # the agency's own recognised level
    decision: str = ""  # the chairman's decision as HR recorded it
    organisations: int = 0  # its own organisations (departments, units) evaluated
    recognised: int = 0
    excellent: int = 0  # of them recognised HTXS

    def state(self, today: date) -> str:
        """Where the agency stands, one of STATES."""
        if self.level:
            return "recognised"
        if today > self.deadline:
            return "overdue"
        if self.self_assessed and self.recognised == self.organisations:
            return "ready"  # bottom-up done (Art 9.1): waiting for the chairman
        return "assessing"


@dataclass
class ProvinceBoard:
    province: str
    year: int
    rows: list[tuple[AgencyRow, str]]  # each agency with its state
    cap: int | None
    used: int
    base: int
    article: str
    counts: dict[str, int] = field(default_factory=dict)


def build(province: str, year: int) -> ProvinceBoard:
    today = _time.today()
    scope = units.province_quota(year, province)
    agencies = {m.agency.id: m for m in scope.members}
    cycle_ids = [m.cycle.id for m in scope.members] or [-1]
    # Every organisation of those agencies, in one query: parents and agencies resolve from
    # the identity map, so is_evaluated() walks the tree without more queries.
    tree = db.session.scalars(
        select(Unit).where(
            Unit.agency_id.in_(agencies or [-1]),
            Unit.active.is_(True),
            Unit.kind.in_(EVALUATED_KINDS),
        )
    ).all()
    inside: dict[int, list[Unit]] = defaultdict(list)
    for unit in tree:
        if units.is_evaluated(unit) and not units.is_agency_unit(unit):
            inside[unit.agency_id].append(unit)
    levels = {
        (cycle_id, unit_id): level
        for cycle_id, unit_id, level in db.session.execute(
            select(UnitEvaluation.cycle_id, UnitEvaluation.unit_id, UnitEvaluation.level).where(
                UnitEvaluation.cycle_id.in_(cycle_ids)
            )
        )
    }
    rows = []
    for member in scope.members:
        ev = member.evaluation
        own = [levels.get((member.cycle.id, u.id)) for u in inside[member.agency.id]]
        row = AgencyRow(
            member.agency.id,
            member.agency.name,
            member.cycle.classification_deadline,
            self_assessed=ev is not None and ev.submitted_at is not None,
            level=ev.level.value if ev is not None and ev.level is not None else None,
            decision=ev.external_number if ev is not None else "",
            organisations=len(own),
            recognised=sum(1 for level in own if level is not None),
            excellent=sum(1 for level in own if level == Level.HTXS),
        )
        rows.append((row, row.state(today)))
    rows.sort(key=lambda pair: (STATES.index(pair[1]), vn_sort_key(pair[0].name)))
    counts = {state: sum(1 for _r, s in rows if s == state) for state in STATES}
    return ProvinceBoard(
        province, year, rows, scope.cap, scope.used, scope.base, scope.article, counts
    )
