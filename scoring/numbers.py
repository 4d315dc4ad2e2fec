"""The one rounding policy of the engine (decisions.md, "Score precision").

Every periodic total and every annual average is rounded half-up to 2 decimals, and the ROUNDED
value is what is compared with the bands: what the screen shows is what decided.
"""

from collections.abc import Sequence
from contextlib import AbstractContextManager
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

CENT = Decimal("0.01")
# The engine's own arithmetic context: the host application may change the thread's decimal
# context (precision, rounding, traps); the engine's results must not depend on it.
CONTEXT = Context(prec=28, rounding=ROUND_HALF_UP)
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


def engine_context() -> AbstractContextManager[Context]:
    """``with engine_context():`` runs Decimal arithmetic under the engine's context."""
    return localcontext(CONTEXT)
