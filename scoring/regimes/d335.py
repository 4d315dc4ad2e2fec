"""Decree 335/2025/NĐ-CP: civil servants (công chức) from 2026 (docs/rules/rules.md §2.1, §3,
§4)."""

from scoring.regimes.base import RegimeRules

ND335 = "Nghị định 335/2025/NĐ-CP"

RULES = RegimeRules(
    code="D335",
    instrument=ND335,
    method="score",
    band_articles={
        "HTXS": f"{ND335}, Điều 20 khoản 1",
        "HTT": f"{ND335}, Điều 20 khoản 2",
        "HTNV": f"{ND335}, Điều 20 khoản 3",
        "KHTNV": f"{ND335}, Điều 20 khoản 4 điểm a",
    },
    degradation_article=f"{ND335}, Điều 20 khoản 4 điểm b",
    discipline_scope="duty_related",
    discipline_article=f"{ND335}, Điều 20 khoản 4 điểm c",
    discipline_once=True,
    discipline_once_article=f"{ND335}, Điều 11 khoản 3",
    corruption_article=f"{ND335}, Điều 20 khoản 4 điểm d",
    leave_policy="d233",
    # A4: the < 6 months rule was not found in Decree 335; Decree 233 Art 14 is applied.
    under6_article="Nghị định 233/2026/NĐ-CP, Điều 14 khoản 1 (áp dụng tương tự, điểm mở A4)",
    on_time_worked_article=f"{ND335}, Điều 19 khoản 3 (nguồn khác ghi Điều 21 khoản 3)",
    under6_provisional=True,
    quota_article=f"{ND335}, Điều 20 khoản 5 điểm a",
    # Only "higher" is verified; the 25 % comes from an implementer (A17).
    quota_outstanding_article=f"{ND335}, Điều 20 khoản 5 điểm b",
)
