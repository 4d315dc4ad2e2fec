"""QĐ 366-QĐ/TW applied to cadres (cán bộ) from 2026 (docs/rules/decisions.md A1;
docs/rules/rules.md §2.4).

No State decree covers cadres in 2026, so the whole regime is provisional: 100 points, bands
90/70/50 and the individual conditions of Art 11 (30 % exceeded for HTXS, 100 % on time for HTT).
"""

from scoring.regimes.base import RegimeRules

QD366 = "Quy định 366-QĐ/TW"

RULES = RegimeRules(
    code="QD366",
    instrument=QD366,
    method="score",
    band_articles={
        "HTXS": f"{QD366}, Điều 11 khoản 1",
        "HTT": f"{QD366}, Điều 11 khoản 2",
        "HTNV": f"{QD366}, Điều 11 khoản 3",
        "KHTNV": f"{QD366}, Điều 11 (mức Không hoàn thành nhiệm vụ, tham chiếu Quy định 124-QĐ/TW)",
    },
    condition_exceeded_min=30,
    conditions_article=f"{QD366}, Điều 11 khoản 1-2",
    provisional_article="Luật Cán bộ, công chức 80/2025/QH15; Quy định 366-QĐ/TW (điểm mở A1)",
    provisional_note="cán bộ năm 2026 trở đi chưa có nghị định riêng",
    degradation_article=f"{QD366}, Điều 11 (tham chiếu Quy định 124-QĐ/TW)",
    discipline_scope="duty_related",
    discipline_article=f"{QD366}, Điều 11 (tham chiếu Quy định 124-QĐ/TW)",
    discipline_once=True,
    discipline_once_article=f"{QD366}, Điều 11 (tham chiếu Quy định 124-QĐ/TW)",
    discipline_provisional=True,
    corruption_article=f"{QD366}, Điều 11 (tham chiếu Quy định 124-QĐ/TW)",
    corruption_provisional=True,
    leave_policy="d233",
    under6_article="Nghị định 233/2026/NĐ-CP, Điều 14 khoản 1 (áp dụng tương tự, điểm mở A4)",
    on_time_worked_article="Nghị định 233/2026/NĐ-CP, Điều 14 khoản 2 (áp dụng tương tự)",
    under6_provisional=True,
    quota_article=f"{QD366}, Điều 11 (tỷ lệ chưa xác định, điểm mở A13)",
    quota_outstanding_article=f"{QD366}, Điều 11 (tỷ lệ chưa xác định, điểm mở A13)",
    quota_provisional=True,
)
