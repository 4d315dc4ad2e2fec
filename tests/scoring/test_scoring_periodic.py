"""Periodic score (Decree 335 Art 14, Form 01; Decree 233 Arts 10-11; docs/rules/decisions.md
A5)."""

from datetime import date
from decimal import Decimal

import pytest

from scoring.periodic import (
    GENERAL_CRITERIA,
    MANAGER_CRITERIA,
    ManagerFacts,
    WorkItem,
    annual_average,
    score_period,
)

D = Decimal
FULL = {c.code: c.max_points for c in GENERAL_CRITERIA["D335"]}


def item(
    units: str = "1",
    done: date | None = date(2026, 1, 20),
    due: date = date(2026, 1, 31),
    quality_ok: bool = True,
    major_error: bool = False,
    objective_cause: bool = False,
) -> WorkItem:
    return WorkItem("Báo cáo", D(units), date(2026, 1, 2), due, done, quality_ok, major_error,
                    objective_cause)  # fmt: skip


def test_form01_split_sums_to_30() -> None:
    for regime in ("D335", "D233"):
        crit = GENERAL_CRITERIA[regime]
        assert sum(c.max_points for c in crit) == 30
        assert [c.code for c in crit] == ["I.1", "I.2", "II.1", "II.2", "II.3", "II.4", "III"]
        assert {c.group for c in crit} == {"I", "II", "III"}
    assert [c.code for c in MANAGER_CRITERIA] == ["d", "đ", "e"]


def test_ND335_Dieu14_all_done_on_time_is_100() -> None:
    s = score_period("D335", FULL, [item(), item("2")], None)
    assert s.errors == ()
    assert (s.quantity_pct, s.quality_pct, s.progress_pct) == (100, 100, 100)
    assert (s.general, s.task_points, s.total) == (D("30.00"), D("70.00"), D("100.00"))


def test_ND335_Dieu14_delay_deducts_25pct_of_the_item() -> None:
    s = score_period("D335", FULL, [item(done=date(2026, 2, 3)), item()], None)
    assert s.progress_pct == D("87.50")
    assert "late_deduction" in [r.code for r in s.reasons]


def test_ND335_Dieu14_major_error_deducts_25pct_quality() -> None:
    s = score_period("D335", FULL, [item(major_error=True), item()], None)
    assert s.quality_pct == D("87.50")


def test_ND335_Dieu14_objective_cause_no_deduction() -> None:
    late = item(done=date(2026, 2, 3), major_error=True, objective_cause=True)
    s = score_period("D335", FULL, [late, item()], None)
    assert (s.quality_pct, s.progress_pct) == (100, 100)
    assert "objective_cause" in [r.code for r in s.reasons]


def test_not_completed_by_period_end_counts_as_not_completed() -> None:
    s = score_period("D335", FULL, [item(done=date(2026, 2, 10)), item()], None,
                     period_end=date(2026, 1, 31))  # fmt: skip
    assert (s.quantity_pct, s.quality_pct, s.progress_pct) == (50, 50, 50)
    assert s.task_points == D("35.00")


def test_quality_failed_item_counts_zero_quality() -> None:
    s = score_period("D335", FULL, [item(quality_ok=False), item()], None)
    assert s.quality_pct == 50
    assert s.quantity_pct == 100


def test_A5_manager_mean_of_six() -> None:
    s = score_period("D335", FULL, [item()], ManagerFacts(D(50), D(100), D(100)))
    # (100 + 100 + 100 + 50 + 100 + 100) / 6 * 0.7 = 64.1666... -> 64.17
    assert s.task_points == D("64.17")
    assert s.total == D("94.17")


def test_A5_weights_configurable() -> None:
    s = score_period("D335", FULL, [item(done=None), item()], None,
                     weights=[D(1), D(0), D(0)])  # fmt: skip
    assert s.task_points == D("35.00")


def test_A5_formula_is_provisional() -> None:
    s = score_period("D233", FULL, [item()], None)
    assert "provisional" in [r.code for r in s.reasons]


ERRORS = [
    ("over-max", "D335", {**FULL, "I.1": D("5.5")}, [item()], "general.I.1"),
    ("negative", "D335", {**FULL, "III": D(-1)}, [item()], "general.III"),
    ("unknown-code", "D335", {**FULL, "IV": D(1)}, [item()], "general.IV"),
    ("missing-code", "D335", {k: v for k, v in FULL.items() if k != "II.4"}, [item()],
     "general.II.4"),
    ("done-before-assigned", "D335", FULL, [item(done=date(2025, 12, 31))],
     "items[0].completed_on"),
    ("no-items", "D335", FULL, [], "items"),
    ("zero-units", "D335", FULL, [item("0")], "items[0].units"),
    ("unknown-regime", "D90", FULL, [item()], "regime"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("regime", "general", "items", "path"), [pytest.param(*e[1:], id=e[0]) for e in ERRORS]
)
def test_errors(regime: str, general: dict[str, Decimal], items: list[WorkItem], path: str) -> None:
    s = score_period(regime, general, items, None)
    assert path in [e.path for e in s.errors]
    assert all(e.message_vi for e in s.errors)


def test_manager_pct_out_of_range() -> None:
    s = score_period("D335", FULL, [item()], ManagerFacts(D(101), D(50), D(50)))
    assert [e.path for e in s.errors] == ["manager.unit_result_pct"]


def test_annual_average_rounds_each_then_mean() -> None:
    assert annual_average([D("92.00"), D("90.50"), D("88.00")]) == D("90.17")
    assert annual_average([D("89.995"), D(90)]) == D("90.00")
    with pytest.raises(ValueError):
        annual_average([])
