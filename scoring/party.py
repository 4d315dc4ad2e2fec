"""Party rules (docs/rules/rules.md §2.4, §4.4, §7.3, A13): pure, plain data in, level and reasons
out. Each rule is DATA (``RULES``): its value, its source and whether that source was verified;
an organisation may adjust any of them (``resolve``).

- A member's level from the QĐ 366 frame (30 general + 70 task results) and Art 11's conditions.
- The link with the State result of the same year: party level <= State level, State KHTNV =>
  party KHTNV (HD 21 logic, expected under QĐ 366 / HD 43, not verified: A13); a member whose State
  result is missing or not final cannot be decided.
- The HTXS quota: <= 20 % of those rated HTT (base and scope configurable: A13, A14), floor.
- Collectives (cells, the grassroots organisation): QĐ 366 Art 11's levels with conditions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from scoring.levels import HTNV, HTT, HTXS, KHTNV, LEVELS, RANK
from scoring.model import Reason
from scoring.vocabulary import LEVEL_NAMES

QD366 = "QĐ 366-QĐ/TW Điều 11"
HD21 = "HD 21-HD/BTCTW (2019), dự kiến giữ ở HD 43-HD/BTCTW (chưa kiểm chứng)"  # A13
D335 = "NĐ 335/2025 Điều 23.3(a); NĐ 233/2026 Điều 16.3(a)"


@dataclass(frozen=True, slots=True)
class Rule:
    value: Any
    source: str
    verified: bool
    label: str  # Vietnamese, for the settings page and the "Căn cứ" of documents


RULES: dict[str, Rule] = {
    "cap_by_state": Rule(
        True,
        HD21,
        False,
        "Mức xếp loại đảng viên không cao hơn mức xếp loại cán bộ, công chức, viên chức cùng năm",
    ),
    "khtnv_link": Rule(
        True,
        HD21,
        False,
        "Không hoàn thành nhiệm vụ (chính quyền) thì đảng viên không hoàn thành nhiệm vụ",
    ),
    "require_state_final": Rule(
        True,
        f"{D335}: kết quả xếp loại chính quyền là căn cứ xếp loại đảng viên",
        True,
        "Chỉ xếp loại đảng viên khi đã có kết quả xếp loại chính quyền chính thức cùng năm",
    ),
    "quota_rate": Rule(
        20,
        f"{QD366} khoản 1.5 (trích qua nguồn thứ cấp)",
        False,
        "Tỷ lệ tối đa “Hoàn thành xuất sắc nhiệm vụ” (tính theo phần trăm số được xếp "
        "“Hoàn thành tốt nhiệm vụ”)",
    ),
    "quota_rate_outstanding": Rule(
        25,
        f"{QD366} khoản 1.5, đoạn 2 (trích qua nguồn thứ cấp)",
        False,
        "Tỷ lệ tối đa khi tổ chức có thành tích xuất sắc, nổi trội (%)",
    ),
    "outstanding": Rule(
        False,
        f"{QD366} khoản 1.5, đoạn 2: cấp có thẩm quyền quyết định",
        False,
        "Áp dụng tỷ lệ dành cho tổ chức có thành tích xuất sắc, nổi trội",
    ),
    "quota_scope": Rule(
        "organisation",
        f"{QD366} khoản 1.5: “theo đối tượng có vị trí, vai trò, chức năng, nhiệm vụ tương đồng”; "
        "mặc định theo tổ chức cơ sở đảng (A13)",
        False,
        "Phạm vi tính tỷ lệ: toàn tổ chức cơ sở đảng, từng chi bộ, hoặc từng nhóm mẫu kiểm điểm",
    ),
    "quota_base": Rule(
        "htt_or_above",
        f"{QD366} khoản 1.5; cách hiểu mặc định như chính quyền (A14)",
        False,
        "Cơ sở tính tỷ lệ: số xếp “Hoàn thành tốt nhiệm vụ” trở lên, hoặc chỉ số xếp mức đó",
    ),
    "bands": Rule(
        {HTXS: 90, HTT: 70, HTNV: 50},
        f"{QD366} khoản 1–4",
        False,
        "Khung điểm: từ 90 điểm, từ 70 đến dưới 90, từ 50 đến dưới 70, dưới 50",
    ),
    "general_points": Rule(
        30, "QĐ 366-QĐ/TW Điều 10 (nguồn thứ cấp)", False, "Điểm tối đa tiêu chí chung"
    ),
    "task_points": Rule(
        70, "QĐ 366-QĐ/TW Điều 10 (nguồn thứ cấp)", False, "Điểm tối đa kết quả nhiệm vụ"
    ),
}

SCOPES = ("organisation", "cell", "category")
BASES = ("htt_or_above", "htt_only")


def resolve(overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The rule values in force: the defaults, replaced by the organisation's own values."""
    values = {key: rule.value for key, rule in RULES.items()}
    for key, value in (overrides or {}).items():
        if key not in RULES:
            raise KeyError(key)
        values[key] = value
    return values


