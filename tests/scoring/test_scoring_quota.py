"""Quota on HTXS (docs/rules/rules.md §4; docs/rules/decisions.md A14, A15, A17, ties,
over-quota)."""

from typing import Any

import pytest
from scoring_helpers import codes, person

import scoring


def batch(scores: list[float], year: int = 2026, **options: Any) -> dict[str, Any]:
    people = [person(f"p{i:02d}", score=s) for i, s in enumerate(scores)]
    return {"year": year, "options": options, "people": people}


def rows(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in out["people"]}


def agency(out: dict[str, Any]) -> dict[str, Any]:
    return next(q for q in out["quotas"] if q["scope"] == "agency")


def test_ND335_Dieu20_k5a_reading_B_floor_20pct() -> None:
    # 10 rated HTT or above -> floor(0.2 * 10) = 2; reading L floor(0.2*10/1.2) = 1.
    out = scoring.classify(batch([99, 98, 97, 96, 95, 80, 80, 80, 80, 80]))
    q = agency(out)
    assert (q["base"], q["cap"], q["cap_other_reading"], q["candidates"]) == (10, 2, 1, 5)
    assert q["selected"] == ["p00", "p01"]
    by_id = rows(out)
    assert [by_id[f"p0{i}"]["level"] for i in range(5)] == ["HTXS", "HTXS", "HTT", "HTT", "HTT"]
    assert "over_quota" in codes(by_id["p02"])
    assert by_id["p02"]["eligible_level"] == "HTXS"
    assert by_id["p02"]["needs_decision"] is False


def test_A14_reading_L_htt_only() -> None:
    out = scoring.classify(batch([99, 98, 97, 96, 95, 80, 80, 80, 80, 80], quota_base="htt_only"))
    q = agency(out)
    assert (q["cap"], q["cap_other_reading"], q["reading"]) == (1, 2, "htt_only")
    assert q["selected"] == ["p00"]


def test_A15_contract_example_23_people() -> None:
    out = scoring.classify(batch([95] * 1 + [94, 93, 92, 91, 90, 90.5, 91.5, 92.5] + [80] * 14))
    q = agency(out)
    assert (q["base"], q["cap"], q["cap_other_reading"]) == (23, 4, 3)
    assert q["rate"] == 0.2


def test_A17_outstanding_unit_25pct() -> None:
    out = scoring.classify(batch([99, 98, 97, 96] + [80] * 8, outstanding_unit=True))
    q = agency(out)
    assert (q["rate"], q["cap"], q["cap_other_reading"]) == (0.25, 3, 2)
    p = rows(out)["p00"]
    assert "outstanding_rate" in codes(p)


def test_small_base_gives_zero_with_arithmetic_shown() -> None:
    out = scoring.classify(batch([95, 80, 80, 80]))
    q = agency(out)
    assert (q["base"], q["cap"]) == (4, 0)
    assert rows(out)["p00"]["level"] == "HTT"


def test_tie_at_cut_line_needs_decision_for_all_tied() -> None:
    out = scoring.classify(batch([99, 95, 95, 95, 80, 80, 80, 80, 80, 80]))
    by_id = rows(out)
    q = agency(out)
    assert q["selected"] == ["p00"]
    assert q["tied"] == ["p01", "p02", "p03"]
    assert q["open_slots"] == 1
    for pid in ("p01", "p02", "p03"):
        assert by_id[pid]["needs_decision"] is True
        assert by_id[pid]["level"] == "HTT"
        assert "quota_tie" in codes(by_id[pid])


def test_tie_below_cut_line_is_plain_over_quota() -> None:
    out = scoring.classify(batch([99, 98, 95, 95, 80, 80, 80, 80, 80, 80]))
    by_id = rows(out)
    assert agency(out)["tied"] == []
    assert by_id["p02"]["needs_decision"] is False
    assert "over_quota" in codes(by_id["p02"])


def test_tie_after_rounding() -> None:
    # 95.004 and 95.0 are both 95.00 once rounded: what is shown decides.
    out = scoring.classify(batch([99, 95.004, 95.0, 80, 80, 80, 80, 80, 80, 80]))
    assert agency(out)["tied"] == ["p01", "p02"]


def test_task_group_cap_binds_below_agency() -> None:
    people = [person(f"a{i}", score=95, task_group="A") for i in range(5)]
    people += [person(f"a9{i}", score=91 + i, task_group="A") for i in range(0)]
    people += [person(f"b{i}", score=80, task_group="B") for i in range(5)]
    out = scoring.classify({"year": 2026, "people": people})
    quotas = {q["scope"]: q for q in out["quotas"]}
    assert quotas["agency"]["cap"] == 2
    assert quotas["task_group:A"]["cap"] == 1
    # 5 tied at the top of group A for 1 slot: nobody is chosen by the engine.
    assert quotas["task_group:A"]["tied"] == [f"a{i}" for i in range(5)]
    assert sum(p["level"] == "HTXS" for p in out["people"]) == 0


def test_task_group_cap_binds_with_distinct_scores() -> None:
    people = [person(f"a{i}", score=99 - i, task_group="A") for i in range(5)]
    people += [person(f"b{i}", score=80, task_group="B") for i in range(5)]
    out = scoring.classify({"year": 2026, "people": people})
    htxs = [p["id"] for p in out["people"] if p["level"] == "HTXS"]
    assert htxs == ["a0"]  # group A: floor(0.2 * 5) = 1 although the agency allows 2
    assert "nhóm nhiệm vụ tương đồng “A”" in rows(out)["a1"]["reasons"][-1]["message"]


def test_ND90_original_has_no_numeric_quota() -> None:
    crit = {
        "general": "done_well",
        "tasks_completed_pct": 100,
        "on_time_quality_pct": 100,
        "exceeded_pct": 60,
        "not_assured_pct": 0,
    }
    people = [person(f"p{i}", group="vien_chuc", score=None, criteria=crit) for i in range(3)]
    out = scoring.classify({"year": 2021, "people": people})
    assert out["quotas"] == []
    assert all(p["level"] == "HTXS" for p in out["people"])


def test_D90_D48_quota_is_provisional() -> None:
    crit = {
        "general": "done_well",
        "tasks_completed_pct": 100,
        "on_time_quality_pct": 100,
        "exceeded_pct": 60,
        "not_assured_pct": 0,
    }
    people = [person(f"p{i}", group="vien_chuc", score=None, criteria=crit) for i in range(10)]
    out = scoring.classify({"year": 2024, "people": people})
    # Without scores every candidate ties: 2 slots, 10 tied -> all for the competent person.
    assert agency(out)["cap"] == 2
    assert len(agency(out)["tied"]) == 10
    assert all("provisional" in codes(p) for p in out["people"])


def test_not_classified_and_khtnv_are_not_in_base() -> None:
    scores = [95, 95, 40, 40, 40]
    b = batch(scores)
    b["people"].append(person("short", months_worked=2))
    out = scoring.classify(b)
    assert agency(out)["base"] == 2


@pytest.mark.parametrize("reading", ["htt_or_above", "htt_only"])
def test_selection_is_by_score_highest_first(reading: str) -> None:
    scores = [91, 99, 93, 97, 95] + [80] * 20
    out = scoring.classify(batch(scores, quota_base=reading))
    q = agency(out)
    chosen = sorted((p["score"] for p in out["people"] if p["level"] == "HTXS"), reverse=True)
    assert chosen == sorted(scores, reverse=True)[: q["cap"]]
