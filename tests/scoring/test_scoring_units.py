"""Collectives: Decree 233 Art 7 (levels, Art 7.5 decisions, Art 7.7 quota)."""

from typing import Any

import pytest

import scoring


def unit(uid: str = "u1", **fields: Any) -> dict[str, Any]:
    base = {
        "id": uid,
        "kind": "public_service",
        "score": 92,
        "tasks_on_time_quality_pct": 100,
        "exceeded_pct": 30,
        "tasks_completed_pct": 100,
        "behind_schedule_pct": 0,
        "plan_completed_pct": 100,
    }
    base.update(fields)
    return base


def classify_one(u: dict[str, Any]) -> dict[str, Any]:
    return scoring.classify_units({"year": 2026, "units": [u]})["units"][0]


UNIT_CASES = [
    ("ND233-Dieu7-k1-HTXS", unit(), "HTXS", False, "score_band"),
    ("ND233-Dieu7-k5-HTXS-band-exceeded-20", unit(exceeded_pct=20), "HTT", True,
     "unit_conditions_not_met"),
    ("ND233-Dieu7-k1-constituent-KHTNV", unit(constituent_khtnv=True), "HTT", True,
     "unit_conditions_not_met"),
    ("ND233-Dieu7-k2-HTT", unit(score=75, exceeded_pct=0), "HTT", False, "score_band"),
    ("ND233-Dieu7-k3-HTNV", unit(score=60, tasks_on_time_quality_pct=85,
                                 behind_schedule_pct=20), "HTNV", False, "score_band"),
    ("ND233-Dieu7-k5-HTNV-band-behind-25", unit(score=60, behind_schedule_pct=25,
                                               tasks_on_time_quality_pct=75),
     "HTNV", True, "unit_conditions_not_met"),
    ("ND233-Dieu7-k4-score-under-50", unit(score=49.99), "KHTNV", False, "score_band"),
    ("ND233-Dieu7-k4a-personnel-violation", unit(personnel_violation=True), "KHTNV", False,
     "personnel_violation"),
    ("ND233-Dieu7-k4b-plan-under-70", unit(score=75, plan_completed_pct=69), "KHTNV", False,
     "plan_under_70"),
    ("ND233-Dieu7-k4b-force-majeure", unit(score=75, plan_completed_pct=60,
                                          force_majeure=True), "HTT", True, "force_majeure"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("u", "eligible", "needs", "code"),
    [pytest.param(*c[1:], id=c[0]) for c in UNIT_CASES],
)
def test_unit_case(u: dict[str, Any], eligible: str, needs: bool, code: str) -> None:
    out = classify_one(u)
    assert out["eligible_level"] == eligible
    assert out["needs_decision"] is needs
    assert code in [r["code"] for r in out["reasons"]]


def test_ND233_Dieu7_k7c_fewer_than_5_units_at_most_one() -> None:
    units = [unit(f"u{i}", score=99 - i) for i in range(4)]
    out = scoring.classify_units({"year": 2026, "units": units})
    assert [u["level"] for u in out["units"]] == ["HTXS", "HTT", "HTT", "HTT"]
    assert out["quotas"][0]["cap"] == 1
    assert "unit_quota_small" in [r["code"] for r in out["units"][0]["reasons"]]


def test_ND233_Dieu7_k7a_20pct_of_units() -> None:
    units = [unit(f"u{i}", score=99 - i) for i in range(4)]
    units += [unit(f"v{i}", score=80, exceeded_pct=0) for i in range(8)]
    out = scoring.classify_units({"year": 2026, "units": units})
    q = out["quotas"][0]
    assert (q["base"], q["cap"], q["candidates"]) == (12, 2, 4)
    assert [u["id"] for u in out["units"] if u["level"] == "HTXS"] == ["u0", "u1"]


def test_units_bad_batch_collects_errors() -> None:
    with pytest.raises(scoring.BatchError) as exc:
        scoring.classify_units({"year": 2026, "units": [{"id": "x", "score": 120}]})
    paths = {e["path"] for e in exc.value.errors}
    assert "units[0].score" in paths
    assert "units[0].plan_completed_pct" in paths
