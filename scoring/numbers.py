"""The one rounding policy of the engine (docs/rules/decisions.md, "Score precision").

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


# Scores inside the engine: integer hundredths ("cents") after the half-up rounding to 2
# decimals, so that bands, averages and quota order are exact integer arithmetic. The one
# exception is a score typed as negative zero (-0.0), kept as the float -0.0 so that it is
# written back as typed; it compares and adds as 0.
NEG_ZERO = -0.0
ONE = Decimal(1)


def score_cents(value: object) -> int | float | None:
    """A 0-100 score (int, float or Decimal) in hundredths, rounded half-up; None when the value
    is not a number in 0-100. Exact: a float counts as its shortest repr (91.125 -> 9113)."""
    tp = type(value)
    if tp is int:
        return value * 100 if 0 <= value <= 100 else None  # type: ignore[operator]
    if tp is float:
        if not 0 <= value <= 100:  # type: ignore[operator]  # also NaN
            return None
        cents = int(value * 100 + 0.5)  # type: ignore[operator]  # a candidate, checked:
        if cents / 100 == value and cents:  # at most 2 decimals (the usual case), exact
            return cents
        return to_cents(Decimal(repr(value)))
    if tp is not Decimal or not value.is_finite() or not ZERO <= value <= HUNDRED:  # type: ignore[attr-defined,operator]
        return None
    return to_cents(value)  # type: ignore[arg-type]


def to_cents(value: Decimal | int | float) -> int | float:
    """Any finite number in hundredths, rounded half-up (away from zero, as ``q2``); a negative
    zero stays -0.0. The typed API's scores go through here unchecked, as they always did."""
    if type(value) is not Decimal:
        value = Decimal(value) if type(value) is int else Decimal(repr(value))
    if value.is_zero():  # type: ignore[union-attr]
        return NEG_ZERO if value.is_signed() else 0  # type: ignore[union-attr]
    # Round once, from the exact value: ``quantize`` reads every digit typed, whereas scaling
    # first under a 28-digit context would round a longer input there, then again to cents
    # (89.99499999999999999999999999999 -> 8999.500... -> 9000: double rounding).
    ctx = CONTEXT if value.adjusted() < 24 else Context(prec=value.adjusted() + 4)  # type: ignore[union-attr]
    return int(value.quantize(CENT, ROUND_HALF_UP, ctx).scaleb(2, ctx))  # type: ignore[union-attr]


def mean_cents(periods: Sequence[int | float]) -> int | float:
    """The annual score from rounded period scores: their average, rounded half-up (``q2``)."""
    total = int(sum(periods))
    n = len(periods)
    whole, rest = divmod(abs(total), n)
    if 2 * rest >= n:
        whole += 1
    if total >= 0:
        return whole
    return -whole if whole else NEG_ZERO


def weighted_mean_cents(periods: Sequence[int | float], months: Sequence[int]) -> int:
    """The annual score from rounded period scores covering different numbers of months (a
    transfer from a monthly to a quarterly agency): weighted by months, rounded half-up."""
    total = sum(int(p) * m for p, m in zip(periods, months, strict=True))
    n = sum(months)
    whole, rest = divmod(abs(total), n)
    if 2 * rest >= n:
        whole += 1
    return whole if total >= 0 else -whole


def cents_decimal(cents: int | float) -> Decimal:
    """Hundredths back to the 2-decimal Decimal of the typed API (9150 -> Decimal('91.50'))."""
    return Decimal(cents).scaleb(-2, CONTEXT)