def validate_rule(key: str, value: Any) -> str | None:
    """A Vietnamese message when ``value`` cannot be the value of rule ``key``."""
    default = RULES[key].value
    if isinstance(default, bool):
        return None if isinstance(value, bool) else "Chọn có hoặc không."
    if key in ("quota_rate", "quota_rate_outstanding", "general_points", "task_points"):
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 100:
            return "Nhập một số nguyên từ 0 đến 100."
        return None
    if key == "quota_scope":
        return None if value in SCOPES else "Phạm vi tính tỷ lệ không hợp lệ."
    if key == "quota_base":
        return None if value in BASES else "Cơ sở tính tỷ lệ không hợp lệ."
    if key == "bands":
        try:
            a, b, c = (int(value[k]) for k in (HTXS, HTT, HTNV))
        except (KeyError, TypeError, ValueError):
            return "Khung điểm không hợp lệ."
        return None if 100 >= a > b > c >= 0 else "Khung điểm phải giảm dần, trong 0–100."
    return None


def _r(code: str, article: str, message: str) -> Reason:
    return Reason(code, article, message)


def _label(level: str) -> str:
    return LEVEL_NAMES[level]


# --- one member --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberFacts:
    """What the review established about one member (all optional: None = not recorded)."""

    general_score: float | None = None  # of 30
    task_score: float | None = None  # of 70
    all_tasks_done: bool | None = None  # 100 % on time, to quality, effectively
    exceeded_30: bool | None = None  # >= 30 % of tasks exceeded
    remedied: bool | None = None  # 100 % of earlier shortcomings remedied
    behind_over_20: bool | None = None  # > 20 % of tasks behind schedule
    khtnv_case: bool = False  # one of Art 11.4's cases (degradation, discipline, > 50 % failed)
    led_units_done: bool | None = None  # leaders: the units they lead completed 100 %


@dataclass(frozen=True, slots=True)
class Outcome:
    level: str | None  # None: cannot be decided
    decidable: bool
    reasons: tuple[Reason, ...] = ()
    ceiling: str | None = None  # the highest level the State link allows

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "decidable": self.decidable,
            "ceiling": self.ceiling,
            "reasons": [r.as_dict() for r in self.reasons],
        }


def score_level(total: float, bands: Mapping[str, int]) -> str:
    for level in (HTXS, HTT, HTNV):
        if total >= bands[level]:
            return level
    return KHTNV


