"""Quarterly and six-month results from the monthly or quarterly totals (Decree 335 Art 17.3,
Art 23.1-23.2; docs/rules/rules.md §2.1.5).

A quarter is the mean of its 3 months, six months the mean of its 6 (or of its 2 quarters where
the agency scores by quarter); the mean is weighted by months and rounded half-up like the
annual score (``periodic.weighted_average``). A period with fewer scored months than it covers
is averaged over the months scored so far and marked incomplete. Each result carries its level
band (the level its score would give at year end) with the article, and whether it is below
50: the quarter that HR must act on in time (Art 23.1(b))."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scoring.levels import KHTNV
from scoring.model import Reason
from scoring.periodic import weighted_average
from scoring.reasons import BAND_VI, make
from scoring.regimes import d233, d335
from scoring.regimes.base import RegimeRules

ND335 = "Nghị định 335/2025/NĐ-CP"
MEAN_ARTICLE = f"{ND335}, Điều 17 khoản 3"
ACT_ARTICLE = f"{ND335}, Điều 23 khoản 1 điểm b"
BELOW = Decimal(50)
_RULES: dict[str, RegimeRules] = {"D335": d335.RULES, "D233": d233.RULES}


@dataclass(frozen=True, slots=True)
class PeriodResult:
    kind: str  # "quarter" | "half"
    index: int  # quarter 1-4, half 1-2
    score: Decimal
    level: str
    months_scored: int
    months_covered: int
    reasons: tuple[Reason, ...]

    @property
    def complete(self) -> bool:
        return self.months_scored == self.months_covered

    @property
    def below_50(self) -> bool:
        return self.score < BELOW


def band(score: Decimal, regime: str) -> tuple[str, Reason]:
    """The level band of a (rounded) score under the regime's bands, with its article."""
    rules = _RULES.get(regime, d335.RULES)
    level = next((lv for floor, lv in rules.bands if score >= floor), KHTNV)
    return level, make("period_band", rules.band_articles[level], level=level, band=BAND_VI[level])


def _result(
    kind: str, index: int, totals: list[tuple[Decimal, int]], covered: int, regime: str
) -> PeriodResult:
    score = weighted_average(totals)
    level, band_reason = band(score, regime)
    months = sum(m for _, m in totals)
    reasons = [make("period_mean", MEAN_ARTICLE, count=str(months))]
    reasons.append(band_reason)
    if score < BELOW:
        reasons.append(make("period_below_50", ACT_ARTICLE))
    return PeriodResult(kind, index, score, level, months, covered, tuple(reasons))


def summarise(
    totals: Mapping[int, Decimal], quarterly: bool, regime: str = "D335"
) -> list[PeriodResult]:
    """Every quarter and half-year with at least one scored period. ``totals`` maps the period
    number (month 1-12, or quarter 1-4 when ``quarterly``) to its total."""
    span = 3 if quarterly else 1
    dated = [(p, Decimal(t), span) for p, t in sorted(totals.items())]
    for p, _, _ in dated:
        if not 1 <= p <= (4 if quarterly else 12):
            raise ValueError(f"period {p} out of range")

    def month_of(p: int) -> int:  # the last month the period covers
        return p * span

    results: list[PeriodResult] = []
    for kind, size, count in (("quarter", 3, 4), ("half", 6, 2)):
        for index in range(1, count + 1):
            first, last = (index - 1) * size + 1, index * size
            inside = [(t, m) for p, t, m in dated if first <= month_of(p) <= last]
            if inside:
                results.append(_result(kind, index, inside, size, regime))
    return results
