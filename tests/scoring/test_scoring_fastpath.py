"""The validation fast path accepts only what the full check accepts, with the same row."""

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.model import Options
from scoring.validate import _fast_regimes, _fast_row, parse_person, parse_rows

ANY = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-2, max_value=120),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=0, max_value=100),
    st.decimals(min_value=0, max_value=100, places=2),
    st.sampled_from(["", "x", "HTT", "staff", "unit_head", "cong_chuc", "vien_chuc"]),
)
FIELDS = {
    "id": st.one_of(st.sampled_from(["a", "b", ""]), ANY),
    "group": st.one_of(
        st.sampled_from(["can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"]), ANY
    ),
    "position": st.one_of(st.sampled_from(["staff", "manager", "unit_head"]), ANY),
    "task_group": st.one_of(st.sampled_from(["g1", "g2"]), ANY),
    "months_worked": st.one_of(st.integers(min_value=0, max_value=12), ANY),
    "unit_has_regulation": st.one_of(st.booleans(), st.none(), ANY),
    "score": st.one_of(st.floats(min_value=0, max_value=100), ANY),
    "period_scores": st.one_of(st.lists(st.floats(min_value=0, max_value=100), max_size=4), ANY),
    "unit_level": st.one_of(st.sampled_from(["HTXS", "HTT", "HTNV", "KHTNV"]), ANY),
    "leave": st.one_of(
        st.lists(
            st.fixed_dictionaries(
                {"kind": st.sampled_from(["sick", "maternity", "unpaid", "x"])},
                optional={"months": st.one_of(st.integers(min_value=-1, max_value=13), ANY)},
            ),
            max_size=2,
        ),
        ANY,
    ),
    "discipline": st.one_of(
        st.lists(
            st.fixed_dictionaries(
                {
                    "sanction": st.sampled_from(["reprimand", "warning", "x"]),
                    "effective_year": st.sampled_from([2025, 2026, 2026.0]),
                },
                optional={
                    "duty_related": st.one_of(st.booleans(), ANY),
                    "act": st.one_of(st.sampled_from(["a1", "a2"]), ANY),
                    "system": st.sampled_from(["party", "state", "x"]),
                    "counted_in_year": st.one_of(st.sampled_from([2025, 2026]), ANY),
                },
            ),
            max_size=2,
        ),
        ANY,
    ),
    "degradation_finding": st.booleans(),
    "other": st.integers(),
}
VALID = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b"]),
        "group": st.sampled_from(["can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"]),
        "months_worked": st.integers(min_value=0, max_value=12),
        "unit_has_regulation": st.booleans(),
    },
    optional={
        "position": st.sampled_from(["staff", "manager", "unit_head"]),
        "task_group": st.sampled_from(["g1", "g2"]),
        "score": st.one_of(
            st.floats(min_value=0, max_value=100),
            st.integers(min_value=0, max_value=10_000).map(lambda c: c / 100),
            st.integers(min_value=0, max_value=100),
            st.decimals(min_value=0, max_value=100, places=3),
        ),
        "period_scores": st.lists(st.floats(min_value=0, max_value=100), min_size=1, max_size=4),
        "unit_level": st.sampled_from(["HTXS", "HTT", "HTNV", "KHTNV"]),
        "leave": st.lists(
            st.fixed_dictionaries(
                {
                    "kind": st.sampled_from(["sick", "maternity", "unpaid", "lawful_absence"]),
                    "months": st.integers(min_value=0, max_value=4),
                }
            ),
            max_size=2,
        ),
        "discipline": st.lists(
            st.fixed_dictionaries(
                {
                    "sanction": st.sampled_from(["reprimand", "warning"]),
                    "effective_year": st.sampled_from([2025, 2026]),
                    "duty_related": st.booleans(),
                },
                optional={"act": st.sampled_from(["a1", "a2"])},
            ),
            max_size=2,
        ),
    },
)


@st.composite
def people(draw: st.DrawFn) -> dict[str, Any]:
    """A well-formed person, often with one to three fields replaced by anything."""
    raw = draw(VALID)
    for key in draw(st.lists(st.sampled_from(sorted(FIELDS)), max_size=3, unique=True)):
        raw[key] = draw(FIELDS[key])
    return raw


PEOPLE = people()


@settings(max_examples=2000)
@given(PEOPLE, st.sampled_from([2021, 2024, 2026, 2027]))
def test_fast_row_agrees_with_parse_person(raw: dict[str, Any], year: int) -> None:
    options = Options()
    errors: list[tuple[str, str]] = []
    full = parse_person(raw, 0, year, options, lambda p, m: errors.append((p, m)))
    fast = _fast_row(raw, _fast_regimes(year, options))
    if fast is not None:
        assert not errors
        assert fast == full
        assert [type(x) for x in fast] == [type(x) for x in full]  # type: ignore[union-attr]


def test_errors_are_reported_in_order_whatever_the_path() -> None:
    good = {"id": "a", "group": "cong_chuc", "months_worked": 12, "score": 80.0}
    batch = {
        "year": 2026,
        "people": [good, {**good, "id": "b", "score": 101}, good, {**good, "id": "c"}],
    }
    try:
        parse_rows(batch)
    except Exception as exc:  # noqa: BLE001
        assert [e["path"] for e in exc.errors] == ["people[1].score", "people[2].id"]  # type: ignore[attr-defined]
    else:
        raise AssertionError("no error")
    assert parse_rows({"year": 2026, "people": [good, {**good, "id": "d", "score": Decimal(1)}]})
