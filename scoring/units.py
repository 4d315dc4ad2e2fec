"""Classification of organisations (docs/rules/rules.md §7.1: Decree 233 Art 7 for public service
units and their constituent units; §7.2: Decree 335 Art 8 for state administrative organisations,
e.g. the departments of a Sở). Both regimes share the 100-point frame, the bands 90/70/50 and the
same conditions; they differ in the articles cited and in Decree 233 Art 7.7(c) (fewer than five
units: at most one HTXS), which Decree 335 does not have."""

from scoring.levels import HTNV, HTT, HTXS, KHTNV, RANK
from scoring.model import Reason, Unit, UnitBatch, UnitResult, UnitsResult
from scoring.numbers import engine_context, q2
from scoring.quota import AGENCY, Item, allocate
from scoring.reasons import BAND_VI, make

ND233 = "Nghị định 233/2026/NĐ-CP"
ND335 = "Nghị định 335/2025/NĐ-CP"
SMALL_AUTHORITY = 5  # fewer units than this -> at most one HTXS (Art 7.7(c))


def articles(kind: str) -> dict[str, str]:
    if kind == "public_service":
        return {
            HTXS: f"{ND233}, Điều 7 khoản 1",
            HTT: f"{ND233}, Điều 7 khoản 2",
            HTNV: f"{ND233}, Điều 7 khoản 3",
            KHTNV: f"{ND233}, Điều 7 khoản 4",
            "decide": f"{ND233}, Điều 7 khoản 5",
            "quota": f"{ND233}, Điều 7 khoản 7",
            "small": f"{ND233}, Điều 7 khoản 7 điểm c",
            "outstanding": f"{ND233}, Điều 7 khoản 7 điểm b",
        }
    # State administrative organisations: Decree 335 Art 8 (levels, quota); Art 5 names the
    # recognising authority, who decides the cases the text leaves to it (Art 8.1-8.3, 8.4(b)).
    return {
        HTXS: f"{ND335}, Điều 8 khoản 1",
        HTT: f"{ND335}, Điều 8 khoản 2",
        HTNV: f"{ND335}, Điều 8 khoản 3",
        KHTNV: f"{ND335}, Điều 8 khoản 4",
        "decide": f"{ND335}, Điều 8 khoản 1, 2, 3 và Điều 5",
        "quota": f"{ND335}, Điều 8 khoản 5 điểm a",
        "outstanding": f"{ND335}, Điều 8 khoản 5 điểm b",
    }


ARTICLES = {kind: articles(kind) for kind in ("public_service", "administrative")}


def conditions(u: Unit) -> dict[str, tuple[bool, str]]:
    return {
        HTXS: (
            u.tasks_on_time_quality_pct == 100
            and u.exceeded_pct >= 30
            and not u.constituent_khtnv
            and u.shortcomings_remedied,
            "100% nhiệm vụ đúng tiến độ, chất lượng, vượt ít nhất 30%, không có đơn vị thuộc "
            "“Không hoàn thành nhiệm vụ”, khắc phục hết hạn chế",
        ),
        HTT: (u.tasks_on_time_quality_pct == 100, "100% nhiệm vụ đúng tiến độ, chất lượng"),
        HTNV: (
            u.tasks_completed_pct == 100 and u.behind_schedule_pct <= 20,
            "100% nhiệm vụ hoàn thành, không quá 20% chậm tiến độ",
        ),
    }


