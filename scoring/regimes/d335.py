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
    discipline_previous_org_article=f"{ND335}, Điều 11 khoản 3 điểm c",
    leave_policy="d233",
    # Art 11.1-11.2, read in the text (docs/rules/verification.md rows 13-14: A4 closed).
    under6_article=f"{ND335}, Điều 11 khoản 1",
    on_time_worked_article=f"{ND335}, Điều 11 khoản 2",
    head_cap_article=f"{ND335}, Điều 20 khoản 6",
    head_cap_needs_unit_level=False,
    quota_article=f"{ND335}, Điều 20 khoản 5 điểm a",
    # The 25 % is in the text (docs/rules/verification.md row 21: A17 closed).
    quota_outstanding_article=f"{ND335}, Điều 20 khoản 5 điểm b",
)
