"""Extra work: tasks taken over from a colleague and ad hoc tasks count outside the assigned
total and add points, the criterion capped at 100 % (Decree 335 Art 18.1(d), Art 17.1;
docs/rules/rules.md §2.1.4)."""

from datetime import date
from decimal import Decimal

from scoring.periodic import GENERAL_CRITERIA, WorkItem, score_period

D = Decimal
FULL = {c.code: c.max_points for c in GENERAL_CRITERIA["D335"]}


def item(units: str, done: date | None, *, extra: bool = False, delays: int = 0) -> WorkItem:
    return WorkItem(
        "Báo cáo", D(units), date(2026, 1, 2), date(2026, 1, 31), done, True, False, False,
        delays=delays, extra=extra,
    )  # fmt: skip


def test_a_handed_back_task_stays_in_the_total_and_lowers_completion() -> None:
    s = score_period("D335", FULL, [item("3", date(2026, 1, 20)), item("1", None)], None)
    assert (s.quantity_pct, s.quality_pct, s.progress_pct) == (D(75), D(75), D(75))
    assert s.task_points == D("52.50")


def test_a_taken_over_task_adds_points_outside_the_total() -> None:
    without = score_period("D335", FULL, [item("3", date(2026, 1, 20)), item("1", None)], None)
    extra = item("1", date(2026, 1, 25), extra=True)
    s = score_period("D335", FULL, [item("3", date(2026, 1, 20)), item("1", None), extra], None)
    # (3 + 1 extra) / 4 assigned: the colleague's work makes up the handed-back unit.
    assert (s.quantity_pct, s.quality_pct, s.progress_pct) == (D(100), D(100), D(100))
    assert s.task_points == D("70.00") > without.task_points
    assert s.extra_units == D(1)


def test_above_100_percent_the_criterion_is_capped_at_70_points() -> None:
    s = score_period(
        "D335", FULL, [item("2", date(2026, 1, 20)), item("2", date(2026, 1, 20), extra=True)],
        None,
    )  # fmt: skip
    assert (s.quantity_pct, s.quality_pct, s.progress_pct) == (D(200), D(200), D(200))
    assert s.uncapped_pct == D(200)
    assert (s.task_points, s.total) == (D("70.00"), D("100.00"))


def test_extra_work_makes_up_for_a_delay_only_up_to_the_cap() -> None:
    late = item("4", date(2026, 1, 30), delays=2)  # progress keeps 50 %: 2 of 4 units
    s = score_period("D335", FULL, [late, item("1", date(2026, 1, 20), extra=True)], None)
    assert (s.quantity_pct, s.quality_pct, s.progress_pct) == (D(125), D(125), D(75))
    assert s.uncapped_pct == D("108.33")
    assert s.task_points == D("70.00")


def test_a_period_of_extra_work_only_is_scored_on_that_work() -> None:
    s = score_period("D335", FULL, [item("2", date(2026, 1, 20), extra=True)], None)
    assert s.errors == () and s.quantity_pct == D(100) and s.extra_units == D(0)
