"""The load benchmark saves what a person could save: its work items pass the sheet's own checks.

When they did not (an item dated outside its period, after the rule that an item counts in the
period it falls due), every autosave of `bench/load.py` answered 422 and the benchmark measured
refusals. This keeps the benchmark's data in step with the rules."""

import pytest

from bench.load import typical_items
from evaluation import _time
from evaluation.extensions import db
from evaluation.services import assessments, cycles

from . import factories


@pytest.mark.day("2026-12-04")
@pytest.mark.parametrize("period_kind", ["month", "quarter"])
def test_the_load_benchmark_items_pass_the_sheet_checks(app, period_kind):
    agency = factories.make_agency("SXD", "Sở Xây dựng tỉnh Hà Nam")
    unit = factories.make_unit(agency, "KT", "Phòng Kỹ thuật")
    person = factories.make_staff(agency, unit)
    # The round the benchmark's database opens (`demo --province --open-year`) on this day.
    live = cycles.live_round(_time.today())
    agency.special_deadline = live.special_deadline
    cycle = factories.make_cycle(agency, live.year, period_kind=period_kind, **live.deadlines)
    for period in range(1, 5):
        sheet = assessments.new_sheet(cycle, person, period)
        assessments.save_sheet(
            sheet, {"items": typical_items(cycle, period, 3)}, submit=False, version=None
        )
        db.session.flush()
        assert [item["title"][:24] for item in sheet.items] == ["Công việc thường xuyên s"] * 3
        assert all(
            item["due_on"] <= assessments.period_end(cycle, period).isoformat()
            for item in sheet.items
        )
