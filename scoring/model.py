"""Typed, frozen inputs and outputs of the engine.

The JSON contract (docs/rules/scoring-api.md) is parsed into these classes by ``scoring.validate``
and written back by ``scoring.api``; code that already holds typed data calls the engine directly.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple


@dataclass(frozen=True, slots=True)
class Reason:
    code: str
    article: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "article": self.article, "message": self.message}


@dataclass(frozen=True, slots=True)
class FieldError:
    path: str
    message_vi: str
    # The same place in structured form, so a caller needs no path parsing: the work item's
    # index (``items[i]``), and the criterion code, item field or manager fact concerned.
    item: int | None = None
    field: str = ""

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message_vi}


@dataclass(frozen=True, slots=True)
class Options:
    quota_base: str = "htt_or_above"  # or "htt_only" (A14)
    outstanding_unit: bool = False  # 25 % instead of 20 % (A17)
    head_cap_scope: str = "service_unit_head"  # or "all_unit_heads" (A8)
    cadre_rules: str = "qd366"  # or "d335" (A1)
    # Units: the recognising authority's scope lies outside this batch (e.g. the provincial
    # chairman for a Sở, Decree 335 Art 5.2): its quota is applied there, not here.
    quota_outside: bool = False


@dataclass(frozen=True, slots=True)
class Leave:
    kind: str  # maternity | sick | unpaid | lawful_absence
    months: Decimal


@dataclass(frozen=True, slots=True)
class Sanction:
    sanction: str  # reprimand | warning | demotion | removal | dismissal
    system: str  # party | state
    duty_related: bool
    effective_year: int
    act: str | None = None
    counted_in_year: int | None = None
    # The act was committed at the previous organisation (D335 Art 11.3(c), D233 Art 14.3(c)).
    previous_organisation: bool = False


@dataclass(frozen=True, slots=True)
class Criteria:
    """Old-regime (Decree 90) facts, also the QĐ 366 conditions. Percentages are 0-100."""

    general: str | None = None  # done_well | met | not_met
    tasks_completed_pct: Decimal | None = None
    on_time_quality_pct: Decimal | None = None
    exceeded_pct: Decimal | None = None
    not_assured_pct: Decimal | None = None
    unit_targets_completed_pct: Decimal | None = None
    unit_exceeded_pct: Decimal | None = None
    unit_on_time_quality_pct: Decimal | None = None
    subunits_htnv_or_above_pct: Decimal | None = None
    subunits_htt_or_above_pct: Decimal | None = None
    shortcomings_remedied: bool = True


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    group: str  # can_bo | cong_chuc | vien_chuc | nguoi_lao_dong
    position: str = "staff"  # staff | manager | unit_head
    task_group: str = "chung"
    months_worked: Decimal = Decimal(12)
    leave: tuple[Leave, ...] = ()
    unit_has_regulation: bool | None = None
    score: Decimal | None = None
    period_scores: tuple[Decimal, ...] = ()
    criteria: Criteria | None = None
    discipline: tuple[Sanction, ...] = ()
    degradation_finding: bool = False
    corruption_in_led_unit: bool = False
    corruption_self_remedied: bool = False
    unit_level: str | None = None


class PersonRow(NamedTuple):
    """The engine's own form of a person: the fields of ``Person`` as a tuple (the dict API
    builds millions of these, and a tuple is built ~50x faster than a frozen dataclass), with
    the scores already rounded half-up to 2 decimals and held as integer hundredths
    (``scoring.numbers.score_cents``: 91.5 -> 9150)."""

    id: str
    group: str
    position: str = "staff"
    task_group: str = "chung"
    months_worked: Decimal = Decimal(12)
    leave: tuple[Leave, ...] = ()
    unit_has_regulation: bool | None = None
    score: int | float | None = None  # hundredths (-0.0 only for a score typed as -0.0)
    period_scores: tuple[int | float, ...] = ()  # hundredths
    criteria: Criteria | None = None
    discipline: tuple[Sanction, ...] = ()
    degradation_finding: bool = False
    corruption_in_led_unit: bool = False
    corruption_self_remedied: bool = False
    unit_level: str | None = None


@dataclass(frozen=True, slots=True)
class Batch:
    year: int
    people: tuple[Person, ...]
    options: Options = field(default_factory=Options)


@dataclass(frozen=True, slots=True)
class PersonResult:
    id: str
    regime: str | None  # None only for people outside the engine's scope
    classified: bool
    eligible_level: str | None
    level: str | None
    needs_decision: bool
    score: Decimal | None
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class QuotaResult:
    scope: str  # "agency" or "task_group:NAME"
    rate: Decimal
    base: int
    cap: int
    candidates: int
    selected: tuple[str, ...]
    reading: str
    cap_other_reading: int
    tied: tuple[str, ...] = ()
    open_slots: int = 0
    article: str = ""
    # The staff group the cap counts (cong_chuc, vien_chuc, can_bo), each decree counting its
    # own (D335 Art 20.5(a), D233 Art 12.6(a)); "" when one pool (2020-2025).
    group: str = ""


@dataclass(frozen=True, slots=True)
class Result:
    year: int
    people: tuple[PersonResult, ...]
    quotas: tuple[QuotaResult, ...]


@dataclass(frozen=True, slots=True)
class Unit:
    id: str
    kind: str  # public_service | administrative
    score: Decimal
    tasks_on_time_quality_pct: Decimal
    exceeded_pct: Decimal
    tasks_completed_pct: Decimal
    behind_schedule_pct: Decimal
    plan_completed_pct: Decimal
    force_majeure: bool = False
    constituent_khtnv: bool = False
    shortcomings_remedied: bool = True
    personnel_violation: bool = False


@dataclass(frozen=True, slots=True)
class UnitBatch:
    year: int
    units: tuple[Unit, ...]
    options: Options = field(default_factory=Options)


@dataclass(frozen=True, slots=True)
class UnitResult:
    id: str
    regime: str
    classified: bool
    eligible_level: str
    level: str
    needs_decision: bool
    score: Decimal
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class UnitsResult:
    year: int
    units: tuple[UnitResult, ...]
    quotas: tuple[QuotaResult, ...]
