"""Worked cases from the primary texts (issue 15), each named by the article that decides it.

docs/rules/verification.md lists the rules and the articles; the numbers below are worked by hand.
"""

from typing import Any

import pytest
from scoring_helpers import codes, d90_criteria, one, person

import scoring


def classify(year: int, people: list[dict[str, Any]], **options: Any) -> dict[str, Any]:
    return scoring.classify({"year": year, "options": options, "people": people})


def by_id(out: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in out["people"]}


def quota(out: dict[str, Any], group: str, scope: str = "agency") -> dict[str, Any]:
    (row,) = [q for q in out["quotas"] if q["group"] == group and q["scope"] == scope]
    return row


# --- Point 1: each decree counts its own group ------------------------------------------------


def test_d335_art20_5a_d233_art12_6a_quota_per_group() -> None:
    """5 công chức at 95 and 5 viên chức at 95 in one agency. Pooled: base 10, cap 2 for all.
    Per group (the texts): base 5 each, cap floor(20 % × 5) = 1 each, so one of each."""
    people = [person(f"cc{i}", score=95 - i / 10) for i in range(5)]
    people += [
        person(f"vc{i}", group="vien_chuc", unit_has_regulation=True, score=95 - i / 10)
        for i in range(5)
    ]
    out = classify(2026, people)
    cc, vc = quota(out, "cong_chuc"), quota(out, "vien_chuc")
    assert (cc["base"], cc["cap"], cc["selected"]) == (5, 1, ["cc0"])
    assert (vc["base"], vc["cap"], vc["selected"]) == (5, 1, ["vc0"])
    assert cc["article"] == "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 5 điểm a"
    assert vc["article"] == "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 6 điểm a"
    rows = by_id(out)
    assert rows["cc0"]["level"] == rows["vc0"]["level"] == "HTXS"
    assert rows["cc1"]["level"] == "HTT"
    over = [r for r in rows["vc1"]["reasons"] if r["code"] == "over_quota"]
    assert "tính riêng viên chức" in over[0]["message"]


def test_d335_art20_5a_task_groups_within_each_group() -> None:
    """Two task groups of công chức: 5 in "A" at 95, 5 in "B" at 80. Agency cap floor(0.2×10)=2,
    group A cap 1: one HTXS. A cán bộ at 95 in group A is counted in the cán bộ pool."""
    people = [person(f"a{i}", task_group="A", score=95 - i / 10) for i in range(5)]
    people += [person(f"b{i}", task_group="B", score=80) for i in range(5)]
    people.append(person("cb", group="can_bo", task_group="A", score=95))
    out = classify(2026, people)
    assert quota(out, "cong_chuc")["cap"] == 2
    assert quota(out, "cong_chuc", "task_group:A")["selected"] == ["a0"]
    assert quota(out, "can_bo")["base"] == 1
    assert by_id(out)["cb"]["eligible_level"] == "HTXS"


def test_d90_d48_art2_one_pool_before_2026() -> None:
    """2023-2025 Decree 48/2023 counts cán bộ, công chức, viên chức together: one pool."""
    crit = d90_criteria(general="done_well", exceeded_pct=60)
    people = [person(f"cc{i}", score=None, criteria=crit) for i in range(5)]
    people += [person(f"vc{i}", group="vien_chuc", score=None, criteria=crit) for i in range(5)]
    out = classify(2025, people)
    agency = [q for q in out["quotas"] if q["scope"] == "agency"]
    assert len(agency) == 1 and agency[0]["group"] == "" and agency[0]["base"] == 10


# --- Point 2: head <= organisation, per regime --------------------------------------------------


def test_d335_art20_6_head_of_organisation_capped() -> None:
    row = one(person(score=96, position="unit_head", unit_level="HTT"))
    assert row["level"] == "HTT"
    (cap,) = [r for r in row["reasons"] if r["code"] == "head_cap"]
    assert cap["article"] == "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6"


