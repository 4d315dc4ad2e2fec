"""Decree 233/2026/NĐ-CP: public employees (viên chức) from 01/07/2026 (docs/rules/rules.md
§2.2)."""

from scoring.regimes.base import RegimeRules

ND233 = "Nghị định 233/2026/NĐ-CP"

RULES = RegimeRules(
    code="D233",
    instrument=ND233,
    method="score",
    band_articles={
        "HTXS": f"{ND233}, Điều 12 khoản 1",
        "HTT": f"{ND233}, Điều 12 khoản 2",
        "HTNV": f"{ND233}, Điều 12 khoản 3",
        "KHTNV": f"{ND233}, Điều 12 khoản 4 điểm a",
    },
    degradation_article=f"{ND233}, Điều 12 khoản 4 điểm b",
    discipline_scope="duty_related",
    discipline_article=f"{ND233}, Điều 12 khoản 4 điểm c",
    discipline_once=True,
    discipline_once_article=f"{ND233}, Điều 14 khoản 3",
    corruption_article=f"{ND233}, Điều 12 khoản 4 điểm d",
    corruption_mitigation_article=f"{ND233}, Điều 12 khoản 4 (đoạn cuối)",
    discipline_previous_org_article=f"{ND233}, Điều 14 khoản 3 điểm c",
    leave_policy="d233",
    under6_article=f"{ND233}, Điều 14 khoản 1",
    on_time_worked_article=f"{ND233}, Điều 14 khoản 2",
    head_cap_article=f"{ND233}, Điều 12 khoản 7",
    quota_article=f"{ND233}, Điều 12 khoản 6 điểm a",
    quota_outstanding_article=f"{ND233}, Điều 12 khoản 6 điểm b",
)
