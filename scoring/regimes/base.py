"""The shape of one regime's rule data. A new decree, or a province's own regulation, is a new
module that builds one ``RegimeRules``; the engine reads only these fields."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class CriteriaThresholds:
    """Percent thresholds of the old text-based regime (Decree 90, docs/rules/rules.md §2.3)."""

    htxs_exceeded_min: int = 50  # staff HTXS: >= 50 % of tasks exceeded
    htnv_not_assured_max: int = 20  # HTNV: <= 20 % of criteria not assured
    khtnv_not_assured_over: int = 50  # KHTNV: > 50 % not assured
    leader_htxs_unit_exceeded_min: int = 50
    leader_htt_unit_on_time_min: int = 80
    leader_htnv_unit_completed_over: int = 70
    leader_khtnv_unit_completed_under: int = 50
    subunits_htt_min: int = 70
    subunits_htnv_min_for_htnv: int = 70


@dataclass(frozen=True, slots=True)
class RegimeRules:
    code: str  # D90 | D90_D48 | D335 | D233 | QD366
    instrument: str  # "Nghị định 335/2025/NĐ-CP"
    method: str  # "score" (100 points) or "criteria" (Decree 90 percentages)
    # Score bands, highest first: (lowest score, level). Below the last band: KHTNV.
    bands: tuple[tuple[int, str], ...] = ((90, "HTXS"), (70, "HTT"), (50, "HTNV"))
    band_articles: dict[str, str] = field(default_factory=dict)
    # Decree 90: articles per person kind ("can_bo", "cong_chuc_leader", ...) and level.
    criteria_articles: dict[str, dict[str, str]] = field(default_factory=dict)
    criteria_provisional_kinds: frozenset[str] = frozenset()
    thresholds: CriteriaThresholds = field(default_factory=CriteriaThresholds)
    # QĐ 366: band conditions (exceeded share for HTXS, 100 % on time for HTT); 0 = none.
    condition_exceeded_min: int = 0
    conditions_article: str = ""
    # Whole-regime provisional note (rule not verified in the text), empty when verified.
    provisional_article: str = ""
    provisional_note: str = ""
    degradation_article: str = ""
    # "any": every sanction in the year is a trigger; "duty_related": only duty-related ones,
    # the others go to the competent person (A10); "duty_unknown" (Decree 90 as first issued,
    # whose qualifier is not known): the same, but ``duty_related`` defaults to true.
    discipline_scope: str = "any"
    discipline_article: str = ""
    discipline_once: bool = True  # Decree 48/2023: one act counts in one year only
    discipline_once_article: str = ""
    discipline_provisional: bool = False
    # A violation at the previous organisation counts there (D335 Art 11.3(c), D233 Art 14.3(c));
    # empty: the regime has no such rule and the sanction counts where it takes effect.
    discipline_previous_org_article: str = ""
    corruption_article: str = ""
    corruption_mitigation_article: str = ""  # Decree 233 Art 12.4, last paragraph
    corruption_provisional: bool = False
    # "d90": < 6 months not classified except maternity; 3-6 months absent caps at HTNV.
    # "d233": < 6 months not classified except sick leave and maternity (D335 Art 11.2,
    # D233 Art 14.2; unpaid leave is an exception only with >= 6 months worked, i.e. never here).
    leave_policy: str = "d233"
    under6_article: str = ""
    on_time_worked_article: str = ""
    under6_provisional: bool = False
    absence_cap_article: str = ""
    head_cap_article: str = ""  # empty: no head <= unit cap in this regime
    # Must a head's input carry the unit's level? D233 yes (units are classified first, Art
    # 15.1); D335: organisations are classified by another authority (Art 5), so a head without
    # it is classified with a reason saying the cap still applies (docs/rules/verification.md).
    head_cap_needs_unit_level: bool = True
    quota_article: str = ""  # empty: no numeric quota in this regime
    quota_outstanding_article: str = ""
    quota_provisional: bool = False