def test_luat_vien_chuc_2019_art41_head_capped_2020_2025() -> None:
    crit = d90_criteria(general="done_well", unit_exceeded_pct=60, unit_on_time_quality_pct=100)
    row = one(
        person(
            group="vien_chuc", position="unit_head", score=None, criteria=crit, unit_level="HTNV"
        ),
        year=2024,
    )
    assert row["level"] == "HTNV"
    (cap,) = [r for r in row["reasons"] if r["code"] == "head_cap"]
    assert "Luật Viên chức" in cap["article"] and "Điều 41" in cap["article"]


def test_d90_cong_chuc_2024_no_head_cap() -> None:
    """No head cap for công chức in 2020-2025 in the texts read: the criteria decide."""
    crit = d90_criteria(general="done_well", unit_exceeded_pct=60, unit_on_time_quality_pct=100)
    row = one(person(position="unit_head", score=None, criteria=crit, unit_level="HTNV"), year=2024)
    assert row["eligible_level"] == "HTXS"  # (a single person: the quota then gives HTT)
    assert "head_cap" not in codes(row)


# --- Point 3: the 2026 fallback takes only the criteria from Decree 90 -------------------------


def fallback(**fields: Any) -> dict[str, Any]:
    crit = d90_criteria(general="done_well", exceeded_pct=60)
    return person(group="vien_chuc", unit_has_regulation=False, score=None, criteria=crit, **fields)


def test_d233_art20_1_art14_no_absence_cap_in_fallback() -> None:
    """Decree 90 capped 3-6 months of absence at HTNV; Decree 233 Art 14 has no such cap."""
    row = one(fallback(months_worked=8, leave=[{"kind": "lawful_absence", "months": 4}]))
    assert row["regime"] == "D90_D48"
    assert row["eligible_level"] == "HTXS"
    assert "absence_cap" not in codes(row)


def test_d233_art20_1_art14_1_under_6_months_fallback() -> None:
    row = one(fallback(months_worked=5, leave=[{"kind": "maternity", "months": 7}]))
    assert row["classified"] is True
    (why,) = [r for r in row["reasons"] if r["code"] == "classified_on_time_worked"]
    assert why["article"] == "Nghị định 233/2026/NĐ-CP, Điều 14 khoản 2"


def test_d233_art20_1_art12_7_head_cap_in_fallback() -> None:
    crit = d90_criteria(general="done_well", unit_exceeded_pct=60, unit_on_time_quality_pct=100)
    row = one(
        person(
            group="vien_chuc",
            unit_has_regulation=False,
            position="unit_head",
            score=None,
            criteria=crit,
            unit_level="HTT",
        )
    )
    assert row["level"] == "HTT"
    (cap,) = [r for r in row["reasons"] if r["code"] == "head_cap"]
    assert cap["article"] == "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 7"


def test_d233_art20_1_art12_6_quota_in_fallback() -> None:
    out = classify(2026, [fallback(pid=f"v{i}") for i in range(5)])
    q = quota(out, "vien_chuc")
    assert q["article"] == "Nghị định 233/2026/NĐ-CP, Điều 12 khoản 6 điểm a"
    assert q["cap"] == 1
    assert not any(r["code"] == "provisional" for p in out["people"] for r in p["reasons"])


# --- Point 4: the 25 % rate from 2026 only; every reason cites its article ---------------------


def test_d335_art20_5b_outstanding_25_percent_2026() -> None:
    people = [person(f"p{i}", score=95 - i / 10) for i in range(8)]
    out = classify(2026, people, outstanding_unit=True)
    assert quota(out, "cong_chuc")["cap"] == 2  # floor(25 % × 8)
    row = by_id(out)["p0"]
    (rate,) = [r for r in row["reasons"] if r["code"] == "outstanding_rate"]
    assert rate["article"] == "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 5 điểm b"
    assert "provisional" not in codes(row)


