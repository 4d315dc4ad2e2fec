"""Issue 15 point 5: bad numbers are a clear error, never an exception or a NaN average."""

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from scoring_helpers import one, person

import scoring

ROOT = Path(__file__).resolve().parents[2]


def cli(text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scoring", "classify"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("field", "path", "word"),
    [
        ('"score": NaN', "people[0].score", "NaN"),
        ('"score": Infinity', "people[0].score", "Infinity"),
        ('"period_scores": [80, NaN]', "people[0].period_scores[1]", "NaN"),
        ('"score": 80, "leave": [{"kind": "sick", "months": NaN}]', "people[0].leave[0].months",
         "NaN"),
    ],
)  # fmt: skip
def test_cli_nan_or_infinity_exits_2_with_the_path(field: str, path: str, word: str) -> None:
    text = (
        '{"year": 2026, "people": [{"id": "a", "group": "cong_chuc", "months_worked": 12, '
        + field
        + "}]}"
    )
    proc = cli(text)
    assert proc.returncode == 2, proc.stdout
    errors = json.loads(proc.stdout)["errors"]
    assert errors[0]["path"] == path
    assert word in errors[0]["message"] and "số" in errors[0]["message"]
    assert "Traceback" not in proc.stderr


def test_cli_nan_months_worked() -> None:
    text = '{"year": 2026, "people": [{"id": "a", "group": "cong_chuc", "months_worked": NaN, '
    text += '"score": 80}]}'
    proc = cli(text)
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["errors"][0]["path"] == "people[0].months_worked"


def test_every_problem_listed_including_duplicate_of_an_invalid_first() -> None:
    """The first "a" is invalid (NaN score); its duplicate is reported too."""
    batch = {
        "year": 2026,
        "people": [
            person("a", score=float("nan")),
            person("a", score=80),
            person("b", score=float("inf")),
            person("b", score=70),
        ],
    }
    with pytest.raises(scoring.BatchError) as err:
        scoring.classify(batch)
    paths = [e["path"] for e in err.value.errors]
    assert paths == ["people[0].score", "people[1].id", "people[2].score", "people[3].id"]


def test_units_duplicate_of_an_invalid_first_listed() -> None:
    unit = {
        "kind": "public_service", "score": 92, "tasks_on_time_quality_pct": 100,
        "exceeded_pct": 40, "tasks_completed_pct": 100, "behind_schedule_pct": 0,
        "plan_completed_pct": 100,
    }  # fmt: skip
    batch = {"year": 2026, "units": [dict(unit, id="u", score=float("nan")), dict(unit, id="u")]}
    with pytest.raises(scoring.BatchError) as err:
        scoring.classify_units(batch)
    assert [e["path"] for e in err.value.errors] == ["units[0].score", "units[1].id"]


@pytest.mark.parametrize(
    ("typed", "expected", "level"),
    [
        ("89.99499999999999999999999999999", 89.99, "HTT"),  # 31 digits: one rounding
        ("89.9950000000000000000000000000001", 90.0, "HTXS"),
        ("69.994999999999999999999999999999999999", 69.99, "HTNV"),
        ("49.99500000000000000000000000000", 50.0, "HTNV"),
    ],
)
def test_long_decimals_round_once_exactly(typed: str, expected: float, level: str) -> None:
    row = one(person(score=Decimal(typed)))
    assert (row["score"], row["eligible_level"]) == (expected, level)
    text = '{"year": 2026, "people": [{"id": "a", "group": "cong_chuc", "months_worked": 12, '
    proc = cli(text + f'"score": {typed}' + "}]}")
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["people"][0]["score"] == expected


def test_period_scores_never_average_to_nan() -> None:
    with pytest.raises(scoring.BatchError):
        scoring.classify({"year": 2026, "people": [person(score=None, period_scores=[80, "NaN"])]})


def test_periodic_sheet_nan_is_a_field_error_never_an_exception() -> None:
    from datetime import date

    from scoring.periodic import GENERAL_CRITERIA, WorkItem, annual_average, score_period

    general = {c.code: c.max_points for c in GENERAL_CRITERIA["D335"]}
    general["I.1"] = Decimal("NaN")
    item = WorkItem("A", Decimal("Infinity"), date(2026, 1, 2), date(2026, 1, 9), None, True,
                    False, False)  # fmt: skip
    s = score_period("D335", general, [item], None)
    assert {e.path for e in s.errors} >= {"general.I.1", "items[0].units"}
    assert s.total == 0
    with pytest.raises(ValueError):
        annual_average([Decimal("80"), Decimal("NaN")])
