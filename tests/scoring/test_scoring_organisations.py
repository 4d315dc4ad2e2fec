"""Organisations of a state administrative agency: Decree 335 Chapter II (Art 8 levels, Art 8.5
quota), and what they share with Decree 233 Art 7. Each case is named by its article."""

from typing import Any

import pytest

import scoring
from scoring.errors import BatchError

ND335 = "Nghị định 335/2025/NĐ-CP"


def org(oid: str = "p1", **fields: Any) -> dict[str, Any]:
    base = {
        "id": oid,
        "kind": "administrative",
        "score": 92,
        "tasks_on_time_quality_pct": 100,
        "exceeded_pct": 30,
        "tasks_completed_pct": 100,
        "behind_schedule_pct": 0,
        "plan_completed_pct": 100,
    }
    base.update(fields)
    return base


def classify(*orgs: dict[str, Any], **options: Any) -> dict[str, Any]:
    return scoring.classify_units({"year": 2026, "options": options, "units": list(orgs)})


def one(o: dict[str, Any]) -> dict[str, Any]:
    return classify(o)["units"][0]


def articles(result: dict[str, Any]) -> list[str]:
    return [r["article"] for r in result["reasons"]]


CASES = [
    # (id, facts, eligible level, needs_decision, reason code, article cited)
    ("ND335-Dieu8-k1-HTXS-90-points-all-conditions", org(), "HTXS", False, "score_band",
     "Điều 8 khoản 1"),
    ("ND335-Dieu8-k1a-HTXS-band-exceeded-under-30pct", org(exceeded_pct=29.99), "HTT", True,
     "unit_conditions_not_met", "Điều 8 khoản 1, 2, 3 và Điều 5"),
    ("ND335-Dieu8-k1b-HTXS-band-subordinate-KHTNV", org(constituent_khtnv=True), "HTT", True,
     "unit_conditions_not_met", "Điều 8 khoản 1, 2, 3 và Điều 5"),
    ("ND335-Dieu8-k1c-HTXS-band-shortcomings-not-remedied", org(shortcomings_remedied=False),
     "HTT", True, "unit_conditions_not_met", "Điều 8 khoản 1, 2, 3 và Điều 5"),
    ("ND335-Dieu8-k2-HTT-70-to-90", org(score=70, exceeded_pct=0), "HTT", False, "score_band",
     "Điều 8 khoản 2"),
    ("ND335-Dieu8-k2-HTT-band-late-tasks", org(score=80, tasks_on_time_quality_pct=90,
                                               behind_schedule_pct=10), "HTNV", True,
     "unit_conditions_not_met", "Điều 8 khoản 1, 2, 3 và Điều 5"),
    ("ND335-Dieu8-k3-HTNV-50-to-70-behind-20pct", org(score=50, tasks_on_time_quality_pct=80,
                                                      behind_schedule_pct=20), "HTNV", False,
     "score_band", "Điều 8 khoản 3"),
    ("ND335-Dieu8-k3-HTNV-band-behind-over-20pct", org(score=65, tasks_on_time_quality_pct=70,
                                                       behind_schedule_pct=30), "HTNV", True,
     "unit_conditions_not_met", "Điều 8 khoản 1, 2, 3 và Điều 5"),
    ("ND335-Dieu8-k4-under-50-points", org(score=49.99), "KHTNV", False, "score_band",
     "Điều 8 khoản 4"),
    ("ND335-Dieu8-k4a-violation-in-personnel-work-or-disunity", org(personnel_violation=True),
     "KHTNV", False, "personnel_violation", "Điều 8 khoản 4 điểm a"),
    ("ND335-Dieu8-k4b-under-70pct-of-plan", org(score=80, exceeded_pct=0, plan_completed_pct=69),
     "KHTNV", False, "plan_under_70", "Điều 8 khoản 4 điểm b"),
    ("ND335-Dieu8-k4b-force-majeure-authority-decides", org(score=80, exceeded_pct=0,
                                                            plan_completed_pct=60,
                                                            force_majeure=True),
     "HTT", True, "force_majeure", "Điều 8 khoản 4 điểm b"),
    ("ND335-Dieu8-k4a-violation-beats-force-majeure", org(personnel_violation=True,
                                                          plan_completed_pct=60,
                                                          force_majeure=True),
     "KHTNV", False, "personnel_violation", "Điều 8 khoản 4 điểm a"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("o", "eligible", "needs", "code", "article"),
    [pytest.param(*c[1:], id=c[0]) for c in CASES],
)
def test_organisation_level(
    o: dict[str, Any], eligible: str, needs: bool, code: str, article: str
) -> None:
    out = one(o)
    assert out["regime"] == "D335"
    assert out["eligible_level"] == eligible
    assert out["needs_decision"] is needs
    reason = next(r for r in out["reasons"] if r["code"] == code)
    assert reason["article"] == f"{ND335}, {article}"
    # Every reason cites Decree 335 and nothing is provisional any more.
    assert all(a.startswith(ND335) for a in articles(out))
    assert "provisional" not in [r["code"] for r in out["reasons"]]


def test_ND335_Dieu8_k5a_quota_20pct_of_HTT_at_the_authority() -> None:
    # 10 departments rated HTT or above under one director: at most 2 HTXS, best scores first.
    orgs = [org(f"p{i}", score=99 - i) for i in range(4)]
    orgs += [org(f"q{i}", score=80, exceeded_pct=0) for i in range(6)]
    out = classify(*orgs)
    q = out["quotas"][0]
    assert (q["base"], q["cap"], q["candidates"]) == (10, 2, 4)
    assert q["article"] == f"{ND335}, Điều 8 khoản 5 điểm a"
    levels = {u["id"]: u["level"] for u in out["units"]}
    assert [i for i, lv in levels.items() if lv == "HTXS"] == ["p0", "p1"]
    over = next(u for u in out["units"] if u["id"] == "p2")
    assert over["eligible_level"] == "HTXS" and over["level"] == "HTT"
    assert "over_quota" in [r["code"] for r in over["reasons"]]


def test_ND335_Dieu8_k5b_outstanding_scope_25pct() -> None:
    orgs = [org(f"p{i}", score=99 - i) for i in range(4)]
    orgs += [org(f"q{i}", score=80, exceeded_pct=0) for i in range(8)]
    out = classify(*orgs, outstanding_unit=True)
    assert out["quotas"][0]["cap"] == 3  # 25 % of 12
    first = out["units"][0]
    assert f"{ND335}, Điều 8 khoản 5 điểm b" in articles(first)


def test_ND335_has_no_fewer_than_five_rule_unlike_ND233_Dieu7_k7c() -> None:
    # Four departments, all HTXS-eligible: Decree 335 caps at 20 % of 4 (the quota reading
    # decides the rounding), never at "one because fewer than five".
    orgs = [org(f"p{i}", score=99 - i) for i in range(4)]
    out = classify(*orgs)
    assert "unit_quota_small" not in [r["code"] for u in out["units"] for r in u["reasons"]]
    services = [dict(o, kind="public_service") for o in orgs]
    small = classify(*services)
    assert small["quotas"][0]["cap"] == 1
    assert "unit_quota_small" in [r["code"] for r in small["units"][0]["reasons"]]


def test_same_frame_both_regimes_differ_only_in_articles() -> None:
    for facts in (org(), org(exceeded_pct=0, score=75), org(score=55, behind_schedule_pct=10)):
        admin, service = one(facts), one(dict(facts, kind="public_service"))
        assert admin["eligible_level"] == service["eligible_level"]
        assert admin["needs_decision"] == service["needs_decision"]
        assert service["regime"] == "D233"


def test_one_authority_batch_is_one_regime() -> None:
    with pytest.raises(BatchError) as caught:
        classify(org("a"), org("b", kind="public_service"))
    assert "units" in str(caught.value.errors)
