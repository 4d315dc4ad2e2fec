"""Party rules, worked cases (docs/rules/rules.md §2.4, §7.3, A13; QĐ 366-QĐ/TW Art 11)."""

import pytest

from scoring import party
from scoring.party import CollectiveFacts, MemberFacts

RULES = party.resolve()


def codes(outcome: party.Outcome) -> list[str]:
    return [r.code for r in outcome.reasons]


def test_every_rule_is_data_with_a_source_and_a_verified_flag() -> None:
    for key, rule in party.RULES.items():
        assert rule.source and rule.label, key
        assert isinstance(rule.verified, bool)
        assert party.validate_rule(key, rule.value) is None, key
    # The A13 link is not verified; the State-first order is (Decree 233 Art 16.3(a)).
    assert party.RULES["cap_by_state"].verified is False
    assert party.RULES["require_state_final"].verified is True


def test_an_organisation_adjusts_a_rule() -> None:
    rules = party.resolve({"quota_rate": 25, "cap_by_state": False})
    assert rules["quota_rate"] == 25 and rules["cap_by_state"] is False
    assert rules["khtnv_link"] is True
    with pytest.raises(KeyError):
        party.resolve({"no_such_rule": 1})
    assert party.validate_rule("quota_rate", 150) == "Nhập một số nguyên từ 0 đến 100."
    assert party.validate_rule("quota_scope", "unit") == "Phạm vi tính tỷ lệ không hợp lệ."
    assert party.validate_rule("bands", {"HTXS": 70, "HTT": 90, "HTNV": 50})


def test_QD366_Art11_member_htxs_needs_90_points_and_30pct_exceeded() -> None:
    out = party.member_level(
        MemberFacts(general_score=28, task_score=64, all_tasks_done=True, exceeded_30=True), RULES
    )
    assert out.level == "HTXS" and codes(out) == ["party_score_band"]
    assert all(r.article.startswith("QĐ 366") for r in out.reasons)
    out = party.member_level(
        MemberFacts(general_score=28, task_score=64, all_tasks_done=True, exceeded_30=False), RULES
    )
    assert out.level == "HTT" and "party_htxs_conditions" in codes(out)
    assert "ít nhất 30% nhiệm vụ vượt mức" in out.reasons[-1].message


def test_QD366_Art11_member_bands_and_conditions() -> None:
    assert party.member_level(MemberFacts(25, 50, all_tasks_done=True), RULES).level == "HTT"
    assert party.member_level(MemberFacts(25, 50, all_tasks_done=False), RULES).level == "HTNV"
    assert party.member_level(MemberFacts(20, 35), RULES).level == "HTNV"
    out = party.member_level(MemberFacts(20, 35, behind_over_20=True), RULES)
    assert out.level == "KHTNV" and "party_htnv_conditions" in codes(out)
    assert party.member_level(MemberFacts(20, 25), RULES).level == "KHTNV"
    assert party.member_level(MemberFacts(30, 70, khtnv_case=True), RULES).level == "KHTNV"
    out = party.member_level(MemberFacts(), RULES)
    assert out.level is None and not out.decidable


@pytest.mark.parametrize(
    ("proposed", "state", "expected"),
    [
        ("HTXS", "HTXS", "HTXS"),
        ("HTXS", "HTT", "HTT"),  # party <= State
        ("HTT", "HTNV", "HTNV"),
        ("HTNV", "HTT", "HTNV"),  # lower than State stays
        ("HTXS", "KHTNV", "KHTNV"),  # State KHTNV => party KHTNV
        ("HTNV", "KHTNV", "KHTNV"),
    ],
)
def test_A13_party_level_capped_by_the_state_level(proposed, state, expected) -> None:
    out = party.link_with_state(proposed, state, True, RULES)
    assert out.decidable and out.level == expected
    assert out.reasons[0].code in ("party_state_cap", "party_state_khtnv")
    assert "HD 21" in out.reasons[0].article


def test_A13_the_cap_is_configurable() -> None:
    rules = party.resolve({"cap_by_state": False})
    assert party.link_with_state("HTXS", "HTT", True, rules).level == "HTXS"
    # KHTNV link is its own rule: still forced unless switched off as well.
    assert party.link_with_state("HTXS", "KHTNV", True, rules).level == "KHTNV"
    rules = party.resolve({"cap_by_state": False, "khtnv_link": False})
    assert party.link_with_state("HTT", "KHTNV", True, rules).level == "HTT"


@pytest.mark.parametrize(("state", "final"), [(None, False), ("HTT", False), (None, True)])
def test_a_member_without_a_final_state_result_cannot_be_decided(state, final) -> None:
    out = party.link_with_state("HTT", state, final, RULES)
    assert out.level is None and not out.decidable
    assert codes(out) == ["party_no_state_result"]
    assert "chưa xếp loại đảng viên được" in out.reasons[0].message
    errors = party.decision_errors("HTT", state, final, RULES)
    assert errors and "chính quyền" in errors[0]