def assess_unit(u: Unit) -> UnitResult:
    arts = ARTICLES[u.kind]
    regime_code = "D233" if u.kind == "public_service" else "D335"
    score = q2(u.score)
    reasons: list[Reason] = []
    band = KHTNV
    for threshold, level in ((90, HTXS), (70, HTT), (50, HTNV)):
        if score >= threshold:
            band = level
            break
    reasons.append(make("score_band", arts[band], level=band, band=BAND_VI[band]))
    needs = False
    level = band
    if band != KHTNV:
        checks = conditions(u)
        ok, what = checks[band]
        if not ok:
            # Art 7.5: in the band but a condition fails -> the authority decides. Suggest the
            # highest lower level whose conditions hold, else HTNV (the lowest passing level).
            suggestion = HTNV
            for candidate in (HTT, HTNV):
                if RANK[candidate] < RANK[band] and checks[candidate][0]:
                    suggestion = candidate
                    break
            level = suggestion
            needs = True
            reasons.append(
                make(
                    "unit_conditions_not_met",
                    arts["decide"],
                    band_level=band,
                    level=suggestion,
                    what=what,
                )
            )
    hard: list[Reason] = []
    if u.personnel_violation:
        hard.append(make("personnel_violation", arts[KHTNV] + " điểm a"))
    if u.plan_completed_pct < 70:
        if u.force_majeure:
            if level != KHTNV:
                needs = True
                reasons.append(make("force_majeure", arts[KHTNV] + " điểm b", level=level))
        else:
            hard.append(make("plan_under_70", arts[KHTNV] + " điểm b"))
    if hard:
        level = KHTNV
        needs = False
        reasons = [r for r in reasons if r.code not in ("unit_conditions_not_met", "force_majeure")]
        reasons.extend(hard)
    return UnitResult(u.id, regime_code, True, level, level, needs, score, tuple(reasons))


def classify_unit_batch(batch: UnitBatch) -> UnitsResult:
    """Classify collectives under one recognising authority, with the unit quota."""
    with engine_context():
        return _classify_unit_batch(batch)


def _classify_unit_batch(batch: UnitBatch) -> UnitsResult:
    assessed = [assess_unit(u) for u in batch.units]
    if batch.options.quota_outside:
        # The authority's scope is outside the batch: each unit keeps its own level; the quota
        # is the outside authority's (Decree 335 Art 8.5 / Decree 233 Art 7.7) and it decides.
        out = [
            UnitResult(
                r.id,
                r.regime,
                True,
                r.eligible_level,
                r.level,
                r.needs_decision,
                r.score,
                r.reasons
                + (
                    (make("unit_quota_outside", ARTICLES[u.kind]["quota"]),)
                    if r.eligible_level == HTXS
                    else ()
                ),
            )
            for r, u in zip(assessed, batch.units, strict=True)
        ]
        return UnitsResult(batch.year, tuple(out), ())
    pct = 25 if batch.options.outstanding_unit else 20
    base = sum(1 for r in assessed if r.eligible_level in (HTXS, HTT))
    candidates: list[Item] = [(-r.score, r.id) for r in assessed if r.eligible_level == HTXS]
    kind = batch.units[0].kind if batch.units else "public_service"
    arts = ARTICLES[kind]
    small = "small" in arts and len(batch.units) < SMALL_AUTHORITY
    alloc = allocate(
        {AGENCY: (base, candidates)},
        pct,
        batch.options.quota_base,
        arts["small"] if small else arts["quota"],
        fixed_cap=1 if small else None,
    )
    out: list[UnitResult] = []
    for r in assessed:
        if r.eligible_level != HTXS:
            out.append(r)
            continue
        a = arts
        extra: list[Reason] = []
        if small:
            extra.append(make("unit_quota_small", a["small"]))
        if batch.options.outstanding_unit and not small:
            extra.append(make("outstanding_rate", a["outstanding"]))
        level, needs = HTXS, r.needs_decision
        if r.id in alloc.selected:
            extra.append(make("within_quota", a["quota"], rate=str(pct)))
        elif r.id in alloc.tied:
            level, needs = HTT, True
            extra.append(make("quota_tie", a["quota"], scope="trong các đơn vị cùng cấp công nhận"))
        else:
            level = HTT
            extra.append(
                make(
                    "over_quota",
                    a["quota"],
                    scope="trong các đơn vị cùng cấp công nhận",
                    rate=str(pct),
                )
            )
        out.append(
            UnitResult(r.id, r.regime, True, HTXS, level, needs, r.score, r.reasons + tuple(extra))
        )
    return UnitsResult(batch.year, tuple(out), tuple(alloc.quotas))


__all__ = ["assess_unit", "classify_unit_batch"]
