"""Read side of the HR dashboard: progress per unit, the distribution of levels, and leniency
flags. A fixed number of grouped queries, whatever the number of units or people (no N+1)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select

from .. import _time
from ..extensions import db
from ..models import Cycle, Decision, Level, Meeting, MeetingOpinion, PeerReview, Staff, Unit
from ..services import assessments
from ..text import vn_sort_key

LEVELS = tuple(level.value for level in Level)
RANK = {code: i for i, code in enumerate(LEVELS)}  # 0 = HTXS ... 3 = KHTNV
BAR_WIDTH = 240
GAP_STEPS = 2  # self-proposed and decided levels two or more steps apart


@dataclass
class Bar:
    """A stacked bar of levels, laid out server-side (an SVG without scripts or inline styles)."""

    counts: dict[str, int]
    segments: list[tuple[str, int, int, int]] = field(default_factory=list)  # code, x, w, n

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def layout(self) -> Bar:
        x = 0
        total = self.total
        self.segments = []
        for code in LEVELS:
            n = self.counts.get(code, 0)
            if n and total:
                width = round(BAR_WIDTH * n / total)
                self.segments.append((code, x, width, n))
                x += width
        return self


@dataclass
class UnitProgress:
    unit_id: int
    name: str
    staff: int = 0
    self_submitted: int = 0
    reviews_done: int = 0
    reviews_expected: int = 0
    meeting: str = ""  # "" (none) | draft | adopted
    decided: int = 0
    approved: int = 0
    bar: Bar = field(default_factory=lambda: Bar({}))


@dataclass(frozen=True)
class Flag:
    kind: str  # all_high | gap | same_text
    unit_name: str
    detail: str
    people: tuple[str, ...] = ()


@dataclass
class Dashboard:
    units: list[UnitProgress]
    groups: dict[str, Bar]
    flags: list[Flag]


def normalise(text: str) -> str:
    """Equal after this means 'the same comment pasted': case, accents' encoding, spacing and
    punctuation do not matter."""
    text = unicodedata.normalize("NFC", text or "").casefold()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def build(cycle: Cycle, agency_id: int, unit_ids: set[int] | None) -> Dashboard:
    today = _time.today()
    unit_stmt = select(Unit.id, Unit.name).where(Unit.agency_id == agency_id, Unit.active)
    if unit_ids is not None:
        unit_stmt = unit_stmt.where(Unit.id.in_(unit_ids or {-1}))
    units = {row.id: UnitProgress(row.id, row.name) for row in db.session.execute(unit_stmt)}
    scope = list(units) or [-1]

    people = db.session.execute(
        select(Staff.id, Staff.unit_id, Staff.group, Staff.full_name).where(
            Staff.unit_id.in_(scope), or_(Staff.end_date.is_(None), Staff.end_date >= today)
        )
    ).all()
    person = {p.id: p for p in people}
    for p in people:
        units[p.unit_id].staff += 1
    for u in units.values():
        u.reviews_expected = u.staff * (u.staff - 1)  # each member reviews each colleague

    facts = assessments.annual_facts(cycle, list(person))
    for staff_id in facts:
        if staff_id in person:
            units[person[staff_id].unit_id].self_submitted += 1

    for unit_id, n in db.session.execute(
        select(PeerReview.unit_id, func.count())
        .where(PeerReview.cycle_id == cycle.id, PeerReview.unit_id.in_(scope))
        .group_by(PeerReview.unit_id)
    ):
        units[unit_id].reviews_done = n

    for unit_id, status in db.session.execute(
        select(Meeting.unit_id, Meeting.status).where(
            Meeting.cycle_id == cycle.id, Meeting.unit_id.in_(scope)
        )
    ):
        units[unit_id].meeting = status

    decisions = db.session.execute(
        select(Decision.staff_id, Decision.level, Decision.approved, Staff.unit_id, Staff.group)
        .join(Staff, Staff.id == Decision.staff_id)
        .where(Decision.cycle_id == cycle.id, Decision.current, Staff.unit_id.in_(scope))
    ).all()
    unit_levels: dict[int, Counter] = defaultdict(Counter)
    group_levels: dict[str, Counter] = defaultdict(Counter)
    decided_level: dict[int, str] = {}
    for d in decisions:
        if d.level is None:
            continue
        code = getattr(d.level, "value", d.level)
        units[d.unit_id].decided += 1
        units[d.unit_id].approved += 1 if d.approved else 0
        unit_levels[d.unit_id][code] += 1
        group_levels[getattr(d.group, "value", d.group)][code] += 1
        decided_level[d.staff_id] = code
    for unit_id, u in units.items():
        u.bar = Bar(dict(unit_levels.get(unit_id, {}))).layout()

    flags: list[Flag] = []
    for unit_id, counts in unit_levels.items():
        total = sum(counts.values())
        if total >= 2 and counts.get("HTNV", 0) == 0 and counts.get("KHTNV", 0) == 0:
            flags.append(Flag("all_high", units[unit_id].name, str(total)))
    for staff_id, code in decided_level.items():
        own = (facts.get(staff_id) or {}).get("self_level")
        if own in RANK and abs(RANK[own] - RANK[code]) >= GAP_STEPS:
            p = person[staff_id]
            flags.append(Flag("gap", units[p.unit_id].name, f"{own} → {code}", (p.full_name,)))
    flags += _same_texts(cycle, scope, units, person)
    return Dashboard(
        units=sorted(units.values(), key=lambda u: vn_sort_key(u.name)),
        groups={g: Bar(dict(c)).layout() for g, c in sorted(group_levels.items())},
        flags=flags,
    )


def _same_texts(cycle, scope, units, person) -> list[Flag]:
    """The same text (after normalising) written about two or more people. Peer-review texts
    are reported without the text itself: only the people it was written about."""
    found: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    reviews = db.session.execute(
        select(
            PeerReview.unit_id,
            PeerReview.reviewee_id,
            PeerReview.strengths,
            PeerReview.shortcomings,
        ).where(PeerReview.cycle_id == cycle.id, PeerReview.unit_id.in_(scope))
    )
    for unit_id, reviewee_id, strengths, shortcomings in reviews:
        for text in (strengths, shortcomings):
            key = normalise(text)
            if key:
                found[("peer", unit_id, key)].add(reviewee_id)
    opinions = db.session.execute(
        select(Meeting.unit_id, MeetingOpinion.staff_id, MeetingOpinion.summary)
        .join(Meeting, Meeting.id == MeetingOpinion.meeting_id)
        .where(Meeting.cycle_id == cycle.id, Meeting.unit_id.in_(scope))
    )
    for unit_id, staff_id, summary in opinions:
        key = normalise(summary)
        if key:
            found[("meeting", unit_id, key)].add(staff_id)
    flags = []
    for (source, unit_id, key), ids in sorted(found.items()):
        if len(ids) < 2:
            continue
        names = tuple(sorted((person[i].full_name for i in ids if i in person), key=vn_sort_key))
        detail = "" if source == "peer" else (key[:80] + ("…" if len(key) > 80 else ""))
        flags.append(Flag(f"same_{source}", units[unit_id].name, detail, names))
    return flags
