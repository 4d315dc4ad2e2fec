"""Scores in hundredths give exactly what the Decimal rounding policy (numbers.q2) gives."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from scoring_helpers import one, person

from scoring.numbers import cents_decimal, mean_cents, q2, score_cents

SCORES = st.one_of(
    st.floats(min_value=0, max_value=100),
    st.integers(min_value=0, max_value=100),
    st.decimals(min_value=0, max_value=100, places=3),
    st.decimals(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
    st.integers(min_value=0, max_value=10_000).map(lambda c: c / 100),
    st.integers(min_value=0, max_value=100_000).map(lambda c: c / 1000),
)


def as_decimal(value: float | int | Decimal) -> Decimal:
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


@settings(max_examples=300)
@given(SCORES)
def test_score_cents_is_q2_exactly(value: float | int | Decimal) -> None:
    expected = q2(as_decimal(value))
    cents = score_cents(value)
    assert cents is not None
    assert cents_decimal(cents) == expected
    assert str(cents_decimal(cents)) == str(expected)
    assert repr(cents / 100) == repr(float(expected))


@settings(max_examples=300)
@given(st.lists(SCORES, min_size=1, max_size=12))
def test_mean_cents_is_the_rounded_mean(values: list[float | int | Decimal]) -> None:
    rounded = [q2(as_decimal(v)) for v in values]
    expected = q2(sum(rounded, Decimal(0)) / len(rounded))
    cents = [score_cents(v) for v in values]
    assert cents_decimal(mean_cents(cents)) == expected  # type: ignore[arg-type]


def test_out_of_range_and_non_numbers() -> None:
    for bad in (-0.01, 100.001, 101, -1, float("nan"), float("inf"), True, "90", None,
                Decimal("NaN"), Decimal("100.0001")):  # fmt: skip
        assert score_cents(bad) is None


def test_half_up_on_the_third_decimal() -> None:
    assert score_cents(91.125) == 9113
    assert score_cents(89.995) == 9000
    assert score_cents(Decimal("89.9949")) == 8999
    assert score_cents(1e-05) == 0


def test_negative_zero_is_written_back_as_typed() -> None:
    assert repr(one(person(score=-0.0))["score"]) == "-0.0"
    assert repr(one(person(score=0.0))["score"]) == "0.0"
    assert repr(one(person(score=None, period_scores=[-0.0, 0.0]))["score"]) == "0.0"


def test_typed_path_keeps_decimal_scores_and_agrees_with_dict_path() -> None:
    from scoring import classify, classify_people, parse_batch

    raw = {
        "year": 2026,
        "people": [
            person("a", score=91.125),
            person("b", score=None, period_scores=[89.995, 90, 90.01]),
            person("c", score=-0.0),
            person("d", score=Decimal("95.5")),
            person("e", score=100),
        ],
    }
    batch = parse_batch(raw)
    assert batch.people[0].score == Decimal("91.125")  # as typed, not rounded
    assert batch.people[1].period_scores == (Decimal("89.995"), Decimal("90"), Decimal("90.01"))
    typed = classify_people(batch)
    as_dict = classify(raw)
    assert [str(r.score) for r in typed.people] == ["91.13", "90.00", "-0.00", "95.50", "100.00"]
    for r, d in zip(typed.people, as_dict["people"], strict=True):
        assert (r.level, r.eligible_level, float(r.score)) == (
            d["level"],
            d["eligible_level"],
            d["score"],
        )  # type: ignore[arg-type]
        assert [x.as_dict() for x in r.reasons] == d["reasons"]