def test_d90_d48_art2_no_outstanding_rate_before_2026() -> None:
    crit = d90_criteria(general="done_well", exceeded_pct=60)
    people = [person(f"p{i}", score=None, criteria=crit) for i in range(8)]
    out = classify(2025, people, outstanding_unit=True)
    (agency,) = [q for q in out["quotas"] if q["scope"] == "agency"]
    assert agency["cap"] == 1  # floor(20 % × 8), not 25 %
    for row in out["people"]:
        assert "outstanding_rate" not in codes(row)
        assert "outstanding_rate_unavailable" in codes(row)
        assert all(r["article"] for r in row["reasons"])


@pytest.mark.parametrize("year", [2020, 2022, 2023, 2025, 2026, 2027])
@pytest.mark.parametrize("group", ["can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"])
def test_every_reason_cites_an_article(year: int, group: str) -> None:
    crit = d90_criteria(general="done_well", exceeded_pct=60, unit_exceeded_pct=60)
    people = [
        person(
            f"p{i}",
            group=group,
            position=position,
            criteria=crit,
            score=score,
            unit_has_regulation=has_reg,
            unit_level="HTT",
            months_worked=months,
            leave=[{"kind": "sick", "months": 12 - months}] if months < 12 else None,
            discipline=[{"sanction": "reprimand", "duty_related": duty, "effective_year": year}]
            if duty is not None
            else None,
        )
        for i, (position, score, has_reg, months, duty) in enumerate(
            [
                ("staff", 95, True, 12, None),
                ("unit_head", 92, False, 12, None),
                ("manager", 75, True, 4, None),
                ("staff", 95, True, 12, False),
                ("staff", 95, False, 12, True),
            ]
        )
    ]
    for outstanding in (False, True):
        out = classify(year, people, outstanding_unit=outstanding)
        for row in out["people"]:
            assert row["reasons"]
            assert all(r["article"] for r in row["reasons"]), row


# --- Point 6: no silent two-level drops ---------------------------------------------------------


def test_qd366_art11_band_without_conditions_needs_decision() -> None:
    """A cán bộ at 93 with 80 % of tasks on time: HTXS band, HTT's 100 % fails too. The engine
    suggests HTNV and leaves it to the competent person, as D233 Art 7.5 does for units."""
    crit = d90_criteria(on_time_quality_pct=80, exceeded_pct=40)
    crit["shortcomings_remedied"] = True
    row = one(person(group="can_bo", score=93, criteria=crit))
    assert row["needs_decision"] is True
    assert row["level"] == "HTNV"
    (why,) = [r for r in row["reasons"] if r["code"] == "conditions_not_met"]
    assert "quyết định" in why["message"] and why["article"]


def test_d90_art15_2020_2022_discipline_unrelated_to_duties_needs_decision() -> None:
    """The 2020-2022 text's qualifier is unknown (A10): a private-life sanction is not an
    automatic KHTNV; a duty-related one (or one not marked) is."""
    crit = d90_criteria()
    base = {"score": None, "criteria": crit}
    private = one(
        person(
            **base,
            discipline=[{"sanction": "reprimand", "duty_related": False, "effective_year": 2021}],
        ),
        year=2021,
    )
    assert private["needs_decision"] is True and private["level"] == "HTT"
    assert "discipline_not_duty_related" in codes(private)
    unmarked = one(
        person(**base, discipline=[{"sanction": "reprimand", "effective_year": 2021}]), year=2021
    )
    assert unmarked["level"] == "KHTNV" and unmarked["needs_decision"] is False


# --- Point 9: special cases of Art 11 -----------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "classified"),
    [("maternity", True), ("sick", True), ("unpaid", False), ("lawful_absence", False)],
)
def test_d335_art11_1_2_under_6_months(kind: str, classified: bool) -> None:
    row = one(person(months_worked=5, leave=[{"kind": kind, "months": 7}]))
    assert row["classified"] is classified
    article = row["reasons"][0]["article"]
    expected = "Điều 11 khoản 2" if classified else "Điều 11 khoản 1"
    assert article == f"Nghị định 335/2025/NĐ-CP, {expected}"
    assert "provisional" not in codes(row)


