"""The JSON contract (spec/scoring-api.md): dict in, JSON-able dict out."""

from decimal import Decimal
from typing import Any

from scoring.engine import classify_people
from scoring.model import PersonResult, QuotaResult, Reason, Result, UnitResult, UnitsResult
from scoring.units import classify_unit_batch
from scoring.validate import parse_batch, parse_unit_batch

# One dict per shared Reason: output reasons are shared, read-only structures.
_REASON_DICTS: dict[Reason, dict[str, str]] = {}


def _reason_dict(reason: Reason) -> dict[str, str]:
    d = _REASON_DICTS.get(reason)
    if d is None:
        d = _REASON_DICTS[reason] = reason.as_dict()
    return d


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
    return result_dict(classify_people(parse_batch(batch)))


def classify_units(batch: dict[str, Any]) -> dict[str, Any]:
    """Validate and classify a batch of units (collectives)."""
    return units_result_dict(classify_unit_batch(parse_unit_batch(batch)))
