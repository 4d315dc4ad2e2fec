"""The monthly or quarterly score of Decrees 335/2025 and 233/2026 (docs/rules/rules.md §2.1.1,
§2.2).

General criteria (≤ 30) per Form 01, plus task points (≤ 70) from the quantity, quality and
progress of converted work items (Decree 335 Art 14): EACH failed quality review deducts 25 % of
that item's quality points and EACH delay 25 % of its progress points ("mỗi lần", Art
14.2(b)-(c)), so an item records how many times, unless a competent authority confirmed an
objective cause. An item counts in the period in which it falls due. Task points = mean of the
ratios × 70 (Decree 335 Arts 16-17, verified: docs/rules/verification.md rows 27-28; the
agency may weight the ratios under Decree 233, whose Art 12.5 leaves the points to the unit).
A quarter is the mean of its 3 months, six months the mean of 6, the year the mean of the
months worked (Art 17.3, Art 11.2, Art 19.1); periods of different lengths are weighted by
their months (``weighted_average``).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from scoring.model import FieldError, Reason
from scoring.numbers import HUNDRED, ZERO, engine_context, mean2, q2
from scoring.reasons import make, provisional

ND335 = "Nghị định 335/2025/NĐ-CP"
ND233 = "Nghị định 233/2026/NĐ-CP"
TASK_MAX = Decimal(70)
DEDUCTION = Decimal("0.25")


@dataclass(frozen=True, slots=True)
class Criterion:
    code: str
    group: str
    label_vi: str
    max_points: Decimal


def _general(attitude: str) -> tuple[Criterion, ...]:
    half, five, ten = Decimal("2.5"), Decimal(5), Decimal(10)
    return (
        Criterion("I.1", "I", "Phẩm chất chính trị, đạo đức; văn hóa thực thi công vụ", five),
        Criterion("I.2", "I", "Ý thức tổ chức kỷ luật, kỷ cương trong thực thi nhiệm vụ", five),
        Criterion("II.1", "II", "Năng lực chuyên môn, nghiệp vụ phù hợp với vị trí việc làm", half),
        Criterion("II.2", "II", "Khả năng đáp ứng yêu cầu nhiệm vụ thường xuyên, đột xuất", half),
        Criterion("II.3", "II", "Tinh thần trách nhiệm trong thực hiện nhiệm vụ", half),
        Criterion("II.4", "II", attitude, half),
        Criterion(
            "III",
            "III",
            "Đổi mới, sáng tạo; dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung",
            ten,
        ),
    )


# Decree 335 Form 01: I (5 + 5), II (4 × 2.5), III (10). Decree 233 leaves the split to the
# unit's Quy chế; the same split is the default and can be replaced by the unit's own data.
GENERAL_CRITERIA: dict[str, tuple[Criterion, ...]] = {
    "D335": _general("Thái độ phục vụ Nhân dân, doanh nghiệp; tinh thần hợp tác"),
    "D233": _general("Thái độ phục vụ người sử dụng dịch vụ; tinh thần hợp tác"),
}

# Leaders' extra criteria, each entered as a percentage 0-100 (Decree 335, LD4; Decree 233
# Art 11.3).
MANAGER_CRITERIA: tuple[Criterion, ...] = (
    Criterion("d", "manager", "Kết quả hoạt động của cơ quan, đơn vị được giao phụ trách", HUNDRED),
    Criterion("đ", "manager", "Năng lực tổ chức triển khai thực hiện nhiệm vụ", HUNDRED),
    Criterion("e", "manager", "Năng lực tập hợp, đoàn kết công chức, viên chức", HUNDRED),
)

ARTICLES = {
    "D335": {
        "general": f"{ND335}, Điều 13 (Mẫu số 01)",
        "tasks": f"{ND335}, Điều 14",
        "formula": f"{ND335}, Điều 16",
        "total": f"{ND335}, Điều 17 khoản 1",
    },
    "D233": {
        "general": f"{ND233}, Điều 10",
        "tasks": f"{ND233}, Điều 11",
        "formula": f"{ND233}, Điều 11 và Điều 12 khoản 5 (điểm mở A5)",
        "total": f"{ND233}, Điều 12 khoản 5",
    },
}


@dataclass(frozen=True, slots=True)
class WorkItem:
    title: str
    units: Decimal  # converted count (sản phẩm, công việc đã quy đổi)
    assigned_on: date
    due_on: date
    completed_on: date | None
    quality_ok: bool
    major_error: bool  # at least one failed quality review (kept for old records)
    objective_cause: bool
    # How many times the item failed a quality review for a major content error, and how many
    # times it was late (Decree 335 Art 14.2(b)-(c): 25 % each). 0 = derived: 1 failure when
    # ``major_error``, 1 delay when completed after ``due_on``.
    failed_reviews: int = 0
    delays: int = 0
    # Taken over from a colleague or ad hoc (Decree 335 Art 18.1(d)): counted outside the
    # assigned total, so its units raise the ratios above 100 % (docs/rules/rules.md §2.1.4).
    extra: bool = False


@dataclass(frozen=True, slots=True)
class ManagerFacts:
    unit_result_pct: Decimal
    organising_pct: Decimal
    uniting_pct: Decimal


@dataclass(frozen=True, slots=True)
class PeriodScore:
    general: Decimal
    quantity_pct: Decimal
    quality_pct: Decimal
    progress_pct: Decimal
    task_points: Decimal
    total: Decimal
    reasons: tuple[Reason, ...]
    errors: tuple[FieldError, ...]
    manager_pct: tuple[Decimal, ...] = ()  # d, đ, e when the person is a leader
    # The mean of the ratios before the cap of 100 % (above it only through extra work), and
    # the standard units of extra work in the period.
    uncapped_pct: Decimal = ZERO
    extra_units: Decimal = ZERO


def _count(value: object) -> int:
    return value if type(value) is int and value > 0 else 0


def _kept(times: int) -> Decimal:
    """The share of an item's points kept after ``times`` deductions of 25 % (never below 0)."""
    return max(ZERO, 1 - DEDUCTION * times)


