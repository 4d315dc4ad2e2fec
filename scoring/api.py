"""The JSON contract (docs/rules/scoring-api.md): dict in, JSON-able dict out."""

from decimal import Decimal
from typing import Any

from scoring.engine import Outcome, classify_rows
from scoring.model import PersonResult, QuotaResult, Reason, Result, UnitResult, UnitsResult
from scoring.numbers import engine_context
from scoring.perf import no_cyclic_gc
from scoring.units import classify_unit_batch
from scoring.validate import parse_rows, parse_unit_batch

# One dict per shared Reason (keyed by identity: hashing a dataclass per person is slow). The
# Reason is kept beside its dict so that its id cannot be reused. Output reason dicts are
# therefore shared between people: treat them as read-only.
_REASON_DICTS: dict[int, tuple[Reason, dict[str, str]]] = {}


def _reason_dict(reason: Reason) -> dict[str, str]:
    entry = _REASON_DICTS.get(id(reason))
    if entry is None or entry[0] is not reason:
        entry = _REASON_DICTS[id(reason)] = (reason, reason.as_dict())
    return entry[1]


def outcome_dicts(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    """The output rows. The engine shares one reasons tuple between the people it applies to,
    so each tuple's list of dicts is built once per call (``outcomes`` keeps the tuples alive:
    no id is reused meanwhile) and every person gets a copy of it."""
    lists: dict[int, list[dict[str, str]]] = {}
    rows = []
    for o in outcomes:
        reasons = o[7]
        dicts = lists.get(id(reasons))
        if dicts is None:
            dicts = lists[id(reasons)] = [_reason_dict(x) for x in reasons]
        score = o[6]
        rows.append(
            {
                "id": o[0],
                "regime": o[1],
                "classified": o[2],
                "eligible_level": o[3],
                "level": o[4],
                "needs_decision": o[5],
                "score": None if score is None else score / 100,  # hundredths: as float(q2)
                "reasons": dicts.copy(),
            }
        )
    return rows


def _num(value: Decimal | None) -> float | None:
    # Scores have 2 decimals; float() prints them back exactly as the shortest repr (91.5).
    return None if value is None else float(value)


def person_dict(r: PersonResult | UnitResult) -> dict[str, Any]:
    return {
        "id": r.id,
        "regime": r.regime,
        "classified": r.classified,
        "eligible_level": r.eligible_level,
        "level": r.level,
        "needs_decision": r.needs_decision,
        "score": _num(r.score),
        "reasons": [_reason_dict(x) for x in r.reasons],
    }


def quota_dict(q: QuotaResult) -> dict[str, Any]:
    return {
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
        "group": q.group,
    }


def result_dict(result: Result) -> dict[str, Any]:
    return {
        "year": result.year,
        "people": [person_dict(r) for r in result.people],
        "quotas": [quota_dict(q) for q in result.quotas],
    }


def units_result_dict(result: UnitsResult) -> dict[str, Any]:
    return {
        "year": result.year,
        "units": [person_dict(r) for r in result.units],
        "quotas": [quota_dict(q) for q in result.quotas],
    }


def classify(batch: dict[str, Any]) -> dict[str, Any]:
    """Validate and classify a people batch; raises BatchError listing every input error."""
    with no_cyclic_gc(), engine_context():
        return _classify(batch)


def _classify(batch: dict[str, Any]) -> dict[str, Any]:
    # A function of its own: the rows and outcomes are freed on return, before the cyclic GC
    # is back (its first pass scans every container still alive that the batch created).
    year, options, rows = parse_rows(batch)
    outcomes, quotas = classify_rows(year, options, rows)
    return {
        "year": year,
        "people": outcome_dicts(outcomes),
        "quotas": [quota_dict(q) for q in quotas],
    }


def classify_units(batch: dict[str, Any]) -> dict[str, Any]:
    """Validate and classify a batch of units (collectives)."""
    with no_cyclic_gc(), engine_context():
        return units_result_dict(classify_unit_batch(parse_unit_batch(batch)))