def member_level(facts: MemberFacts, rules: Mapping[str, Any], leader: bool = False) -> Outcome:
    """The level QĐ 366 Art 11 gives a member on their review, before the State link."""
    reasons: list[Reason] = []
    if facts.khtnv_case:
        reasons.append(
            _r(
                "party_khtnv_case",
                f"{QD366} khoản 4",
                "Thuộc trường hợp “Không hoàn thành nhiệm vụ” của Điều 11 khoản 4.",
            )
        )
        return Outcome(KHTNV, True, tuple(reasons))
    if facts.general_score is None or facts.task_score is None:
        reasons.append(
            _r("party_no_score", f"{QD366}", "Chưa có điểm tự đánh giá: chưa xác định được mức.")
        )
        return Outcome(None, False, tuple(reasons))
    total = float(facts.general_score) + float(facts.task_score)
    level = score_level(total, rules["bands"])
    reasons.append(
        _r(
            "party_score_band",
            f"{QD366} khoản 1–4",
            f"Tổng điểm {total:g}/100 thuộc khung mức “{_label(level)}”.",
        )
    )
    done = facts.all_tasks_done is not False and (not leader or facts.led_units_done is not False)
    lowered = level
    if lowered == HTXS and not (done and facts.exceeded_30 and facts.remedied is not False):
        missing = []
        if not done:
            missing.append("hoàn thành 100% nhiệm vụ")
        if not facts.exceeded_30:
            missing.append("ít nhất 30% nhiệm vụ vượt mức")
        if facts.remedied is False:
            missing.append("khắc phục 100% hạn chế, khuyết điểm đã chỉ ra")
        lowered = HTT
        reasons.append(
            _r(
                "party_htxs_conditions",
                f"{QD366} khoản 1.2–1.4",
                "Chưa đủ điều kiện mức “Hoàn thành xuất sắc nhiệm vụ” (thiếu: "
                + ", ".join(missing)
                + ").",
            )
        )
    if lowered == HTT and not done:
        lowered = HTNV
        reasons.append(
            _r(
                "party_htt_conditions",
                f"{QD366} khoản 2",
                "Chưa hoàn thành 100% nhiệm vụ đúng hạn, bảo đảm chất lượng: không đủ mức "
                "“Hoàn thành tốt nhiệm vụ”.",
            )
        )
    if lowered == HTNV and facts.behind_over_20:
        lowered = KHTNV
        reasons.append(
            _r(
                "party_htnv_conditions",
                f"{QD366} khoản 3",
                "Số nhiệm vụ chưa bảo đảm tiến độ vượt quá 20%: không đủ mức "
                "“Hoàn thành nhiệm vụ”.",
            )
        )
    return Outcome(lowered, True, tuple(reasons))


def state_ceiling(
    state_level: str | None, state_final: bool, rules: Mapping[str, Any]
) -> tuple[str | None, bool, tuple[Reason, ...]]:
    """(ceiling, decidable, reasons) from the State result of the same year (rules.md §7.3)."""
    if state_level is None or not state_final:
        if not rules["require_state_final"]:
            return None, True, ()
        what = "chưa có" if state_level is None else "chưa được phê duyệt chính thức"
        return (
            None,
            False,
            (
                _r(
                    "party_no_state_result",
                    D335,
                    f"Kết quả xếp loại chất lượng (chính quyền) cùng năm {what}: chưa xếp loại "
                    "đảng viên được.",
                ),
            ),
        )
    if state_level not in LEVELS:
        raise ValueError(state_level)
    if state_level == KHTNV and rules["khtnv_link"]:
        return (
            KHTNV,
            True,
            (
                _r(
                    "party_state_khtnv",
                    HD21,
                    "Xếp loại chính quyền “Không hoàn thành nhiệm vụ”: đảng viên xếp loại "
                    "“Không hoàn thành nhiệm vụ”.",
                ),
            ),
        )
    if rules["cap_by_state"]:
        return (
            state_level,
            True,
            (
                _r(
                    "party_state_cap",
                    HD21,
                    f"Xếp loại chính quyền cùng năm: “{_label(state_level)}”; mức đảng viên "
                    "không cao hơn.",
                ),
            ),
        )
    return None, True, ()


def link_with_state(
    proposed: str | None,
    state_level: str | None,
    state_final: bool,
    rules: Mapping[str, Any],
) -> Outcome:
    """Apply the State link to a proposed party level (the review's, the cell's or the
    committee's): capped, forced to KHTNV, or undecidable."""
    ceiling, decidable, reasons = state_ceiling(state_level, state_final, rules)
    if not decidable:
        return Outcome(None, False, reasons)
    if proposed is None:
        return Outcome(None, False, reasons, ceiling)
    level = proposed
    if ceiling == KHTNV and rules["khtnv_link"]:
        level = KHTNV
    elif ceiling is not None and RANK[proposed] > RANK[ceiling]:
        level = ceiling
        reasons += (
            _r(
                "party_capped",
                HD21,
                f"Mức đề xuất “{_label(proposed)}” cao hơn mức chính quyền: hạ xuống "
                f"“{_label(ceiling)}”.",
            ),
        )
    return Outcome(level, True, reasons, ceiling)


