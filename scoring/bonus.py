"""The bonus basis: each person's share of a fund from the agency's own coefficients (Decree 335
Art 23.1(d), 23.2(d), 23.3(e); Decree 73/2024/NĐ-CP Art 4; docs/rules/rules.md §5.5).

The regulation is the agency's data: coefficients by level (for the year) or by band of the
periodic score (for a quarter or a half-year). Shares are proportional to the coefficients and
rounded to the đồng by the largest-remainder method, so they add up to the fund exactly: every
person first gets the floor of their exact share, then the đồng left over go one each to the
largest remainders (ties: the order given, which the caller makes stable)."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

ND73 = "Nghị định 73/2024/NĐ-CP, Điều 4"
ND335_USE = "Nghị định 335/2025/NĐ-CP, Điều 23 khoản 1 điểm d, khoản 2 điểm d, khoản 3 điểm e"


@dataclass(frozen=True, slots=True)
class Band:
    """Scores from ``floor`` upwards (up to the next band) earn ``coefficient``."""

    floor: Decimal
    coefficient: Decimal


def coefficient_for_score(score: Decimal, bands: Sequence[Band]) -> Decimal:
    """The coefficient of the highest band whose floor the score reaches; 0 below every band."""
    reached = [b for b in bands if score >= b.floor]
    return max(reached, key=lambda b: b.floor).coefficient if reached else Decimal(0)


@dataclass(frozen=True, slots=True)
class Share:
    coefficient: Decimal
    exact: Fraction  # fund × coefficient / sum of coefficients
    floor: int
    extra: int  # 0 or 1: a đồng from the remainder
    amount: int


def split(fund: int, coefficients: Sequence[Decimal]) -> list[Share]:
    """Split ``fund`` đồng in proportion to ``coefficients``; the amounts add up to ``fund``.
    Everyone gets 0 when every coefficient is 0 (nothing to share by)."""
    if type(fund) is not int or fund < 0:
        raise ValueError("the fund is a whole, non-negative number of đồng")
    weights = [Fraction(Decimal(c)) for c in coefficients]
    if any(w < 0 for w in weights):
        raise ValueError("a coefficient is negative")
    total = sum(weights, Fraction(0))
    if total == 0:
        return [Share(Decimal(c), Fraction(0), 0, 0, 0) for c in coefficients]
    exact = [fund * w / total for w in weights]
    floors = [int(e) for e in exact]  # exact >= 0: int() is the floor
    left = fund - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    lucky = set(order[:left])
    return [
        Share(Decimal(c), e, f, int(i in lucky), f + int(i in lucky))
        for i, (c, e, f) in enumerate(zip(coefficients, exact, floors, strict=True))
    ]
