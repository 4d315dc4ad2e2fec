"""The one rounding policy of the engine (decisions.md, "Score precision").

Every periodic total and every annual average is rounded half-up to 2 decimals, and the ROUNDED
value is what is compared with the bands: what the screen shows is what decided.
"""

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def q2(value: Decimal) -> Decimal:
    """Round half-up to 2 decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def mean2(values: Sequence[Decimal]) -> Decimal:
    """The rounded average of already rounded values (the annual score)."""
    if not values:
        raise ValueError("no values to average")
    return q2(sum(values, ZERO) / len(values))
