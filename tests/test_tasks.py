"""Tasks assigned from the catalogue, reported and confirmed; the sheet's task points computed
from them (Decree 335 Arts 14, 18; docs/rules/rules.md §2.1.4; docs/products.md)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from evaluation.extensions import db
from evaluation.models import SheetStatus, TaskKind, TaskStatus, User
from evaluation.services import ValidationError, assessments, products, tasks
from scoring.periodic import GENERAL_CRITERIA, WorkItem, score_period
from tests.test_products import ROWS, director, workbook

pytestmark = pytest.mark.day("2026-11-16")
D = Decimal
FULL = {c.code: str(c.max_points) for c in GENERAL_CRITERIA["D335"]}
DUE = date(2026, 11, 30)


@pytest.fixture
def catalogue(world):
    version = products.start_version(world.agency, date(2026, 11, 16), "01 văn bản hành chính")
    assert products.import_catalogue(version, workbook(ROWS)) == []
    products.approve(version, director(world))
    db.session.commit()
    return {p.code: p for p in version.products}


def give(world, staff_key: str, code: str, quantity: str, catalogue, due: date = DUE):
    return tasks.assign(
        world.staff[staff_key],
        catalogue[code],
        {"quantity": quantity, "expected_output": "Trình lãnh đạo Sở", "due_on": due},
        by=world.users["unit_head"],
    )


def done(task, clock=None, on: date | None = None):
    if on is not None:
        clock.move_to(datetime(on.year, on.month, on.day, 9))
    return tasks.report(task, link="https://vanban.hanam.gov.vn/vb/123")


def confirm(world, task, quantity=None, failed=0, delays=0, cause=False):
    return tasks.confirm(
        task,
        {
            "confirmed_quantity": str(quantity if quantity is not None else task.quantity),
            "failed_reviews": str(failed),
            "delays": str(delays),
            "objective_cause": cause,
        },
        by=world.users["unit_head"],
    )


def scored_sheet(world, staff_key: str, *, close: bool = False):
    """The person submits the Q4 sheet (general criteria only: the tasks are not typed) and the
    manager scores it."""
    staff = world.staff[staff_key]
    sheet = assessments.find_sheet(world.cycle, staff, 4) or assessments.new_sheet(
        world.cycle, staff, 4
    )
    assessments.save_sheet(sheet, {"general": FULL, "items": []}, submit=True, version=None)
    assessments.score_by_manager(
        sheet, {"general": FULL}, close=close, version=None, user=world.users["unit_head"]
    )
    return sheet


def test_the_coefficient_is_copied_and_units_converted(world, catalogue):
    task = give(world, "clerk", "VB02", "2", catalogue)
    assert (task.coefficient, task.units, task.kind) == (D("8.50"), D("17.00"), TaskKind.ASSIGNED)


def test_a_product_outside_the_catalogue_in_force_is_refused(world, catalogue):
    with pytest.raises(ValidationError) as early:
        tasks.assign(
            world.staff["clerk"],
            catalogue["VB01"],
            {"quantity": "1", "expected_output": "x", "assigned_on": date(2026, 11, 1),
             "due_on": DUE},
            by=world.users["unit_head"],
        )  # fmt: skip
    assert early.value.errors[0][0] == "product_id"
    with pytest.raises(ValidationError) as bad:
        tasks.assign(
            world.staff["clerk"],
            catalogue["VB01"],
            {"quantity": "0", "expected_output": "", "due_on": date(2026, 11, 1)},
            by=world.users["unit_head"],
        )
    assert {f for f, _m in bad.value.errors} == {"quantity", "expected_output", "due_on"}


def test_the_sheet_score_equals_scoring_periodic_on_the_same_records(world, catalogue, clock):
    a = give(world, "clerk", "VB01", "4", catalogue)  # 4 units
    b = give(world, "clerk", "VB02", "1", catalogue, due=date(2026, 11, 18))  # 8.5 units
    c = give(world, "clerk", "HS01", "2", catalogue)  # 8 units, half done
    done(a, clock, date(2026, 11, 20))
    done(b)  # two days late
    done(c)
    confirm(world, a, failed=1)
    confirm(world, b, delays=2)
    confirm(world, c, quantity="1")
    sheet = scored_sheet(world, "clerk")
    items = [
        WorkItem("a", D(4), date(2026, 11, 16), DUE, date(2026, 11, 20), True, False, False,
                 failed_reviews=1),
        WorkItem("b", D("8.5"), date(2026, 11, 16), date(2026, 11, 18), date(2026, 11, 20),
                 True, False, False, delays=2),
        WorkItem("c", D(4), date(2026, 11, 16), DUE, date(2026, 11, 20), True, False, False),
        WorkItem("c", D(4), date(2026, 11, 16), DUE, None, True, False, False),
    ]  # fmt: skip
    expected = score_period(
        "D335", {k: D(v) for k, v in FULL.items()}, items, None, period_end=date(2026, 12, 31)
    )
    assert expected.errors == ()
    # quantity 16.5/20.5, quality (3 + 8.5 + 4)/20.5, progress (4 + 4.25 + 4)/20.5
    assert (expected.quantity_pct, expected.quality_pct, expected.progress_pct) == (
        D("80.49"),
        D("75.61"),
        D("59.76"),
    )
    assert sheet.manager_task == expected.task_points == D("50.37")  # 71.95 % × 70
    assert sheet.manager_total == expected.total
    # Confirmed before the person submitted: their own reading uses the same records.
    assert sheet.self_total == sheet.manager_total


def test_failed_reviews_and_delays_deduct_25_percent_each_unless_an_objective_cause(
    world, catalogue
):
    a = give(world, "clerk", "VB01", "4", catalogue)
    done(a)
    confirm(world, a, failed=1, delays=2)
    sheet = scored_sheet(world, "clerk")
    result = assessments.breakdown(sheet, manager=True)
    assert (result.quantity_pct, result.quality_pct, result.progress_pct) == (100, 75, 50)
    b = give(world, "colleague", "VB01", "4", catalogue)
    done(b)
    confirm(world, b, failed=1, delays=2, cause=True)
    other = assessments.breakdown(scored_sheet(world, "colleague"), manager=True)
    assert (other.quantity_pct, other.quality_pct, other.progress_pct) == (100, 100, 100)


def test_a_handed_back_task_lowers_completion_and_taking_it_over_adds_points(world, catalogue):
    a = give(world, "clerk", "VB01", "4", catalogue)
    c = give(world, "clerk", "HS01", "1", catalogue)  # 4 units
    own = give(world, "colleague", "HS01", "3", catalogue)  # 12 units
    done(a)
    confirm(world, a)
    tasks.hand_back(c, "Nghỉ ốm dài ngày")
    assert c.status == TaskStatus.HANDED_BACK
    clerk = assessments.breakdown(scored_sheet(world, "clerk"), manager=True)
    assert clerk.quantity_pct == D(50)  # 4 done of 8: the handed-back task stays in the total

    done(own)
    confirm(world, own, quantity="1")  # a third of it
    before = scored_sheet(world, "colleague")
    assert before.manager_task == D("23.33")
    taken = tasks.take_over(c, world.staff["colleague"], {}, by=world.users["unit_head"])
    assert (taken.kind, taken.units, taken.taken_from_id) == (TaskKind.TAKEN_OVER, D(4), c.id)
    with pytest.raises(ValidationError):
        tasks.take_over(c, world.staff["outsider"], {}, by=world.users["unit_head"])
    done(taken)
    confirm(world, taken)  # the scored sheet follows the confirmation at once
    assert before.manager_task == D("46.67")  # (4 + 4 extra) / 12 = 66.67 %
    result = assessments.breakdown(before, manager=True)
    assert (result.quantity_pct, result.extra_units) == (D("66.67"), D(4))


def test_a_closed_period_keeps_its_coefficients_after_the_catalogue_changes(
    world, catalogue, clock
):
    a = give(world, "clerk", "VB02", "2", catalogue)  # 17 units at 8.5
    late = give(world, "clerk", "VB01", "1", catalogue)
    done(a)
    confirm(world, a)
    sheet = scored_sheet(world, "clerk", close=True)
    assert sheet.status == SheetStatus.CLOSED
    closed = (sheet.manager_total, list(sheet.items_manager))
    head = db.session.query(User).filter_by(username="giamdoc").one()  # approved the first
    clock.move_to(datetime(2026, 12, 1, 9))
    newer = products.start_version(world.agency, date(2026, 12, 1), "01 văn bản")
    next(p for p in newer.products if p.code == "VB02").coefficient = D(2)
    products.approve(newer, head)
    db.session.commit()
    db.session.expire_all()
    assert (sheet.manager_total, sheet.items_manager) == closed
    assert a.coefficient == D("8.50")
    again = assessments.breakdown(sheet, manager=True)
    assert again.total == closed[0]
    # Nothing reaches a closed period: no report, no confirmation, no new task.
    with pytest.raises(ValidationError) as report:
        done(late)
    with pytest.raises(ValidationError) as new_task:
        give(world, "clerk", "VB01", "1", {"VB01": newer.products[1]}, due=date(2026, 12, 15))
    for refused in (report, new_task):
        assert "đã được chốt" in refused.value.errors[0][1]
    assert late.status == TaskStatus.ASSIGNED


def test_a_team_product_is_split_within_its_total(world, catalogue):
    data = {"expected_output": "Đề án vị trí việc làm", "due_on": DUE}
    team = [(world.staff["clerk"], "2"), (world.staff["colleague"], "1.5")]
    with pytest.raises(ValidationError) as over:
        tasks.split(catalogue["VB02"], "3", team, data, by=world.users["unit_head"])
    assert over.value.errors[0][0] == "parts"
    parts = tasks.split(catalogue["VB02"], "4", team, data, by=world.users["unit_head"])
    assert [p.units for p in parts] == [D("17.00"), D("12.75")]
    assert parts[0].team_code == parts[1].team_code and parts[0].team_total == D(4)


def test_a_report_needs_an_output_of_a_checked_type(world, catalogue, app):
    task = give(world, "clerk", "VB01", "1", catalogue)
    for kwargs, field in (
        ({}, "output_link"),
        ({"link": "javascript:alert(1)"}, "output_link"),
        ({"upload": ("ketqua.exe", b"MZ...")}, "output_file"),
        ({"upload": ("ketqua.pdf", b"PK\x03\x04 not a pdf")}, "output_file"),
        ({"upload": ("ketqua.pdf", b"%PDF-" + b"0" * (6_000_000))}, "output_file"),
    ):
        with pytest.raises(ValidationError) as refused:
            tasks.report(task, **kwargs)
        assert refused.value.errors[0][0] == field, kwargs
        assert task.status == TaskStatus.ASSIGNED and task.reported_on is None
    tasks.report(task, upload=("ketqua.pdf", b"%PDF-1.7 ..."), note="Đã trình")
    assert (task.status, task.output_filename, task.reported_on) == (
        TaskStatus.REPORTED,
        "ketqua.pdf",
        date(2026, 11, 16),
    )
    with pytest.raises(ValidationError) as over:
        confirm(world, task, quantity="2")
    assert over.value.errors[0][0] == "confirmed_quantity"
