"""Quota on "Hoàn thành xuất sắc nhiệm vụ" (docs/rules/rules.md §4, docs/rules/decisions.md A14,
A15).

The cap applies per agency AND per group with similar tasks; both are computed and the lower
binds. Candidates are chosen by score, highest first; a tie straddling a cut line is not broken
by the engine: every tied candidate is returned for the competent person to decide.
Caps use integers only (floor, "không vượt quá").
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from scoring.model import QuotaResult

AGENCY = "agency"

# (sort key, id): sort key = -score, so ascending order is highest score first, then id.
Item = tuple[Decimal | int | float, str]  # people: -score in hundredths; units: Decimal


def caps(base: int, pct: int) -> tuple[int, int]:
    """(reading B: floor(p*N), reading L: floor(p*N/(1+p))) for a base of N."""
    return base * pct // 100, base * pct // (100 + pct)


def cut(items: list[Item], cap: int) -> tuple[list[Item], list[Item]]:
    """Split sorted candidates into (admitted, tied at the cut line)."""
    if len(items) <= cap:
        return items, []
    if cap <= 0:
        return [], []
    boundary = items[cap - 1][0]
    if items[cap][0] != boundary:
        return items[:cap], []
    admitted = []
    tied = []
    for item in items:
        key = item[0]
        if key == boundary:
            tied.append(item)
        elif key < boundary:
            admitted.append(item)
        else:
            break
    return admitted, tied


@dataclass(slots=True)
class Allocation:
    selected: set[str]
    tied: dict[str, str]  # id -> scope where the tie is
    over: dict[str, str]  # id -> scope that excluded them
    quotas: list[QuotaResult]


def allocate(
    groups: dict[str, tuple[int, list[Item]]],
    pct: int,
    reading: str,
    article: str,
    fixed_cap: int | None = None,
) -> Allocation:
    """groups: name -> (base N = count rated HTT or above, candidates for HTXS).

    A single group named AGENCY means the agency scope only (units). ``fixed_cap`` overrides
    the computed caps (Decree 233 Art 7.7(c): fewer than 5 units -> at most 1).
    """
    rate = Decimal(pct) / 100
    use_b = reading == "htt_or_above"
    selected: set[str] = set()
    tied: dict[str, str] = {}
    over: dict[str, str] = {}
    results: list[QuotaResult] = []

    def cap_of(base: int) -> tuple[int, int]:
        b, lit = caps(base, pct)
        if fixed_cap is not None:
            return fixed_cap, fixed_cap
        return (b, lit) if use_b else (lit, b)

    agency_only = list(groups) == [AGENCY]
    pool: list[Item] = []
    group_rows: list[tuple[str, int, int, int, int, list[Item], list[Item]]] = []
    total_base = 0
    total_cands = 0
    for name in sorted(groups):
        base, cands = groups[name]
        total_base += base
        total_cands += len(cands)
        cands.sort()
        if agency_only:
            pool = cands
            break
        cap, other = cap_of(base)
        admitted, tie = cut(cands, cap)
        scope = f"task_group:{name}"
        for item in tie:
            tied[item[1]] = scope
        admitted_ids = {item[1] for item in admitted}
        for item in cands:
            if item[1] not in admitted_ids and item[1] not in tied:
                over[item[1]] = scope
        pool.extend(admitted)
        group_rows.append((scope, base, cap, other, len(cands), admitted, tie))

    pool.sort()
    cap, other = cap_of(total_base)
    admitted, tie = cut(pool, cap)
    for item in tie:
        tied[item[1]] = AGENCY
    for item in admitted:
        selected.add(item[1])
    for item in pool:
        if item[1] not in selected and item[1] not in tied:
            over[item[1]] = AGENCY
    # The agency row lists every tie, wherever its cut line is, so one row shows all that
    # waits for the competent person.
    all_ties = tie + [item for _, _, _, _, _, _, g_tie in group_rows for item in g_tie]
    results.append(
        _result(
            AGENCY, rate, total_base, cap, total_cands, admitted, reading, other, all_ties, article
        )
    )
    for scope, base, gcap, gother, ncands, g_admitted, g_tie in group_rows:
        chosen = [item for item in g_admitted if item[1] in selected]
        ties = list(g_tie) + [item for item in g_admitted if item[1] in tied]
        results.append(
            _result(scope, rate, base, gcap, ncands, chosen, reading, gother, ties, article)
        )
    return Allocation(selected, tied, over, results)


def _result(
    scope: str,
    rate: Decimal,
    base: int,
    cap: int,
    candidates: int,
    chosen: Iterable[Item],
    reading: str,
    other: int,
    ties: list[Item],
    article: str,
) -> QuotaResult:
    chosen_ids = tuple(item[1] for item in chosen)
    return QuotaResult(
        scope=scope,
        rate=rate,
        base=base,
        cap=cap,
        candidates=candidates,
        selected=chosen_ids,
        reading=reading,
        cap_other_reading=other,
        tied=tuple(item[1] for item in sorted(ties)),
        open_slots=max(0, min(cap, candidates) - len(chosen_ids)) if ties else 0,
        article=article,
    )