def test_d335_art11_2_unpaid_leave_with_6_months_classified() -> None:
    row = one(person(months_worked=6, leave=[{"kind": "unpaid", "months": 6}]))
    assert row["classified"] is True and row["level"] == "HTT"


def test_d335_art11_3a_party_and_state_same_act_counted_once() -> None:
    discipline = [
        {"sanction": "warning", "system": "party", "effective_year": 2026, "act": "x",
         "duty_related": True},
        {"sanction": "reprimand", "system": "state", "effective_year": 2027, "act": "x",
         "duty_related": True},
    ]  # fmt: skip
    assert one(person(discipline=discipline), year=2026)["level"] == "KHTNV"
    later = one(person(discipline=discipline), year=2027)
    assert later["level"] == "HTT"
    assert "discipline_not_counted" in codes(later)


def test_d335_art11_3b_decision_after_the_year_not_counted_again() -> None:
    discipline = [
        {"sanction": "reprimand", "effective_year": 2027, "counted_in_year": 2026,
         "duty_related": True}
    ]  # fmt: skip
    row = one(person(discipline=discipline), year=2027)
    assert row["level"] == "HTT"
    (skip,) = [r for r in row["reasons"] if r["code"] == "discipline_not_counted"]
    assert skip["article"] == "Nghị định 335/2025/NĐ-CP, Điều 11 khoản 3"


@pytest.mark.parametrize(
    ("group", "article"),
    [
        ("cong_chuc", "Nghị định 335/2025/NĐ-CP, Điều 11 khoản 3 điểm c"),
        ("vien_chuc", "Nghị định 233/2026/NĐ-CP, Điều 14 khoản 3 điểm c"),
    ],
)
def test_d335_art11_3c_act_at_previous_organisation_counts_there(group: str, article: str) -> None:
    discipline = [
        {"sanction": "warning", "effective_year": 2026, "duty_related": True,
         "previous_organisation": True}
    ]  # fmt: skip
    row = one(person(group=group, unit_has_regulation=True, discipline=discipline))
    assert row["level"] == "HTT"
    (prev,) = [r for r in row["reasons"] if r["code"] == "discipline_previous_org"]
    assert prev["article"] == article


def test_previous_organisation_must_be_a_boolean() -> None:
    bad = person(
        discipline=[
            {"sanction": "warning", "effective_year": 2026, "duty_related": True,
             "previous_organisation": "yes"}
        ]
    )  # fmt: skip
    with pytest.raises(scoring.BatchError) as err:
        scoring.classify({"year": 2026, "people": [bad]})
    assert "people[0].discipline[0].previous_organisation" in str(err.value.errors)


def test_d335_art20_6_head_without_organisation_level_is_told() -> None:
    """Organisations are classified by their own authority (D335 Art 5): a head whose
    organisation's level is not given is classified, with a reason that the cap still applies."""
    row = one(person(score=92, position="unit_head"))
    assert row["eligible_level"] == "HTXS"
    (pending,) = [r for r in row["reasons"] if r["code"] == "head_cap_pending"]
    assert pending["article"] == "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6"


# --- Point 7: the periodic score as the decree writes it -----------------------------------------

from datetime import date  # noqa: E402
from decimal import Decimal  # noqa: E402

from scoring.periodic import GENERAL_CRITERIA, WorkItem, score_period, weighted_average  # noqa: E402

FULL = {c.code: c.max_points for c in GENERAL_CRITERIA["D335"]}
JAN_END = date(2026, 1, 31)


def work(
    done: date | None = date(2026, 1, 20),
    due: date = date(2026, 1, 31),
    failed: int = 0,
    delays: int = 0,
    cause: bool = False,
) -> WorkItem:
    return WorkItem("Báo cáo", Decimal(1), date(2026, 1, 2), due, done, True, False, cause,
                    failed_reviews=failed, delays=delays)  # fmt: skip