def classify_member(
    facts: MemberFacts,
    state_level: str | None,
    state_final: bool,
    rules: Mapping[str, Any],
    leader: bool = False,
) -> Outcome:
    """The review's level, then the State link."""
    own = member_level(facts, rules, leader)
    linked = link_with_state(own.level, state_level, state_final, rules)
    return Outcome(
        linked.level,
        own.decidable and linked.decidable,
        own.reasons + linked.reasons,
        linked.ceiling,
    )


def decision_errors(
    level: str, state_level: str | None, state_final: bool, rules: Mapping[str, Any]
) -> list[str]:
    """Vietnamese reasons why the committee cannot give ``level`` (empty: it can)."""
    ceiling, decidable, reasons = state_ceiling(state_level, state_final, rules)
    if not decidable:
        return [r.message for r in reasons]
    if ceiling == KHTNV and level != KHTNV and rules["khtnv_link"]:
        return [reasons[0].message]
    if ceiling is not None and RANK[level] > RANK[ceiling]:
        return [
            f"Mức “{_label(level)}” cao hơn mức xếp loại chính quyền cùng năm "
            f"(“{_label(ceiling)}”) ({HD21})."
        ]
    return []


# --- the quota ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quota:
    scope: str
    base: int
    cap: int
    used: int
    rate: int
    reason: Reason

    @property
    def over(self) -> bool:
        return self.used > self.cap

    @property
    def left(self) -> int:
        return max(self.cap - self.used, 0)


def quota_rate(rules: Mapping[str, Any]) -> int:
    return int(rules["quota_rate_outstanding"] if rules["outstanding"] else rules["quota_rate"])


def quota(
    levels: Iterable[str | None],
    rules: Mapping[str, Any],
    scope: str = "",
    proposed: Iterable[str | None] = (),
    counted_as: str = "người",  # "chi bộ" when the committee classifies its cells
) -> Quota:
    """HTXS <= rate % of the base (floor: "không vượt quá", A15) for one scope. ``levels`` are the
    decided levels; ``proposed`` the cell proposals of those not decided yet: they count in the
    base (the committee decides one by one), never as HTXS used."""
    counted = [lv for lv in levels if lv is not None]
    pending = [lv for lv in proposed if lv is not None]
    used = sum(1 for lv in counted if lv == HTXS)
    everyone = counted + pending
    htt = sum(1 for lv in everyone if lv == HTT)
    above = sum(1 for lv in everyone if lv == HTXS)
    base = htt + above if rules["quota_base"] == "htt_or_above" else htt
    rate = quota_rate(rules)
    cap = base * rate // 100
    what = (
        "“Hoàn thành tốt nhiệm vụ” trở lên"
        if rules["quota_base"] == "htt_or_above"
        else "“Hoàn thành tốt nhiệm vụ”"
    )
    reason = _r(
        "party_quota",
        f"{QD366} khoản 1.5",
        f"Tối đa {rate}% của {base} {counted_as} xếp {what} = {cap} {counted_as} "
        f"“Hoàn thành xuất sắc nhiệm vụ”; đã dùng {used}.",
    )
    return Quota(scope, base, cap, used, rate, reason)


def quota_key(rules: Mapping[str, Any], cell: str, category: str) -> str:
    """The scope a member's HTXS counts in (A13: configurable)."""
    scope = rules["quota_scope"]
    if scope == "cell":
        return f"cell:{cell}"
    if scope == "category":
        return f"category:{category}"
    return "organisation"


def quotas(members: Iterable[Mapping[str, Any]], rules: Mapping[str, Any]) -> dict[str, Quota]:
    """members: {"cell", "category", "level", optional "proposed"}; one Quota per scope."""
    groups: dict[str, tuple[list[str | None], list[str | None]]] = {}
    for m in members:
        decided, pending = groups.setdefault(quota_key(rules, m["cell"], m["category"]), ([], []))
        decided.append(m["level"])
        pending.append(None if m["level"] is not None else m.get("proposed"))
    return {key: quota(decided, rules, key, pending) for key, (decided, pending) in groups.items()}


