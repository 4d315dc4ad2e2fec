"""Builders shared by the scoring tests (imported as a plain module, no fixtures needed)."""

from typing import Any

import scoring


def person(pid: str = "p1", **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": pid,
        "group": "cong_chuc",
        "position": "staff",
        "months_worked": 12,
        "score": 80,
    }
    base.update(fields)
    return {k: v for k, v in base.items() if v is not None}


def d90_criteria(**fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "general": "met",
        "tasks_completed_pct": 100,
        "on_time_quality_pct": 100,
        "exceeded_pct": 0,
        "not_assured_pct": 0,
        "unit_targets_completed_pct": 100,
        "unit_exceeded_pct": 0,
        "unit_on_time_quality_pct": 80,
    }
    base.update(fields)
    return base


def one(p: dict[str, Any], year: int = 2026, **options: Any) -> dict[str, Any]:
    """Classify a single person and return their output row."""
    out = scoring.classify({"year": year, "options": options, "people": [p]})
    return out["people"][0]


def codes(row: dict[str, Any]) -> list[str]:
    return [r["code"] for r in row["reasons"]]