def _clip(value: Decimal) -> Decimal:
    return min(HUNDRED, max(ZERO, value))


def score_period(
    regime: str,
    general: Mapping[str, Decimal],
    items: Sequence[WorkItem],
    manager: ManagerFacts | None,
    period_end: date | None = None,
    weights: Sequence[Decimal] | None = None,
    period_start: date | None = None,
) -> PeriodScore:
    """One period's score. ``weights`` (3 for staff, 6 for managers; default equal) are the
    agency's own weights per criterion (A5). An item falling due outside [period_start,
    period_end] belongs to another period and is left out. When ``errors`` is not empty the
    numbers are 0 and must not be used."""
    with engine_context():
        return _score_period(regime, general, items, manager, period_end, weights, period_start)


def _score_period(
    regime: str,
    general: Mapping[str, Decimal],
    items: Sequence[WorkItem],
    manager: ManagerFacts | None,
    period_end: date | None = None,
    weights: Sequence[Decimal] | None = None,
    period_start: date | None = None,
) -> PeriodScore:
    errors: list[FieldError] = []
    criteria = GENERAL_CRITERIA.get(regime)
    if criteria is None:
        errors.append(
            FieldError(
                "regime", "Chế độ không hợp lệ; chỉ chấp nhận: " + ", ".join(GENERAL_CRITERIA)
            )
        )
        criteria = GENERAL_CRITERIA["D335"]
    known = {c.code: c for c in criteria}
    general_total = ZERO
    for code, value in general.items():
        path = f"general.{code}"
        crit = known.get(code)
        if crit is None:
            errors.append(FieldError(path, "Mã tiêu chí không tồn tại.", field=code))
            continue
        if (
            not isinstance(value, Decimal | int)
            or isinstance(value, bool)
            or (isinstance(value, Decimal) and not value.is_finite())
        ):
            errors.append(FieldError(path, "Điểm phải là một số.", field=code))
            continue
        value = Decimal(value)
        if value < 0:
            errors.append(FieldError(path, "Điểm không được âm.", field=code))
        elif value > crit.max_points:
            errors.append(
                FieldError(
                    path, f"Điểm vượt quá điểm tối đa của tiêu chí ({crit.max_points}).", field=code
                )
            )
        else:
            general_total += value
    for code in known:
        if code not in general:
            errors.append(FieldError(f"general.{code}", "Thiếu điểm của tiêu chí.", field=code))

    in_period = [
        (i, item)
        for i, item in enumerate(items)
        if (period_end is None or item.due_on <= period_end)
        and (period_start is None or item.due_on >= period_start)
    ]
    if not in_period:
        errors.append(FieldError("items", "Chưa có sản phẩm, công việc nào được giao trong kỳ."))
    # Extra work counts outside the assigned total (Art 18.1(d)); with nothing else in the
    # period it is the whole assignment.
    only_extra = all(item.extra for _i, item in in_period)
    assigned = ZERO
    extra_units = ZERO
    done = ZERO
    quality = ZERO
    progress = ZERO
    late = quality_cut = exempt = 0
    for i, item in in_period:
        path = f"items[{i}]"
        for name in ("failed_reviews", "delays"):
            count = getattr(item, name)
            if type(count) is not int or count < 0:
                errors.append(
                    FieldError(f"{path}.{name}", "Số lần phải là số nguyên không âm.", i, name)
                )
        if not Decimal(item.units).is_finite() or item.units <= 0:
            errors.append(
                FieldError(f"{path}.units", "Số sản phẩm quy đổi phải lớn hơn 0.", i, "units")
            )
            continue
        if item.due_on < item.assigned_on:
            errors.append(
                FieldError(f"{path}.due_on", "Hạn hoàn thành trước ngày giao việc.", i, "due_on")
            )
        completed = item.completed_on
        if completed is not None and completed < item.assigned_on:
            errors.append(
                FieldError(
                    f"{path}.completed_on",
                    "Ngày hoàn thành trước ngày giao việc.",
                    i,
                    "completed_on",
                )
            )
        if item.extra and not only_extra:
            extra_units += item.units
        else:
            assigned += item.units
        # Work finished after the period ends is "not completed" in this period.
        if completed is None or (period_end is not None and completed > period_end):
            continue
        done += item.units
        failed = _count(item.failed_reviews) or int(item.major_error)
        delays = _count(item.delays) or int(completed > item.due_on)
        if item.quality_ok:
            if failed and not item.objective_cause:
                quality += item.units * _kept(failed)
                quality_cut += failed
            else:
                quality += item.units
                exempt += failed
        if not delays:
            progress += item.units
        elif item.objective_cause:
            progress += item.units
            exempt += delays
        else:
            progress += item.units * _kept(delays)
            late += delays

    manager_pct: tuple[Decimal, ...] = ()
    if manager is not None:
        for name in ("unit_result_pct", "organising_pct", "uniting_pct"):
            value = getattr(manager, name)
            if (
                not isinstance(value, Decimal | int)
                or not Decimal(value).is_finite()
                or not 0 <= value <= 100
            ):
                errors.append(
                    FieldError(f"manager.{name}", "Phải nằm trong khoảng 0–100.", field=name)
                )
        manager_pct = (
            Decimal(manager.unit_result_pct),
            Decimal(manager.organising_pct),
            Decimal(manager.uniting_pct),
        )
    n_ratios = 3 + len(manager_pct)
    if weights is not None and (
        len(weights) != n_ratios or any(w < 0 for w in weights) or sum(weights) <= 0
    ):
        errors.append(FieldError("weights", f"Cần {n_ratios} trọng số không âm, tổng lớn hơn 0."))
    if errors:
        return PeriodScore(ZERO, ZERO, ZERO, ZERO, ZERO, ZERO, (), tuple(errors), manager_pct)

    # Each ratio exceeds 100 % only through extra work; the criterion (their mean) is capped at
    # 100 %, so task points never pass 70 (Art 17.1; docs/rules/rules.md §2.1.4).
    q = q2(max(ZERO, done * HUNDRED / assigned))
    ql = q2(max(ZERO, quality * HUNDRED / assigned))
    pr = q2(max(ZERO, progress * HUNDRED / assigned))
    ratios = (q, ql, pr, *(_clip(m) for m in manager_pct))
    w = tuple(weights) if weights is not None else (Decimal(1),) * n_ratios
    mean = sum((r * wi for r, wi in zip(ratios, w, strict=True)), ZERO) / sum(w)
    uncapped = q2(mean)
    task_points = q2(min(mean, HUNDRED) * TASK_MAX / HUNDRED)
    general_total = q2(general_total)
    total = q2(general_total + task_points)

    arts = ARTICLES[regime]
    reasons = [
        make("period_general", arts["general"]),
        make("period_tasks", arts["tasks"]),
    ]
    if regime == "D233" or weights is not None:  # the unit's own split (D233 Art 12.5)
        reasons.append(provisional(arts["formula"], "công thức quy đổi điểm theo quy chế"))
    if late:
        reasons.append(make("late_deduction", arts["tasks"], count=str(late)))
    if quality_cut:
        reasons.append(make("quality_deduction", arts["tasks"], count=str(quality_cut)))
    if exempt:
        reasons.append(make("objective_cause", arts["tasks"], count=str(exempt)))
    return PeriodScore(
        general_total,
        q,
        ql,
        pr,
        task_points,
        total,
        tuple(reasons),
        (),
        manager_pct,
        uncapped,
        q2(extra_units),
    )


def weighted_average(periods: Sequence[tuple[Decimal, int]]) -> Decimal:
    """The mean of (rounded total, months it covers) pairs, weighted by months and rounded
    half-up: a quarter is the mean of its 3 months, the year the mean of the months worked, and
    a person moved from a monthly to a quarterly agency has each quarter count 3 times
    (Decree 335 Art 17.3, Art 11.2, Art 19.1)."""
    with engine_context():
        if not periods or any(type(m) is not int or m <= 0 for _, m in periods):
            raise ValueError("each period needs a positive number of months")
        if any(not Decimal(t).is_finite() for t, _ in periods):
            raise ValueError("a period total is not a finite number")
        months = sum(m for _, m in periods)
        return q2(sum((q2(Decimal(t)) * m for t, m in periods), ZERO) / months)


def annual_average(totals: Sequence[Decimal]) -> Decimal:
    """The annual score: mean of the periodic totals, each rounded, then rounded half-up. A
    total that is not a finite number is refused (never a NaN average)."""
    if any(not Decimal(t).is_finite() for t in totals):
        raise ValueError("a period total is not a finite number")
    with engine_context():
        return mean2([q2(Decimal(t)) for t in totals])