def test_d335_art14_2b_each_failed_review_deducts_25_percent() -> None:
    """Two items; one failed review twice: quality = (1 × 0.5 + 1) / 2 = 75 %."""
    s = score_period("D335", FULL, [work(failed=2), work()], None, period_end=JAN_END)
    assert s.quality_pct == Decimal("75.00")
    # tasks = (100 + 75 + 100) / 3 × 0.7 = 64.17; total = 30 + 64.17
    assert (s.task_points, s.total) == (Decimal("64.17"), Decimal("94.17"))


def test_d335_art14_2c_each_delay_deducts_25_percent() -> None:
    """Delayed 3 times (reported by the manager) and done late: 1 − 0.75 = 25 % of its points;
    4 delays or more: nothing left, never negative."""
    s = score_period("D335", FULL, [work(done=date(2026, 1, 30), delays=3)], None)
    assert s.progress_pct == Decimal("25.00")
    s = score_period("D335", FULL, [work(delays=5)], None)
    assert s.progress_pct == Decimal("0.00")


def test_d335_art14_2c_objective_cause_no_deduction() -> None:
    s = score_period("D335", FULL, [work(delays=2, failed=1, cause=True)], None)
    assert (s.quality_pct, s.progress_pct) == (Decimal("100.00"), Decimal("100.00"))


def test_d335_art14_2c_late_without_a_count_is_one_delay() -> None:
    s = score_period("D335", FULL, [work(done=date(2026, 2, 3), due=date(2026, 1, 25))], None)
    assert s.progress_pct == Decimal("75.00")


def test_d335_art14_1_item_counts_in_the_period_it_falls_due() -> None:
    """An item due in February is not part of January's assigned total."""
    items = [work(), work(done=None, due=date(2026, 2, 20))]
    s = score_period("D335", FULL, items, None, period_end=JAN_END, period_start=date(2026, 1, 1))
    assert s.quantity_pct == Decimal("100.00")
    feb = score_period(
        "D335", FULL, items, None, period_end=date(2026, 2, 28), period_start=date(2026, 2, 1)
    )
    assert feb.quantity_pct == Decimal("0.00")


def test_d335_art14_counts_must_be_whole_non_negative() -> None:
    s = score_period("D335", FULL, [work(failed=-1)], None)
    assert [e.path for e in s.errors] == ["items[0].failed_reviews"]


def test_d335_art16_17_formula_is_the_texts_no_provisional_reason() -> None:
    s = score_period("D335", FULL, [work()], None)
    assert "provisional" not in [r.code for r in s.reasons]


def test_d335_art17_3_quarter_is_mean_of_3_months_year_weighted_by_months() -> None:
    """Jan-Jun monthly (80 each), then transferred to a quarterly agency: Q3 = 92, Q4 = 86.
    Year = (6 × 80 + 3 × 92 + 3 × 86) / 12 = 84.5 (a plain mean of 8 periods gives 82.25)."""
    assert weighted_average([(Decimal(80), 1)] * 3) == Decimal("80.00")
    periods = [(Decimal(80), 1)] * 6 + [(Decimal(92), 3), (Decimal(86), 3)]
    assert weighted_average(periods) == Decimal("84.50")
    with pytest.raises(ValueError):
        weighted_average([(Decimal(80), 0)])


def test_d335_art11_2_art19_1_period_months_in_the_json_contract() -> None:
    row = one(person(score=None, period_scores=[80] * 6 + [92, 86], period_months=[1] * 6 + [3, 3]))
    assert row["score"] == 84.5
    plain = one(person(score=None, period_scores=[80] * 6 + [92, 86]))
    assert plain["score"] == 82.25
    with pytest.raises(scoring.BatchError) as err:
        scoring.classify(
            {"year": 2026, "people": [person(score=None, period_scores=[80], period_months=[13])]}
        )
    assert err.value.errors[0]["path"] == "people[0].period_months"
