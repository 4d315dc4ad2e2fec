"""Rule data per regime and the choice of regime (docs/rules/rules.md §1.2,
docs/rules/decisions.md)."""

from dataclasses import replace

from scoring.regimes import d90, d90_d48, d233, d335, qd366
from scoring.regimes.base import CriteriaThresholds, RegimeRules
from scoring.vocabulary import GROUPS  # re-exported for validate

REGIMES: dict[str, RegimeRules] = {
    r.code: r for r in (d90.RULES, d90_d48.RULES, d335.RULES, d233.RULES, qd366.RULES)
}

# Cadres under the Decree 335 rules when the agency chooses so (A1): still provisional.
D335_FOR_CADRES = replace(
    d335.RULES,
    provisional_article=qd366.RULES.provisional_article,
    provisional_note="cán bộ áp dụng quy tắc Nghị định 335/2025/NĐ-CP theo lựa chọn của cơ quan",
)

# Public employees in 2026 whose unit has no evaluation regulation: only the Decree 90 CRITERIA
# apply (Decree 233 Art 20.1); Decree 90 itself has lapsed, so everything else is Decree 233's
# (docs/rules/verification.md row 3): discipline (Arts 12.4(c), 14.3), the mitigation of
# Art 12.4, time worked and leave (Art 14.1-14.2, no 3-6-month absence cap), the head cap
# (Art 12.7) and the quota (Art 12.6).
D90_D48_FALLBACK_2026 = replace(
    d90_d48.RULES,
    degradation_article=d233.RULES.degradation_article,
    discipline_scope="duty_related",
    discipline_article=d233.RULES.discipline_article,
    discipline_once_article=d233.RULES.discipline_once_article,
    discipline_previous_org_article=d233.RULES.discipline_previous_org_article,
    corruption_article=d233.RULES.corruption_article,
    corruption_mitigation_article=d233.RULES.corruption_mitigation_article,
    leave_policy="d233",
    under6_article=d233.RULES.under6_article,
    on_time_worked_article=d233.RULES.on_time_worked_article,
    under6_provisional=False,
    absence_cap_article="",
    head_cap_article=d233.RULES.head_cap_article,
    quota_article=d233.RULES.quota_article,
    quota_outstanding_article=d233.RULES.quota_outstanding_article,
    quota_provisional=False,
)

# Viên chức 2020-2025: a manager who heads a unit is capped by that unit's level (Law on Public
# Employees 2010 as amended in 2019, Art 41; docs/rules/verification.md row 19). Civil servants
# had no such rule in that period.
HEAD_CAP_VC_2019 = "Luật Viên chức số 58/2010/QH12 (sửa đổi, bổ sung năm 2019), Điều 41"

FIRST_YEAR = 2020
CADRE_RULES = ("qd366", "d335")


def regime(
    group: str, year: int, has_regulation: bool | None = True, cadre_rules: str = "qd366"
) -> str | None:
    """The code of the rule set that applies, or None when the engine does not classify the
    group (người lao động, A3).

    - 2020-2022: Decree 90 as issued; 2023-2025: Decree 90 + Decree 48/2023.
    - 2026+: công chức -> D335; viên chức -> D233, except in 2026 when the unit has not issued
      its evaluation regulation (D233 Art 20.1) -> D90_D48; cán bộ -> QD366 (or D335, A1).
    """
    if group not in GROUPS:
        raise ValueError(f"unknown group {group!r}")
    if cadre_rules not in CADRE_RULES:
        raise ValueError(f"unknown cadre_rules {cadre_rules!r}")
    if year < FIRST_YEAR:
        raise ValueError(f"evaluation year {year} is before Decree 90/2020 (out of scope)")
    if group == "nguoi_lao_dong":
        return None
    if year <= 2022:
        return "D90"
    if year <= 2025:
        return "D90_D48"
    if group == "cong_chuc":
        return "D335"
    if group == "vien_chuc":
        if year == 2026 and not has_regulation:
            return "D90_D48"
        return "D233"
    return "D335" if cadre_rules == "d335" else "QD366"


def rules_for(group: str, year: int, has_regulation: bool | None, cadre_rules: str) -> RegimeRules:
    code = regime(group, year, has_regulation, cadre_rules)
    if code is None:
        raise ValueError(f"group {group!r} is not classified by the engine")
    if group == "can_bo" and code == "D335":
        return D335_FOR_CADRES
    if group == "vien_chuc" and code == "D90_D48" and year >= 2026:
        return D90_D48_FALLBACK_2026
    if group == "vien_chuc" and code in ("D90", "D90_D48"):
        return _D90_VC[code]
    return REGIMES[code]


_D90_VC = {
    code: replace(REGIMES[code], head_cap_article=HEAD_CAP_VC_2019) for code in ("D90", "D90_D48")
}


__all__ = ["REGIMES", "CriteriaThresholds", "RegimeRules", "regime", "rules_for"]
