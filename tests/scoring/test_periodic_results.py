"""Quarter and six-month results (Decree 335 Art 17.3, Art 23.1(b))."""

from decimal import Decimal as D

import pytest

from scoring.periodic_results import summarise


def _by(results):
    return {(r.kind, r.index): r for r in results}


def test_quarter_is_the_mean_of_its_three_months_and_half_year_of_six():
    months = {1: D("80"), 2: D("70.5"), 3: D("91"), 4: D("60"), 5: D("65"), 6: D("40")}
    got = _by(summarise(months, quarterly=False))
    assert got["quarter", 1].score == D("80.50")  # (80 + 70.5 + 91) / 3
    assert got["quarter", 1].level == "HTT"
    assert got["quarter", 2].score == D("55.00")
    assert got["half", 1].score == D("67.75")  # 406.5 / 6
    assert got["half", 1].level == "HTNV"
    assert all(r.complete for r in got.values())
    assert set(got) == {("quarter", 1), ("quarter", 2), ("half", 1)}


def test_a_quarter_rounds_half_up_like_the_year():
    got = _by(summarise({1: D("70"), 2: D("70"), 3: D("70.01")}, quarterly=False))
    assert got["quarter", 1].score == D("70.00")  # 70.00333…
    got = _by(summarise({1: D("89.99"), 2: D("90"), 3: D("90")}, quarterly=False))
    assert got["quarter", 1].score == D("90.00")  # 89.9966… rounds up into the top band
    assert got["quarter", 1].level == "HTXS"


def test_quarterly_agency_half_year_is_the_mean_of_two_quarters():
    got = _by(summarise({1: D("80"), 2: D("45.5"), 3: D("75")}, quarterly=True))
    assert got["quarter", 2].score == D("45.50") and got["quarter", 2].below_50
    assert got["half", 1].score == D("62.75") and got["half", 1].complete
    assert got["half", 2].months_scored == 3 and not got["half", 2].complete


def test_below_50_cites_art_23_and_each_result_its_band_article():
    got = _by(summarise({4: D("49.99"), 5: D("40"), 6: D("50")}, quarterly=False))
    q2 = got["quarter", 2]
    assert q2.score == D("46.66") and q2.level == "KHTNV" and q2.below_50
    articles = [r.article for r in q2.reasons]
    assert "Nghị định 335/2025/NĐ-CP, Điều 17 khoản 3" in articles
    assert "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 4 điểm a" in articles
    assert "Nghị định 335/2025/NĐ-CP, Điều 23 khoản 1 điểm b" in articles
    got = _by(summarise({4: D("50")}, quarterly=False, regime="D233"))
    assert not got["quarter", 2].below_50
    assert got["quarter", 2].reasons[1].article == "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 3"


def test_missing_months_make_an_incomplete_period():
    got = _by(summarise({7: D("80"), 9: D("60")}, quarterly=False))
    assert got["quarter", 3].score == D("70.00")
    assert got["quarter", 3].months_scored == 2 and not got["quarter", 3].complete


@pytest.mark.parametrize("period", [0, 13])
def test_a_month_out_of_range_is_refused(period):
    with pytest.raises(ValueError):
        summarise({period: D("80")}, quarterly=False)
