"""A bad batch's problems in structured form (``BatchError.details``): each person's problems
keyed by their id and field, beside the JSON contract's paths, which stay as they were."""

from decimal import Decimal

import pytest
from scoring_helpers import person

import scoring
from scoring import InputError


def error_of(batch: dict) -> scoring.BatchError:
    with pytest.raises(scoring.BatchError) as caught:
        scoring.parse_batch(batch)
    return caught.value


def test_each_persons_problems_are_keyed_by_their_id_and_field() -> None:
    batch = {
        "year": 2026,
        "people": [
            person("ok"),
            person("s-17", score=Decimal("100.5")),
            person("s-42", group="x", discipline=[{"sanction": "warning"}]),
        ],
    }
    error = error_of(batch)
    # The JSON contract is unchanged: paths by index.
    assert [e["path"] for e in error.errors][:1] == ["people[1].score"]
    by_person = error.by_person()
    assert set(by_person) == {"s-17", "s-42"}
    assert [(d.index, d.field) for d in by_person["s-17"]] == [(1, "score")]
    assert by_person["s-17"][0].message == error.errors[0]["message"]
    assert {d.field for d in by_person["s-42"]} == {"group", "discipline"}
    assert all(d.index == 2 for d in by_person["s-42"])
    assert error.batch_level == ()
    # One detail per error, in the same order, with the same path and message.
    assert [(d.path, d.message) for d in error.details] == [
        (e["path"], e["message"]) for e in error.errors
    ]


def test_batch_level_problems_belong_to_nobody() -> None:
    error = error_of({"year": 2019, "people": [person("a"), person("b", score=-1)]})
    assert [d.path for d in error.batch_level] == ["year"]
    assert error.batch_level[0].person is None
    assert list(error.by_person()) == ["b"]


def test_a_duplicate_id_is_the_duplicates_problem() -> None:
    error = error_of({"year": 2026, "people": [person("a"), person("a")]})
    assert error.details == (InputError("people[1].id", error.errors[0]["message"], "a", 1, "id"),)


def test_the_json_api_reports_paths_only() -> None:
    with pytest.raises(scoring.BatchError) as caught:
        scoring.classify({"year": 2026, "people": [person("a", score=101)]})
    assert caught.value.errors == [
        {"path": "people[0].score", "message": caught.value.errors[0]["message"]}
    ]
    assert set(caught.value.errors[0]) == {"path", "message"}


def test_a_period_sheets_problems_name_the_item_and_field() -> None:
    """scoring.periodic's errors carry the work item's index and field beside the path."""
    from datetime import date

    from scoring.periodic import GENERAL_CRITERIA, WorkItem, score_period

    full = {c.code: c.max_points for c in GENERAL_CRITERIA["D335"]}
    start, due = date(2026, 1, 5), date(2026, 1, 20)
    good = WorkItem("Báo cáo", Decimal(1), start, due, date(2026, 1, 19), True, False, False)
    bad = WorkItem("Tờ trình", Decimal(0), start, due, None, True, False, False)
    result = score_period("D335", {**full, "I.1": Decimal("5.5")}, [good, bad], None)
    found = {(e.path, e.item, e.field) for e in result.errors}
    assert ("items[1].units", 1, "units") in found
    assert ("general.I.1", None, "I.1") in found
