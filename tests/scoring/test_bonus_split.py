"""The bonus split adds up to the fund to the đồng (largest remainder; property tests)."""

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.bonus import Band, coefficient_for_score, split

coefficients = st.lists(
    st.decimals(min_value=0, max_value=10, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=60,
)
funds = st.integers(min_value=0, max_value=10**12)


# No deadline: the machine is shared; the property, not the speed, is under test.
@settings(max_examples=200, deadline=None)
@given(funds, coefficients)
def test_the_shares_add_up_to_the_fund_to_the_dong(fund, coefs):
    shares = split(fund, coefs)
    if sum(coefs) == 0:
        assert all(s.amount == 0 for s in shares)
        return
    assert sum(s.amount for s in shares) == fund
    for s in shares:
        assert s.amount == s.floor + s.extra
        # Never more than one đồng away from the exact proportional share.
        assert abs(s.amount - s.exact) < 1
        assert s.exact == Fraction(fund) * Fraction(s.coefficient) / Fraction(sum(coefs))


# No deadline: the machine is shared; the property, not the speed, is under test.
@settings(max_examples=200, deadline=None)
@given(funds, coefficients)
def test_a_larger_coefficient_never_gets_less(fund, coefs):
    shares = split(fund, coefs)
    for a in shares:
        for b in shares:
            if a.coefficient > b.coefficient:
                assert a.amount >= b.amount


def test_the_remainder_goes_to_the_largest_remainders_then_in_order():
    shares = split(100, [D("1"), D("1"), D("1")])
    assert [s.amount for s in shares] == [34, 33, 33]
    shares = split(10_000_000, [D("1.2"), D("1.0"), D("0.8")])
    # exact: 4,000,000; 3,333,333.33…; 2,666,666.66… → the last gets the left-over đồng
    assert [s.amount for s in shares] == [4_000_000, 3_333_333, 2_666_667]


def test_bad_fund_or_coefficient_is_refused():
    with pytest.raises(ValueError):
        split(-1, [D(1)])
    with pytest.raises(ValueError):
        split(10, [D(1), D(-1)])


def test_coefficient_of_the_band_the_score_reaches():
    bands = [Band(D(90), D("1.2")), Band(D(70), D("1.0")), Band(D(50), D("0.8"))]
    assert coefficient_for_score(D("90"), bands) == D("1.2")
    assert coefficient_for_score(D("89.99"), bands) == D("1.0")
    assert coefficient_for_score(D("50"), bands) == D("0.8")
    assert coefficient_for_score(D("49.99"), bands) == D(0)
