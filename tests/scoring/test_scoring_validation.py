"""Bad batches: every error collected with its path, messages in Vietnamese, nothing classified."""

from decimal import Decimal
from typing import Any

import pytest
from scoring_helpers import d90_criteria, person

import scoring


def errors_of(batch: Any) -> list[dict[str, str]]:
    with pytest.raises(scoring.BatchError) as exc:
        scoring.classify(batch)
    return exc.value.errors


def paths(batch: Any) -> set[str]:
    return {e["path"] for e in errors_of(batch)}


BAD = [
    ("not-an-object", [], {""}),
    ("missing-people", {"year": 2026}, {"people"}),
    ("missing-year", {"people": []}, {"year"}),
    ("year-before-2020", {"year": 2019, "people": []}, {"year"}),
    ("year-not-int", {"year": "2026", "people": []}, {"year"}),
    ("bad-option", {"year": 2026, "options": {"quota_base": "x"}, "people": []},
     {"options.quota_base"}),
    ("score-over-100", {"year": 2026, "people": [person(score=100.5)]}, {"people[0].score"}),
    ("score-negative", {"year": 2026, "people": [person(score=-1)]}, {"people[0].score"}),
    ("score-string", {"year": 2026, "people": [person(score="90")]}, {"people[0].score"}),
    ("score-bool", {"year": 2026, "people": [person(score=True)]}, {"people[0].score"}),
    ("months-13", {"year": 2026, "people": [person(months_worked=13)]},
     {"people[0].months_worked"}),
    ("months-missing", {"year": 2026, "people": [person(months_worked=None)]},
     {"people[0].months_worked"}),
    ("leave-over-year", {"year": 2026, "people": [
        person(months_worked=8, leave=[{"kind": "sick", "months": 5}])]}, {"people[0].leave"}),
    ("leave-kind", {"year": 2026, "people": [
        person(leave=[{"kind": "holiday", "months": 0}])]}, {"people[0].leave[0].kind"}),
    ("score-needed-D335", {"year": 2026, "people": [person(score=None)]}, {"people[0].score"}),
    ("criteria-needed-D90", {"year": 2024, "people": [person(score=None)]},
     {"people[0].criteria"}),
    ("criteria-field-needed-D90", {"year": 2024, "people": [
        person(score=None, criteria={"general": "met"})]},
     {"people[0].criteria.tasks_completed_pct", "people[0].criteria.not_assured_pct"}),
    ("pct-over-100", {"year": 2024, "people": [
        person(score=None, criteria=d90_criteria(exceeded_pct=101))]},
     {"people[0].criteria.exceeded_pct"}),
    ("regulation-needed-vien-chuc-2026", {"year": 2026, "people": [
        person(group="vien_chuc")]}, {"people[0].unit_has_regulation"}),
    ("unit-level-needed-D233-head", {"year": 2026, "people": [
        person(group="vien_chuc", unit_has_regulation=True, position="unit_head")]},
     {"people[0].unit_level"}),
    ("duty-needed-2026", {"year": 2026, "people": [
        person(discipline=[{"sanction": "reprimand", "effective_year": 2026}])]},
     {"people[0].discipline[0].duty_related"}),
    ("sanction-kind", {"year": 2026, "people": [
        person(discipline=[{"sanction": "fine", "duty_related": True,
                            "effective_year": 2026}])]},
     {"people[0].discipline[0].sanction"}),
    ("duplicate-id", {"year": 2026, "people": [person("a"), person("a")]}, {"people[1].id"}),
    ("group-unknown", {"year": 2026, "people": [person(group="x")]}, {"people[0].group"}),
    ("period-scores-empty", {"year": 2026, "people": [person(score=None, period_scores=[])]},
     {"people[0].period_scores"}),
    ("period-score-bad", {"year": 2026, "people": [
        person(score=None, period_scores=[90, 101])]}, {"people[0].period_scores[1]"}),
    ("unit-level-bad", {"year": 2026, "people": [person(unit_level="GOOD")]},
     {"people[0].unit_level"}),
]  # fmt: skip


@pytest.mark.parametrize(("batch", "expected"), [pytest.param(*c[1:], id=c[0]) for c in BAD])
def test_bad_batch(batch: Any, expected: set[str]) -> None:
    errors = errors_of(batch)
    assert expected <= {e["path"] for e in errors}
    for e in errors:
        assert set(e) == {"path", "message"}
        assert e["message"]


def test_all_errors_collected_across_people() -> None:
    batch = {
        "year": 2026,
        "people": [person("a", score=120), person("b"), person("c", months_worked=-1)],
    }
    assert paths(batch) == {"people[0].score", "people[2].months_worked"}


def test_messages_are_vietnamese() -> None:
    errors = errors_of({"year": 2026, "people": [person(months_worked=None, score=101)]})
    text = " ".join(e["message"] for e in errors)
    assert "Thiếu trường bắt buộc" in text
    assert "khoảng 0–100" in text


def test_unknown_fields_are_ignored() -> None:
    out = scoring.classify({"year": 2026, "extra": 1, "people": [person(nickname="x")]})
    assert out["people"][0]["classified"] is True


def test_decimal_input_accepted() -> None:
    out = scoring.classify({"year": 2026, "people": [person(score=Decimal("89.995"))]})
    assert out["people"][0]["score"] == 90.0


@pytest.mark.parametrize(
    "value", [float("nan"), float("inf"), Decimal("NaN"), Decimal("-Infinity")], ids=str
)
def test_non_finite_scores_are_errors(value: Any) -> None:
    assert paths({"year": 2026, "people": [person(score=value)]}) == {"people[0].score"}
    assert paths({"year": 2026, "people": [person(score=None, period_scores=[80, value])]}) == {
        "people[0].period_scores[1]"
    }


def test_units_before_2026_rejected() -> None:
    with pytest.raises(scoring.BatchError) as exc:
        scoring.classify_units({"year": 2025, "units": []})
    assert [e["path"] for e in exc.value.errors] == ["year"]
