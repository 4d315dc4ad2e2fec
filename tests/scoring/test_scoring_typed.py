"""The typed entry points give the same answers as the JSON contract."""

import dataclasses
import gc
from decimal import Decimal

import pytest
from scoring_helpers import person

import scoring
from scoring import Batch, Options, Person, classify_people, parse_batch


def test_typed_equals_dict_api() -> None:
    raw = {
        "year": 2026,
        "people": [person(f"p{i}", score=99 - i) for i in range(6)]
        + [person(f"q{i}", score=80) for i in range(6)],
    }
    typed = classify_people(parse_batch(raw))
    as_dict = scoring.classify(raw)
    assert [r.level for r in typed.people] == [p["level"] for p in as_dict["people"]]
    assert [r.score for r in typed.people] == [Decimal(str(p["score"])) for p in as_dict["people"]]
    assert typed.quotas[0].cap == as_dict["quotas"][0]["cap"] == 2
    assert all(isinstance(r.reasons[0], scoring.Reason) for r in typed.people)


def test_typed_inputs_are_frozen_dataclasses() -> None:
    p = Person(id="a", group="cong_chuc", score=Decimal("91.5"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.score = Decimal(1)  # type: ignore[misc]
    result = classify_people(Batch(year=2026, people=(p,), options=Options()))
    assert result.people[0].eligible_level == "HTXS"
    assert result.people[0].level == "HTT"  # base 1 -> cap 0


def test_gc_state_restored() -> None:
    assert gc.isenabled()
    scoring.classify({"year": 2026, "people": [person()]})
    assert gc.isenabled()
    with pytest.raises(scoring.BatchError):
        scoring.classify({"year": 2026, "people": [person(score=-5)]})
    assert gc.isenabled()


def test_host_decimal_context_does_not_change_results() -> None:
    from decimal import ROUND_DOWN, localcontext

    raw = {"year": 2026, "people": [person(score=None, period_scores=[89.995, 90, 90.01])]}
    expected = scoring.classify(raw)
    with localcontext() as ctx:
        ctx.prec = 3
        ctx.rounding = ROUND_DOWN
        assert scoring.classify(raw) == expected
    assert expected["people"][0]["score"] == 90.0
