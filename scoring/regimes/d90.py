"""Decree 90/2020/NĐ-CP as first issued: evaluation years 2020-2022 (docs/rules/rules.md §2.3, §3,
§4.1)."""

from scoring.regimes.base import RegimeRules
from scoring.vocabulary import LEVELS

ND90 = "Nghị định 90/2020/NĐ-CP"


def criteria_articles(prefix: str) -> dict[str, dict[str, str]]:
    """Decree 90 articles per kind of person and level (Arts 4-15)."""

    def arts(numbers: tuple[str, str, str, str]) -> dict[str, str]:
        return {level: f"{prefix}, {number}" for level, number in zip(LEVELS, numbers, strict=True)}

    return {
        "can_bo": arts(("Điều 4", "Điều 5", "Điều 6", "Điều 7")),
        "cong_chuc_leader": arts(
            ("Điều 8 khoản 2", "Điều 9 khoản 2", "Điều 10 khoản 2", "Điều 11 khoản 2")
        ),
        "cong_chuc_staff": arts(
            ("Điều 8 khoản 1", "Điều 9 khoản 1", "Điều 10 khoản 1", "Điều 11 khoản 1")
        ),
        "vien_chuc_leader": arts(
            ("Điều 12 khoản 2", "Điều 13 khoản 2", "Điều 14 khoản 2", "Điều 15 khoản 2")
        ),
        "vien_chuc_staff": arts(
            ("Điều 12 khoản 1", "Điều 13 khoản 1", "Điều 14 khoản 1", "Điều 15 khoản 1")
        ),
    }


RULES = RegimeRules(
    code="D90",
    instrument=ND90,
    method="criteria",
    criteria_articles=criteria_articles(ND90),
    # Only the public-employee articles and cadre Arts 4-5 were read; the rest mirror them (A16).
    criteria_provisional_kinds=frozenset({"cong_chuc_leader", "cong_chuc_staff", "can_bo"}),
    degradation_article=f"{ND90}, Điều 15 khoản 1 điểm a",
    # The original text's qualifier is unknown (A10): a sanction unrelated to duties goes to
    # the competent person (issue 15 point 6), a duty-related one is KHTNV.
    discipline_scope="duty_unknown",
    discipline_article=f"{ND90}, Điều 15 khoản 1 điểm c",
    discipline_once=False,  # the counted-once rule came with Decree 48/2023
    corruption_article=f"{ND90}, Điều 15 khoản 2",
    leave_policy="d90",
    under6_article=f"{ND90}, Điều 2 khoản 3",
    on_time_worked_article=f"{ND90}, Điều 2 khoản 3",
    absence_cap_article=f"{ND90}, Điều 2 khoản 3",
    quota_article="",  # no numeric State quota in the original text (docs/rules/rules.md §4.1)
)
