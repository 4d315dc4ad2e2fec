"""Xếp loại: the classification engine (standard library only).

Public API (docs/rules/scoring-api.md):
- ``classify(batch: dict) -> dict`` and ``classify_units(batch: dict) -> dict`` (JSON in/out);
- ``BatchError`` with ``.errors`` = [{"path", "message"}] for a bad batch, and ``.details``
  (``InputError``: person id, index, field, message) / ``.by_person()`` for Python callers;
- typed entry points ``classify_people(Batch) -> Result`` and
  ``classify_unit_batch(UnitBatch) -> UnitsResult``; ``parse_batch`` / ``parse_unit_batch``;
- ``regime(group, year, has_regulation, cadre_rules="qd366")``;
- ``scoring.periodic`` for the monthly or quarterly score.
"""

from scoring.api import classify, classify_units
from scoring.engine import classify_people
from scoring.errors import BatchError, InputError
from scoring.model import (
    Batch,
    Criteria,
    FieldError,
    Leave,
    Options,
    Person,
    PersonResult,
    QuotaResult,
    Reason,
    Result,
    Sanction,
    Unit,
    UnitBatch,
    UnitResult,
    UnitsResult,
)
from scoring.regimes import regime
from scoring.units import classify_unit_batch
from scoring.validate import parse_batch, parse_unit_batch

__all__ = [
    "Batch",
    "BatchError",
    "Criteria",
    "FieldError",
    "InputError",
    "Leave",
    "Options",
    "Person",
    "PersonResult",
    "QuotaResult",
    "Reason",
    "Result",
    "Sanction",
    "Unit",
    "UnitBatch",
    "UnitResult",
    "UnitsResult",
    "classify",
    "classify_people",
    "classify_unit_batch",
    "classify_units",
    "parse_batch",
    "parse_unit_batch",
    "regime",
]

from scoring.describe import describe_regimes  # noqa: E402

__all__ += ["describe_regimes"]
