"""Decree 90/2020 as amended by Decree 48/2023: evaluation years 2023-2025, and 2026 for
public employees whose unit has no evaluation regulation (Decree 233 Art 20.1)."""

from dataclasses import replace

from scoring.regimes import d90

ND90_48 = "Nghị định 90/2020/NĐ-CP (sửa đổi, bổ sung bởi Nghị định 48/2023/NĐ-CP)"
ART2_48 = "Nghị định 90/2020/NĐ-CP, Điều 2 (bổ sung bởi Nghị định 48/2023/NĐ-CP, Điều 1 khoản 1)"

RULES = replace(
    d90.RULES,
    code="D90_D48",
    instrument=ND90_48,
    criteria_articles=d90.criteria_articles(ND90_48),
    degradation_article=f"{ND90_48}, Điều 15 khoản 1 điểm a",
    discipline_scope="any",  # Party or administrative discipline in the year
    discipline_article=ART2_48,
    discipline_once=True,
    discipline_once_article=ART2_48,
    corruption_article=f"{ND90_48}, Điều 15 khoản 2",
    under6_article=f"{ND90_48}, Điều 2 khoản 3",
    on_time_worked_article=f"{ND90_48}, Điều 2 khoản 3",
    absence_cap_article=f"{ND90_48}, Điều 2 khoản 3",
    # The share of HTXS must not exceed the Party's HTXS share; that ratio is believed to be
    # 20 % of HTT [K], so the quota is applied at the configured rate and marked provisional.
    quota_article=ART2_48,
    quota_provisional=True,
)
