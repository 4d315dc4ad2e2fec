"""Worked cases, one per rule; each case id names the article that decides it."""

from typing import Any

import pytest
from scoring_helpers import codes, d90_criteria, one, person

from scoring import regime

# (id naming the article, year, person, options, expected fields, reason codes that must appear)
CASES: list[tuple[str, int, dict[str, Any], dict[str, Any], dict[str, Any], list[str]]] = [
    # --- Decree 335 bands and the rounding policy (Art 20.1-20.4(a); docs/rules/decisions.md) ---
    (
        "ND335-Dieu20-k1-score-90",
        2026,
        person(score=90),
        {},
        {"eligible_level": "HTXS"},
        ["score_band"],
    ),
    (
        "ND335-Dieu20-k2-score-89.99",
        2026,
        person(score=89.99),
        {},
        {"eligible_level": "HTT"},
        ["score_band"],
    ),
    (
        "ND335-Dieu20-rounding-89.995-is-90.00",
        2026,
        person(score=89.995),
        {},
        {"eligible_level": "HTXS", "score": 90.0},
        ["score_band"],
    ),
    (
        "ND335-Dieu20-rounding-89.994-is-89.99",
        2026,
        person(score=89.994),
        {},
        {"eligible_level": "HTT", "score": 89.99},
        ["score_band"],
    ),
    ("ND335-Dieu20-k2-score-70", 2026, person(score=70), {}, {"eligible_level": "HTT"}, []),
    ("ND335-Dieu20-k3-score-69.99", 2026, person(score=69.99), {}, {"eligible_level": "HTNV"}, []),
    ("ND335-Dieu20-k3-score-50", 2026, person(score=50), {}, {"eligible_level": "HTNV"}, []),
    (
        "ND335-Dieu20-k4a-score-49.99",
        2026,
        person(score=49.99),
        {},
        {"eligible_level": "KHTNV", "level": "KHTNV"},
        ["score_band"],
    ),
    (
        "ND335-Dieu20-k4a-rounding-49.995-is-50.00",
        2026,
        person(score=49.995),
        {},
        {"eligible_level": "HTNV", "score": 50.0},
        [],
    ),
    (
        "ND335-annual-average-of-periods",
        2026,
        person(score=None, period_scores=[90, 89.99, 89.99]),
        {},
        {"eligible_level": "HTT", "score": 89.99},
        [],
    ),
    (
        "ND335-periods-rounded-before-average",
        2026,
        person(score=None, period_scores=[89.995, 90]),
        {},
        {"eligible_level": "HTXS", "score": 90.0},
        [],
    ),
    # --- KHTNV triggers, Decree 335 ---
    (
        "ND335-Dieu20-k4b-degradation",
        2026,
        person(score=95, degradation_finding=True),
        {},
        {"eligible_level": "KHTNV", "needs_decision": False},
        ["degradation"],
    ),
    (
        "ND335-Dieu20-k4c-duty-discipline",
        2026,
        person(
            score=95,
            discipline=[
                {
                    "sanction": "reprimand",
                    "system": "state",
                    "duty_related": True,
                    "effective_year": 2026,
                }
            ],
        ),
        {},
        {"eligible_level": "KHTNV"},
        ["discipline"],
    ),
    (
        "ND335-Dieu20-k4c-sanction-of-other-year-ignored",
        2026,
        person(
            score=95,
            discipline=[{"sanction": "warning", "duty_related": True, "effective_year": 2025}],
        ),
        {},
        {"eligible_level": "HTXS"},
        ["score_band"],
    ),
    (
        "ND335-Dieu11-k3-counted-in-another-year",
        2026,
        person(
            score=95,
            discipline=[
                {
                    "sanction": "warning",
                    "duty_related": True,
                    "effective_year": 2026,
                    "counted_in_year": 2025,
                }
            ],
        ),
        {},
        {"eligible_level": "HTXS"},
        ["discipline_not_counted"],
    ),
    (
        "ND335-Dieu11-k3-same-act-party-then-state",
        2026,
        person(
            score=95,
            discipline=[
                {
                    "sanction": "reprimand",
                    "system": "party",
                    "duty_related": True,
                    "effective_year": 2025,
                    "act": "x",
                },
                {
                    "sanction": "warning",
                    "system": "state",
                    "duty_related": True,
                    "effective_year": 2026,
                    "act": "x",
                },
            ],
        ),
        {},
        {"eligible_level": "HTXS"},
        ["discipline_not_counted"],
    ),
    (
        "ND335-Dieu20-k4c-A10-not-duty-related-needs-decision",
        2026,
        person(
            score=95,
            discipline=[{"sanction": "reprimand", "duty_related": False, "effective_year": 2026}],
        ),
        {},
        {"eligible_level": "HTXS", "needs_decision": True},
        ["discipline_not_duty_related"],
    ),
    (
        "ND335-Dieu20-k4d-corruption-in-led-unit",
        2026,
        person(score=95, position="manager", corruption_in_led_unit=True),
        {},
        {"eligible_level": "KHTNV"},
        ["corruption"],
    ),
    (
        "ND335-Dieu20-k4d-no-mitigation-in-335",
        2026,
        person(
            score=95, position="manager", corruption_in_led_unit=True, corruption_self_remedied=True
        ),
        {},
        {"eligible_level": "KHTNV", "needs_decision": False},
        ["corruption"],
    ),
    (
        "ND335-Dieu20-k4d-staff-leads-no-unit",
        2026,
        person(score=75, corruption_in_led_unit=True),
        {},
        {"eligible_level": "HTT"},
        [],
    ),
    # --- Decree 233 ---
    (
        "ND233-Dieu12-k4d-mitigation-needs-decision",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            score=80,
            position="manager",
            corruption_in_led_unit=True,
            corruption_self_remedied=True,
        ),
        {},
        {"regime": "D233", "eligible_level": "HTT", "needs_decision": True},
        ["corruption_mitigation"],
    ),
    (
        "ND233-Dieu12-k7-head-capped-by-unit",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            score=95,
            position="unit_head",
            unit_level="HTNV",
        ),
        {},
        {"eligible_level": "HTNV", "level": "HTNV"},
        ["head_cap"],
    ),
    (
        "ND233-Dieu12-k7-head-not-raised-by-unit",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            score=60,
            position="unit_head",
            unit_level="HTXS",
        ),
        {},
        {"eligible_level": "HTNV"},
        [],
    ),
    (
        "ND233-Dieu12-k7-A8-manager-not-capped-by-default",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            score=95,
            position="manager",
            unit_level="HTNV",
        ),
        {},
        {"eligible_level": "HTXS"},
        [],
    ),
    (
        "ND233-Dieu12-k7-A8-manager-capped-all-unit-heads",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            score=95,
            position="manager",
            unit_level="HTNV",
        ),
        {"head_cap_scope": "all_unit_heads"},
        {"eligible_level": "HTNV"},
        ["head_cap"],
    ),
    (
        "ND335-Dieu20-k6-head-capped",
        2026,
        person(score=95, position="unit_head", unit_level="HTNV"),
        {},
        {"eligible_level": "HTNV"},
        ["head_cap"],
    ),
    (
        "ND233-Dieu14-k1-under-6-months",
        2026,
        person(group="vien_chuc", unit_has_regulation=True, months_worked=5),
        {},
        {"classified": False, "level": None, "eligible_level": None},
        ["under_6_months"],
    ),
    (
        "ND233-Dieu14-k2-A11-maternity-under-6",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            months_worked=4,
            leave=[{"kind": "maternity", "months": 8}],
        ),
        {},
        {"classified": True, "eligible_level": "HTT"},
        ["classified_on_time_worked"],
    ),
    (
        "ND233-Dieu14-k2-A11-sick-under-6",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            months_worked=3,
            leave=[{"kind": "sick", "months": 9}],
        ),
        {},
        {"classified": True},
        [],
    ),
    (
        "ND233-Dieu14-k2-unpaid-under-6-not-classified",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            months_worked=5,
            leave=[{"kind": "unpaid", "months": 7}],
        ),
        {},
        {"classified": False},
        ["under_6_months"],
    ),
    (
        "ND233-Dieu14-k2-unpaid-with-6-months-classified",
        2026,
        person(
            group="vien_chuc",
            unit_has_regulation=True,
            months_worked=6,
            leave=[{"kind": "unpaid", "months": 6}],
        ),
        {},
        {"classified": True},
        [],
    ),
    (
        "ND335-Dieu11-k1-under-6-months",
        2026,
        person(months_worked=5),
        {},
        {"classified": False},
        ["under_6_months"],
    ),
    (
        "ND335-Dieu11-k2-lawful-absence-under-6-not-classified",
        2026,
        person(months_worked=5, leave=[{"kind": "lawful_absence", "months": 7}]),
        {},
        {"classified": False},
        ["under_6_months"],
    ),
    (
        "ND233-Dieu20-k1-no-regulation-2026-uses-D90",
        2026,
        person(group="vien_chuc", unit_has_regulation=False, score=None, criteria=d90_criteria()),
        {},
        {"regime": "D90_D48", "eligible_level": "HTT"},
        ["regulation_fallback", "criteria_level"],
    ),
    (
        "ND233-2027-no-fallback",
        2027,
        person(group="vien_chuc", unit_has_regulation=False, score=80),
        {},
        {"regime": "D233", "eligible_level": "HTT"},
        [],
    ),
    # --- Decree 90 (+48) criteria, Arts 12-15 (public employees), Art 2.3 ---
    (
        "ND90-Dieu12-k1-HTXS",
        2024,
        person(
            group="vien_chuc",
            score=None,
            criteria=d90_criteria(general="done_well", exceeded_pct=50),
        ),
        {},
        {"regime": "D90_D48", "eligible_level": "HTXS"},
        ["criteria_level"],
    ),
    (
        "ND90-Dieu12-k1-HTXS-needs-done-well",
        2024,
        person(group="vien_chuc", score=None, criteria=d90_criteria(exceeded_pct=60)),
        {},
        {"eligible_level": "HTT"},
        [],
    ),
    (
        "ND90-Dieu14-k1-HTNV-20pct-not-assured",
        2024,
        person(
            group="vien_chuc",
            score=None,
            criteria=d90_criteria(on_time_quality_pct=80, not_assured_pct=20),
        ),
        {},
        {"eligible_level": "HTNV", "needs_decision": False},
        ["criteria_level"],
    ),
    (
        "ND90-A9-gap-21pct-not-assured",
        2024,
        person(
            group="vien_chuc",
            score=None,
            criteria=d90_criteria(on_time_quality_pct=70, not_assured_pct=30),
        ),
        {},
        {"eligible_level": "HTNV", "needs_decision": True},
        ["gap_between_levels"],
    ),
    (
        "ND90-A9-gap-50pct-not-assured",
        2024,
        person(
            group="vien_chuc",
            score=None,
            criteria=d90_criteria(on_time_quality_pct=50, not_assured_pct=50),
        ),
        {},
        {"needs_decision": True},
        ["gap_between_levels"],
    ),
    (
        "ND90-Dieu15-k1b-over-50pct-not-assured",
        2024,
        person(
            group="vien_chuc",
            score=None,
            criteria=d90_criteria(on_time_quality_pct=40, not_assured_pct=51),
        ),
        {},
        {"eligible_level": "KHTNV", "needs_decision": False},
        ["criteria_not_met"],
    ),
    (
        "ND90-Dieu12-k2-leader-HTXS",
        2024,
        person(
            group="vien_chuc",
            position="manager",
            score=None,
            criteria=d90_criteria(
                general="done_well",
                unit_exceeded_pct=50,
                subunits_htnv_or_above_pct=100,
                subunits_htt_or_above_pct=70,
            ),
        ),
        {},
        {"eligible_level": "HTXS"},
        [],
    ),
    (
        "ND90-Dieu13-k2-leader-subunits-below-70-HTT-fails",
        2024,
        person(
            group="vien_chuc",
            position="manager",
            score=None,
            criteria=d90_criteria(subunits_htnv_or_above_pct=100, subunits_htt_or_above_pct=60),
        ),
        {},
        {"eligible_level": "HTNV", "needs_decision": False},
        [],
    ),
    (
        "ND90-A9-leader-unit-60pct-gap",
        2024,
        person(
            group="vien_chuc",
            position="manager",
            score=None,
            criteria=d90_criteria(unit_targets_completed_pct=60),
        ),
        {},
        {"needs_decision": True},
        ["gap_between_levels"],
    ),
    (
        "ND90-Dieu15-k2-leader-unit-under-50",
        2024,
        person(
            group="vien_chuc",
            position="manager",
            score=None,
            criteria=d90_criteria(unit_targets_completed_pct=49),
        ),
        {},
        {"eligible_level": "KHTNV"},
        ["criteria_not_met"],
    ),
    (
        "ND90-A16-cong-chuc-mirror-provisional",
        2024,
        person(score=None, criteria=d90_criteria()),
        {},
        {"eligible_level": "HTT"},
        ["criteria_level", "provisional"],
    ),
    (
        "ND90-Dieu4-can-bo-uses-leader-table",
        2021,
        person(
            group="can_bo",
            score=None,
            criteria=d90_criteria(general="done_well", unit_exceeded_pct=50),
        ),
        {},
        {"regime": "D90", "eligible_level": "HTXS"},
        [],
    ),
    (
        "ND90-48-Dieu2-any-discipline-KHTNV",
        2024,
        person(
            score=None,
            criteria=d90_criteria(),
            discipline=[
                {
                    "sanction": "reprimand",
                    "system": "party",
                    "duty_related": False,
                    "effective_year": 2024,
                }
            ],
        ),
        {},
        {"eligible_level": "KHTNV", "needs_decision": False},
        ["discipline"],
    ),
    (
        "ND90-48-Dieu2-gap-then-discipline-is-KHTNV",
        2024,
        person(
            score=None,
            criteria=d90_criteria(on_time_quality_pct=70, not_assured_pct=30),
            discipline=[{"sanction": "reprimand", "effective_year": 2024}],
        ),
        {},
        {"eligible_level": "KHTNV", "needs_decision": False},
        ["discipline"],
    ),
    (
        "ND90-48-Dieu2-same-act-counted-once",
        2024,
        person(
            score=None,
            criteria=d90_criteria(),
            discipline=[
                {"sanction": "reprimand", "system": "party", "effective_year": 2023, "act": "a"},
                {"sanction": "reprimand", "system": "state", "effective_year": 2024, "act": "a"},
            ],
        ),
        {},
        {"eligible_level": "HTT"},
        ["discipline_not_counted"],
    ),
    (
        "ND90-original-no-counted-once",
        2021,
        person(
            score=None,
            criteria=d90_criteria(),
            discipline=[
                {"sanction": "reprimand", "system": "party", "effective_year": 2020, "act": "a"},
                {"sanction": "reprimand", "system": "state", "effective_year": 2021, "act": "a"},
            ],
        ),
        {},
        {"eligible_level": "KHTNV"},
        ["discipline"],
    ),
    (
        "ND90-Dieu2-k3-under-6-months",
        2024,
        person(
            score=None,
            criteria=d90_criteria(),
            months_worked=5,
            leave=[{"kind": "sick", "months": 7}],
        ),
        {},
        {"classified": False},
        ["under_6_months"],
    ),
    (
        "ND90-Dieu2-k3-maternity-classified",
        2024,
        person(
            score=None,
            criteria=d90_criteria(),
            months_worked=4,
            leave=[{"kind": "maternity", "months": 8}],
        ),
        {},
        {"classified": True, "eligible_level": "HTT"},
        ["classified_on_time_worked"],
    ),
    (
        "ND90-Dieu2-k3-absence-3-months-cap-HTNV",
        2024,
        person(
            score=None,
            criteria=d90_criteria(),
            months_worked=9,
            leave=[{"kind": "lawful_absence", "months": 3}],
        ),
        {},
        {"eligible_level": "HTNV"},
        ["absence_cap"],
    ),
    (
        "ND90-Dieu2-k3-absence-2-months-no-cap",
        2024,
        person(
            score=None,
            criteria=d90_criteria(),
            months_worked=10,
            leave=[{"kind": "sick", "months": 2}],
        ),
        {},
        {"eligible_level": "HTT"},
        [],
    ),
    (
        "ND90-Dieu2-k3-maternity-not-an-absence-cap",
        2024,
        person(
            score=None,
            criteria=d90_criteria(),
            months_worked=8,
            leave=[{"kind": "maternity", "months": 4}],
        ),
        {},
        {"eligible_level": "HTT"},
        [],
    ),
    # --- Scope and cadres (A1, A3) ---
    (
        "A3-nguoi-lao-dong-outside-scope",
        2026,
        {"id": "w", "group": "nguoi_lao_dong"},
        {},
        {"classified": False, "level": None, "regime": None},
        ["outside_scope"],
    ),
    (
        "A1-QD366-Dieu11-k1-cadre-provisional",
        2026,
        person(group="can_bo", score=95),
        {},
        {"regime": "QD366", "eligible_level": "HTXS"},
        ["provisional", "score_band", "conditions_unchecked"],
    ),
    (
        "A1-QD366-Dieu11-k1-30pct-exceeded-missing",
        2026,
        person(
            group="can_bo",
            score=95,
            criteria={"tasks_completed_pct": 100, "on_time_quality_pct": 100, "exceeded_pct": 20},
        ),
        {},
        {"eligible_level": "HTT"},
        ["conditions_not_met"],
    ),
    (
        "A1-QD366-Dieu11-k1-conditions-met",
        2026,
        person(
            group="can_bo",
            score=95,
            criteria={"tasks_completed_pct": 100, "on_time_quality_pct": 100, "exceeded_pct": 30},
        ),
        {},
        {"eligible_level": "HTXS"},
        [],
    ),
    (
        "A1-QD366-Dieu11-k2-on-time-missing",
        2026,
        person(
            group="can_bo",
            score=80,
            criteria={"tasks_completed_pct": 100, "on_time_quality_pct": 90, "exceeded_pct": 0},
        ),
        {},
        {"eligible_level": "HTNV"},
        ["conditions_not_met"],
    ),
    (
        "A1-option-cadres-under-D335",
        2026,
        person(group="can_bo", score=95),
        {"cadre_rules": "d335"},
        {"regime": "D335", "eligible_level": "HTXS"},
        ["provisional"],
    ),
]