def test_committee_decision_errors() -> None:
    assert party.decision_errors("HTT", "HTXS", True, RULES) == []
    assert party.decision_errors("HTXS", "HTT", True, RULES)
    assert party.decision_errors("HTNV", "KHTNV", True, RULES)
    assert party.decision_errors("KHTNV", "KHTNV", True, RULES) == []


def test_classify_member_review_then_state_link() -> None:
    facts = MemberFacts(29, 65, all_tasks_done=True, exceeded_30=True)
    out = party.classify_member(facts, "HTT", True, RULES)
    assert out.level == "HTT" and codes(out)[-1] == "party_capped"
    assert party.classify_member(facts, None, False, RULES).decidable is False


def test_QD366_quota_20pct_of_htt_per_organisation_floor() -> None:
    # 11 rated HTT or above (2 HTXS + 9 HTT): floor(20 % x 11) = 2.
    q = party.quota(["HTXS", "HTXS"] + ["HTT"] * 9 + ["HTNV", None], RULES)
    assert (q.base, q.cap, q.used, q.over) == (11, 2, 2, False)
    q = party.quota(["HTXS"] * 3 + ["HTT"] * 9, RULES)
    assert (q.base, q.cap, q.over) == (12, 2, True)
    assert "Tối đa 20% của 12 người" in q.reason.message
    only = party.resolve({"quota_base": "htt_only"})
    assert party.quota(["HTXS", "HTXS"] + ["HTT"] * 9, only).cap == 1
    outstanding = party.resolve({"outstanding": True})
    assert party.quota(["HTT"] * 12, outstanding).cap == 3


def test_A13_quota_scope_is_configurable() -> None:
    members = [
        {"cell": "CB1", "category": "2B", "level": "HTT"},
        {"cell": "CB1", "category": "2A", "level": "HTT"},
        {"cell": "CB2", "category": "2B", "level": "HTT"},
    ]
    assert list(party.quotas(members, RULES)) == ["organisation"]
    by_cell = party.quotas(members, party.resolve({"quota_scope": "cell"}))
    assert sorted(by_cell) == ["cell:CB1", "cell:CB2"] and by_cell["cell:CB1"].base == 2
    by_form = party.quotas(members, party.resolve({"quota_scope": "category"}))
    assert by_form["category:2B"].base == 2


def test_QD366_collective_levels_with_conditions() -> None:
    best = CollectiveFacts(score=93, tasks_done_pct=100, on_time_quality=True, exceeded_pct=35)
    assert party.collective_level(best, RULES).level == "HTXS"
    out = party.collective_level(
        CollectiveFacts(score=93, tasks_done_pct=100, exceeded_pct=35, disciplined=True), RULES
    )
    assert out.level == "HTT" and "bị kỷ luật" in out.reasons[-1].message
    out = party.collective_level(
        CollectiveFacts(score=93, tasks_done_pct=100, exceeded_pct=10), RULES
    )
    assert out.level == "HTT"
    out = party.collective_level(CollectiveFacts(score=80, tasks_done_pct=95), RULES)
    assert out.level == "KHTNV"  # < 100 % done: neither HTT nor HTNV
    out = party.collective_level(
        CollectiveFacts(score=60, tasks_done_pct=100, behind_pct=25), RULES
    )
    assert out.level == "KHTNV"
    assert party.collective_level(CollectiveFacts(score=60, behind_pct=10), RULES).level == "HTNV"
    out = party.collective_level(CollectiveFacts(score=95, tasks_done_pct=60), RULES)
    assert out.level == "KHTNV" and codes(out) == ["party_org_under_70"]
    assert (
        party.collective_level(CollectiveFacts(score=95, khtnv_case=True), RULES).level == "KHTNV"
    )
    assert party.collective_level(CollectiveFacts(), RULES).decidable is False


def test_quota_base_counts_the_cells_proposals_of_those_not_decided_yet() -> None:
    # The committee decides one by one: 1 decided HTXS, 9 proposed HTT -> base 10, cap 2, used 1.
    q = party.quota(["HTXS"], RULES, proposed=["HTT"] * 9)
    assert (q.base, q.cap, q.used, q.over) == (10, 2, 1, False)
    members = [{"cell": "A", "category": "2B", "level": None, "proposed": "HTT"}] * 4
    members += [{"cell": "A", "category": "2B", "level": "HTXS"}]
    q = party.quotas(members, RULES)["organisation"]
    assert (q.base, q.cap, q.used, q.over) == (5, 1, 1, False)