# --- collectives -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CollectiveFacts:
    """A cell's or organisation's self-review (Mẫu 01), QĐ 366 Art 11 for collectives."""

    score: float | None = None
    tasks_done_pct: float | None = None  # % of assigned tasks completed
    on_time_quality: bool | None = None  # all on time, to quality, effectively
    exceeded_pct: float | None = None  # % of tasks exceeded
    behind_pct: float | None = None  # % of tasks behind schedule
    remedied: bool | None = None  # 100 % of earlier shortcomings remedied
    disciplined: bool = False  # a subordinate unit or a leadership member disciplined
    khtnv_case: bool = False  # Art 11.4 (wrongdoing in personnel work, disunity, degradation...)
    members_khtnv_over_half: bool = False  # > 50 % of the units in charge rated KHTNV
    details: dict[str, Any] = field(default_factory=dict)


def collective_level(facts: CollectiveFacts, rules: Mapping[str, Any]) -> Outcome:
    reasons: list[Reason] = []
    if facts.khtnv_case or facts.members_khtnv_over_half:
        reasons.append(
            _r(
                "party_org_khtnv_case",
                f"{QD366} khoản 4",
                "Thuộc trường hợp “Không hoàn thành nhiệm vụ” của tập thể lãnh đạo, quản lý.",
            )
        )
        return Outcome(KHTNV, True, tuple(reasons))
    if facts.tasks_done_pct is not None and facts.tasks_done_pct < 70:
        reasons.append(
            _r(
                "party_org_under_70",
                f"{QD366} khoản 4",
                f"Hoàn thành {facts.tasks_done_pct:g}% nhiệm vụ (dưới 70%): "
                "“Không hoàn thành nhiệm vụ”.",
            )
        )
        return Outcome(KHTNV, True, tuple(reasons))
    if facts.score is None:
        reasons.append(_r("party_no_score", QD366, "Chưa có điểm tự đánh giá của tập thể."))
        return Outcome(None, False, tuple(reasons))
    level = score_level(float(facts.score), rules["bands"])
    reasons.append(
        _r(
            "party_score_band",
            f"{QD366} khoản 1–4",
            f"Tổng điểm {float(facts.score):g}/100 thuộc khung mức “{_label(level)}”.",
        )
    )
    all_done = facts.tasks_done_pct is None or facts.tasks_done_pct >= 100
    if level == HTXS:
        missing = []
        if not (all_done and facts.on_time_quality is not False):
            missing.append("hoàn thành 100% nhiệm vụ đúng hạn, bảo đảm chất lượng")
        if facts.exceeded_pct is None or facts.exceeded_pct < 30:
            missing.append("ít nhất 30% nhiệm vụ vượt mức")
        if facts.disciplined:
            missing.append("không có đơn vị trực thuộc hoặc thành viên tập thể lãnh đạo bị kỷ luật")
        if facts.remedied is False:
            missing.append("khắc phục 100% hạn chế, khuyết điểm đã chỉ ra")
        if missing:
            level = HTT
            reasons.append(
                _r(
                    "party_htxs_conditions",
                    f"{QD366} khoản 1.1, 1.4",
                    "Chưa đủ điều kiện mức “Hoàn thành xuất sắc nhiệm vụ” (thiếu: "
                    + ", ".join(missing)
                    + ").",
                )
            )
    if level == HTT and not (all_done and facts.on_time_quality is not False):
        level = HTNV
        reasons.append(
            _r(
                "party_htt_conditions",
                f"{QD366} khoản 2",
                "Chưa hoàn thành 100% nhiệm vụ đúng hạn, bảo đảm chất lượng: không đủ mức "
                "“Hoàn thành tốt nhiệm vụ”.",
            )
        )
    if level == HTNV and (not all_done or (facts.behind_pct or 0) > 20):
        level = KHTNV
        reasons.append(
            _r(
                "party_htnv_conditions",
                f"{QD366} khoản 3",
                "Chưa hoàn thành 100% nhiệm vụ hoặc quá 20% nhiệm vụ chậm tiến độ: không đủ mức "
                "“Hoàn thành nhiệm vụ”.",
            )
        )
    return Outcome(level, True, tuple(reasons))
