"""Self-assessments: periodic sheets and the annual form (issue 4 fills this module in).

Seam used by the ranking screen and the engine batch: annual_facts()."""

from __future__ import annotations

from ..models import Cycle


def annual_facts(cycle: Cycle, staff_ids: list[int]) -> dict[int, dict]:
    """Per person, what their own assessment contributes to the engine's person input:
    {"score": Decimal | None, "period_scores": [Decimal, ...], "criteria": {...} | None,
     "self_level": "HTXS"|... | None, "general": Decimal | None, "task": Decimal | None}.
    People with nothing submitted are absent from the result."""
    return {}