@pytest.mark.parametrize(
    ("year", "row", "options", "expected", "reason_codes"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_worked_case(
    year: int,
    row: dict[str, Any],
    options: dict[str, Any],
    expected: dict[str, Any],
    reason_codes: list[str],
) -> None:
    out = one(row, year, **options)
    for key, value in expected.items():
        assert out[key] == value, (key, out)
    for code in reason_codes:
        assert code in codes(out)
    assert out["reasons"], "every person has at least one reason"
    for reason in out["reasons"]:
        assert reason["article"] and reason["message"]


def test_A10_2026_fallback_keeps_the_2026_discipline_principle() -> None:
    row = person(
        group="vien_chuc",
        unit_has_regulation=False,
        score=None,
        criteria=d90_criteria(),
        discipline=[{"sanction": "reprimand", "duty_related": False, "effective_year": 2026}],
    )
    out = one(row, 2026)
    assert out["regime"] == "D90_D48"
    assert out["needs_decision"] is True
    assert "discipline_not_duty_related" in codes(out)


REGIME_TABLE = [
    ("cong_chuc", 2020, True, "qd366", "D90"),
    ("can_bo", 2022, True, "qd366", "D90"),
    ("vien_chuc", 2023, False, "qd366", "D90_D48"),
    ("cong_chuc", 2025, True, "qd366", "D90_D48"),
    ("cong_chuc", 2026, True, "qd366", "D335"),
    ("vien_chuc", 2026, True, "qd366", "D233"),
    ("vien_chuc", 2026, False, "qd366", "D90_D48"),
    ("vien_chuc", 2027, False, "qd366", "D233"),
    ("can_bo", 2026, True, "qd366", "QD366"),
    ("can_bo", 2030, True, "d335", "D335"),
    ("nguoi_lao_dong", 2026, True, "qd366", None),
]


@pytest.mark.parametrize(
    ("group", "year", "has_regulation", "cadre_rules", "expected"),
    REGIME_TABLE,
    ids=[f"rules-1.2-{g}-{y}-{h}-{c}" for g, y, h, c, _ in REGIME_TABLE],
)
def test_regime_table(
    group: str, year: int, has_regulation: bool, cadre_rules: str, expected: str | None
) -> None:
    assert regime(group, year, has_regulation, cadre_rules) == expected


def test_regime_before_2020_is_out_of_scope() -> None:
    with pytest.raises(ValueError, match="out of scope"):
        regime("cong_chuc", 2019, True)


def test_vietnamese_messages_have_diacritics() -> None:
    out = one(person(score=95, degradation_finding=True))
    text = " ".join(r["message"] for r in out["reasons"])
    assert "Không hoàn thành nhiệm vụ" in text
    assert "suy thoái" in text
    articles = [r["article"] for r in out["reasons"]]
    assert "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 4 điểm b" in articles
