"""Classification of people: the small engine that reads the regime data.

Order of rules (docs/rules/rules.md §10.5): eligibility -> KHTNV triggers -> caps -> quota.
Party-side caps (step 5) belong to the party module, not to this engine.
"""

from dataclasses import replace
from decimal import Decimal

from scoring.levels import HTNV, HTT, HTXS, KHTNV, RANK
from scoring.model import (
    Batch,
    Criteria,
    Options,
    Person,
    PersonResult,
    PersonRow,
    QuotaResult,
    Reason,
    Result,
    Sanction,
)
from scoring.numbers import cents_decimal, engine_context, mean_cents, to_cents
from scoring.perf import no_cyclic_gc
from scoring.quota import Allocation, Item, allocate
from scoring.reasons import BAND_VI, make, provisional
from scoring.regimes import RegimeRules, regime, rules_for

ND233 = "Nghị định 233/2026/NĐ-CP"
# D335 Art 11.2, D233 Art 14.2: sick leave and maternity; unpaid leave only with >= 6 months
# worked (so never below 6); other lawful absence is not an exception.
LEAVE_OK_D233 = (("maternity", "nghỉ thai sản"), ("sick", "nghỉ ốm"))
NO_SCORE = -100  # hundredths: sorts after every score
SIX_MONTHS = Decimal(6)
OUTSTANDING_PCT = 25
DEFAULT_PCT = 20
OUTSTANDING_FROM = 2026  # D335 Art 20.5(b), D233 Art 12.6(b): no such rate before 2026


def outside_scope_reason(year: int) -> Reason:
    article = (
        f"{ND233}, Điều 20 khoản 2; quy chế nội bộ (điểm mở A3)"
        if year >= 2026
        else "Nghị định 90/2020/NĐ-CP, Điều 1 (phạm vi điều chỉnh)"
    )
    return make("outside_scope", article)


_CENT_BANDS: dict[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]] = {}


def band_level(score: int | float, rules: RegimeRules) -> str:
    """The level whose band holds the (already rounded) score, in hundredths."""
    bands = _CENT_BANDS.get(rules.bands)
    if bands is None:
        bands = _CENT_BANDS[rules.bands] = tuple((t * 100, lv) for t, lv in rules.bands)
    for threshold, level in bands:
        if score >= threshold:
            return level
    return KHTNV


def annual_score(person: PersonRow) -> int | float | None:
    """The annual score in hundredths under the one rounding policy (numbers.py): the score,
    else the rounded average of the period scores (each already rounded)."""
    score = person.score
    if score is not None:
        return score
    periods = person.period_scores
    if periods:
        return mean_cents(periods)
    return None


def as_row(person: Person) -> PersonRow:
    """A typed ``Person`` in the engine's form (scores in hundredths)."""
    score = person.score
    return PersonRow(
        person.id,
        person.group,
        person.position,
        person.task_group,
        person.months_worked,
        person.leave,
        person.unit_has_regulation,
        None if score is None else to_cents(score),
        tuple(map(to_cents, person.period_scores)),
        person.criteria,
        person.discipline,
        person.degradation_finding,
        person.corruption_in_led_unit,
        person.corruption_self_remedied,
        person.unit_level,
    )


# (id, regime, classified, eligible_level, level, needs_decision, score in hundredths, reasons):
# the fields of PersonResult as a plain tuple, so the dict API builds no dataclass per person.
Outcome = tuple[str, str | None, bool, str | None, str | None, bool, int | float | None,
                tuple[Reason, ...]]  # fmt: skip
AnyPerson = PersonRow


def is_leader(person: AnyPerson) -> bool:
    return person.position != "staff"


def counted_sanctions(
    discipline: tuple[Sanction, ...], year: int, once: bool
) -> tuple[list[Sanction], list[tuple[Sanction, int]]]:
    """Sanctions that count in ``year`` and those taking effect this year but already counted
    elsewhere (with that year). One act counts once: a ``counted_in_year`` naming another year,
    or another sanction for the same act effective in an earlier year, excludes it."""
    counted: list[Sanction] = []
    skipped: list[tuple[Sanction, int]] = []
    for s in discipline:
        if s.effective_year != year or s.previous_organisation:
            continue
        if once:
            if s.counted_in_year is not None and s.counted_in_year != year:
                skipped.append((s, s.counted_in_year))
                continue
            if s.act is not None:
                earlier = [
                    o.effective_year
                    for o in discipline
                    if o.act == s.act and o.effective_year < year
                ]
                if earlier:
                    skipped.append((s, min(earlier)))
                    continue
        counted.append(s)
    return counted, skipped


def d90_level(person: AnyPerson, rules: RegimeRules, leader: bool) -> tuple[str, bool, str]:
    """Decree 90 text-based levels (docs/rules/rules.md §2.3).
    Returns (level, gap?, what failed)."""
    c: Criteria = person.criteria  # type: ignore[assignment]  # validated
    th = rules.thresholds
    general = c.general
    done = c.tasks_completed_pct
    on_time = c.on_time_quality_pct
    not_assured = c.not_assured_pct
    assert done is not None and on_time is not None and not_assured is not None
    own_full = done == 100 and on_time == 100
    meets = general in ("done_well", "met")
    if not leader:
        exceeded = c.exceeded_pct or 0
        if not_assured > th.khtnv_not_assured_over:
            return KHTNV, False, "Hơn 50% tiêu chí về kết quả thực hiện nhiệm vụ không bảo đảm"
        if general == "done_well" and own_full and exceeded >= th.htxs_exceeded_min:
            return HTXS, False, ""
        if meets and own_full:
            return HTT, False, ""
        if meets and done == 100 and not_assured <= th.htnv_not_assured_max:
            return HTNV, False, ""
        return HTNV, True, ""
    unit_done = c.unit_targets_completed_pct
    unit_exceeded = c.unit_exceeded_pct
    unit_on_time = c.unit_on_time_quality_pct
    assert unit_done is not None and unit_exceeded is not None and unit_on_time is not None
    # No directly managed units: the share conditions do not apply.
    sub_htnv = 100 if c.subunits_htnv_or_above_pct is None else c.subunits_htnv_or_above_pct
    sub_htt = 100 if c.subunits_htt_or_above_pct is None else c.subunits_htt_or_above_pct
    if not_assured > th.khtnv_not_assured_over:
        return KHTNV, False, "Hơn 50% tiêu chí về kết quả thực hiện nhiệm vụ không bảo đảm"
    if unit_done < th.leader_khtnv_unit_completed_under:
        return KHTNV, False, "Cơ quan, đơn vị phụ trách hoàn thành dưới 50% chỉ tiêu, nhiệm vụ"
    subunits_ok = sub_htnv == 100 and sub_htt >= th.subunits_htt_min
    if (
        general == "done_well"
        and own_full
        and unit_done == 100
        and unit_exceeded >= th.leader_htxs_unit_exceeded_min
        and subunits_ok
    ):
        return HTXS, False, ""
    if (
        meets
        and own_full
        and unit_done == 100
        and unit_on_time >= th.leader_htt_unit_on_time_min
        and subunits_ok
    ):
        return HTT, False, ""
    if (
        meets
        and done == 100
        and not_assured <= th.htnv_not_assured_max
        and unit_done > th.leader_htnv_unit_completed_over
        and sub_htnv >= th.subunits_htnv_min_for_htnv
    ):
        return HTNV, False, ""
    return HTNV, True, ""


def qd366_conditions(level: str, c: Criteria, leader: bool, exceeded_min: int) -> tuple[str, str]:
    """QĐ 366 Art 11: the band's extra conditions; drop to the next band when they fail."""
    if leader:
        htt_ok = c.unit_targets_completed_pct == 100 and c.unit_on_time_quality_pct == 100
        exceeded = c.unit_exceeded_pct or 0
    else:
        htt_ok = c.tasks_completed_pct == 100 and c.on_time_quality_pct == 100
        exceeded = c.exceeded_pct or 0
    if level == HTXS:
        if htt_ok and exceeded >= exceeded_min and c.shortcomings_remedied:
            return HTXS, ""
        what = "100% nhiệm vụ đúng tiến độ, chất lượng, vượt ít nhất 30% và khắc phục 100% hạn chế"
        return (HTT if htt_ok else HTNV), what
    if level == HTT and not htt_ok:
        return HTNV, "100% nhiệm vụ hoàn thành đúng tiến độ, bảo đảm chất lượng"
    return level, ""


class Engine:
    """Per-batch state: the regime lookups are cached per (group, regulation flag)."""

    def __init__(self, year: int, options: Options) -> None:
        self.year = year
        self.options = options
        self._rules: dict[tuple[str, bool | None], RegimeRules] = {}
        # The score-band reason per (regime, level), built once per batch.
        self._band: dict[tuple[str, str], Reason] = {}
        self._opening: dict[tuple[int, str], tuple[Reason, ...]] = {}
        self._plain: dict[tuple[int, str, str], tuple[Reason, ...]] = {}

    def band_reason(self, rules: RegimeRules, level: str) -> Reason:
        key = (rules.code, level)
        reason = self._band.get(key)
        if reason is None:
            reason = self._band[key] = make(
                "score_band", rules.band_articles[level], level=level, band=BAND_VI[level]
            )
        return reason

    def rules(self, person: AnyPerson) -> RegimeRules:
        key = (person.group, person.unit_has_regulation)
        rules = self._rules.get(key)
        if rules is None:
            rules = rules_for(
                person.group, self.year, person.unit_has_regulation, self.options.cadre_rules
            )
            self._rules[key] = rules
        return rules

    def assess(self, p: AnyPerson) -> tuple[RegimeRules | None, Outcome]:
        """Steps 1-3: the person's own facts, before the quota."""
        year = self.year
        if p.group == "nguoi_lao_dong":
            reason = outside_scope_reason(year)
            return None, (p.id, None, False, None, None, False, None, (reason,))
        rules = self._rules.get((p.group, p.unit_has_regulation)) or self.rules(p)
        if (
            rules.method == "score"
            and p.months_worked >= SIX_MONTHS
            and p.criteria is None
            and not p.discipline
            and not p.degradation_finding
            and not p.corruption_in_led_unit
            and not rules.absence_cap_article
            and (not rules.head_cap_article or (p.unit_level is None and p.position == "staff"))
        ):
            # The usual person: nothing below applies but the band, so the level is the band's
            # and the reasons are those shared by everyone of the group in that band.
            score = p.score
            if score is None and p.period_scores:
                score = mean_cents(p.period_scores)
            if score is not None:
                level = band_level(score, rules)
                reasons = self.plain_reasons(rules, p.group, level)
                return rules, (p.id, rules.code, True, level, level, False, score, reasons)
        return self.assess_in_full(p, rules)

    def opening_reasons(self, rules: RegimeRules, group: str) -> tuple[Reason, ...]:
        """The reasons every person of the group under these rules starts with."""
        key = (id(rules), group)  # the rules are module constants (and unhashable)
        opening = self._opening.get(key)
        if opening is None:
            reasons = []
            if group == "vien_chuc" and self.year >= 2026 and rules.code == "D90_D48":
                reasons.append(make("regulation_fallback", f"{ND233}, Điều 20 khoản 1"))
            if rules.provisional_article:
                reasons.append(provisional(rules.provisional_article, rules.provisional_note))
            opening = self._opening[key] = tuple(reasons)
        return opening

    def plain_reasons(self, rules: RegimeRules, group: str, level: str) -> tuple[Reason, ...]:
        """What ``assess_in_full`` gives a person with only a score, in the band of ``level``."""
        key = (id(rules), group, level)
        reasons = self._plain.get(key)
        if reasons is None:
            reasons = (*self.opening_reasons(rules, group), self.band_reason(rules, level))
            if rules.condition_exceeded_min and level in (HTXS, HTT):
                reasons += (make("conditions_unchecked", rules.conditions_article),)
            self._plain[key] = reasons
        return reasons

    def assess_in_full(self, p: AnyPerson, rules: RegimeRules) -> tuple[RegimeRules, Outcome]:
        """Every rule of steps 1-3, in order."""
        year = self.year
        reasons = list(self.opening_reasons(rules, p.group))
        score = annual_score(p)

        # 1. Eligibility: months worked and leave.
        if p.months_worked < SIX_MONTHS:
            kinds = {lv.kind for lv in p.leave}
            if rules.leave_policy == "d90":
                why = "nghỉ thai sản" if "maternity" in kinds else ""
            else:
                why = ", ".join(label for kind, label in LEAVE_OK_D233 if kind in kinds)
            if not why:
                reasons.append(make("under_6_months", rules.under6_article))
                if rules.under6_provisional:
                    reasons.append(provisional(rules.under6_article, "điểm mở A4"))
                return rules, (p.id, rules.code, False, None, None, False, score, tuple(reasons))
            reasons.append(make("classified_on_time_worked", rules.on_time_worked_article, why=why))
            if rules.under6_provisional:
                reasons.append(provisional(rules.under6_article, "điểm mở A4, A11"))

        # Base level: score bands (new regimes) or the Decree 90 criteria.
        leader = is_leader(p)
        gap = False
        unmet = False  # QĐ 366: in a band without its conditions -> the competent person decides
        if rules.method == "score":
            assert score is not None  # validated
            level = band_level(score, rules)
            reasons.append(self.band_reason(rules, level))
            if rules.condition_exceeded_min and level in (HTXS, HTT):
                if p.criteria is None:
                    reasons.append(make("conditions_unchecked", rules.conditions_article))
                else:
                    new, what = qd366_conditions(
                        level, p.criteria, leader, rules.condition_exceeded_min
                    )
                    if new != level:
                        unmet = True
                        reasons.append(
                            make(
                                "conditions_not_met",
                                rules.conditions_article,
                                band_level=level,
                                level=new,
                                what=what,
                            )
                        )
                        level = new
        else:
            kind = (
                "can_bo" if p.group == "can_bo" else f"{p.group}_{'leader' if leader else 'staff'}"
            )
            level, gap, what = d90_level(p, rules, leader or p.group == "can_bo")
            article = rules.criteria_articles[kind][level]
            if gap:
                reasons.append(make("gap_between_levels", article))
            elif what:
                reasons.append(make("criteria_not_met", article, what=what))
            else:
                reasons.append(make("criteria_level", article, level=level))
            if kind in rules.criteria_provisional_kinds:
                reasons.append(provisional(article, "điểm mở A16"))

        # 2. KHTNV triggers.
        hard: list[Reason] = []
        decide: list[Reason] = []
        if p.degradation_finding:
            hard.append(make("degradation", rules.degradation_article))
        if p.discipline:
            previous = [s for s in p.discipline if s.previous_organisation]
            if previous and not rules.discipline_previous_org_article:
                # No such rule in this regime: the sanction counts where it takes effect.
                p_discipline = tuple(
                    Sanction(s.sanction, s.system, s.duty_related, s.effective_year, s.act,
                             s.counted_in_year)
                    for s in p.discipline
                )  # fmt: skip
            else:
                p_discipline = p.discipline
                for s in previous:
                    if s.effective_year == year:
                        reasons.append(
                            make(
                                "discipline_previous_org",
                                rules.discipline_previous_org_article,
                                sanction=s.sanction,
                            )
                        )
            counted, skipped = counted_sanctions(p_discipline, year, rules.discipline_once)
            for s, other_year in skipped:
                reasons.append(
                    make(
                        "discipline_not_counted",
                        rules.discipline_once_article,
                        sanction=s.sanction,
                        year=str(other_year),
                    )
                )
            for s in counted:
                if rules.discipline_scope == "any" or s.duty_related:
                    hard.append(make("discipline", rules.discipline_article, sanction=s.sanction))
                else:
                    decide.append(
                        make(
                            "discipline_not_duty_related",
                            rules.discipline_article + " (điểm mở A10)",
                            sanction=s.sanction,
                        )
                    )
            if counted and rules.discipline_provisional:
                reasons.append(provisional(rules.discipline_article, "kỷ luật theo QĐ 366"))
        if p.corruption_in_led_unit and (leader or p.group == "can_bo"):
            if rules.corruption_mitigation_article and p.corruption_self_remedied:
                decide.append(make("corruption_mitigation", rules.corruption_mitigation_article))
            else:
                hard.append(make("corruption", rules.corruption_article))
                if rules.corruption_provisional:
                    reasons.append(provisional(rules.corruption_article, "điểm mở A1"))
        needs = gap or unmet
        if hard:
            if gap:  # a certain KHTNV leaves nothing to decide about the gap
                reasons = [r for r in reasons if r.code != "gap_between_levels"]
            level = KHTNV
            needs = False
            reasons.extend(hard)
        elif decide:
            needs = True
            reasons.extend(decide)

        # 3. Caps.
        if rules.absence_cap_article and RANK[level] > RANK[HTNV]:
            absent = sum((lv.months for lv in p.leave if lv.kind != "maternity"), Decimal(0))
            if 3 <= absent < 6:
                level = HTNV
                reasons.append(make("absence_cap", rules.absence_cap_article))
        if (
            rules.head_cap_article
            and p.unit_level is not None
            and (
                p.position == "unit_head"
                or (p.position == "manager" and self.options.head_cap_scope == "all_unit_heads")
            )
            and RANK[level] > RANK[p.unit_level]
        ):
            level = p.unit_level
            article = rules.head_cap_article
            if p.position == "manager":
                article += " (áp dụng cho người đứng đầu đơn vị thuộc, điểm mở A8)"
            reasons.append(make("head_cap", article, unit_level=p.unit_level))
        elif rules.head_cap_article and p.unit_level is None and p.position == "unit_head":
            reasons.append(make("head_cap_pending", rules.head_cap_article))
        return rules, (p.id, rules.code, True, level, level, needs, score, tuple(reasons))


def classify_rows(
    year: int, options: Options, people: list[PersonRow]
) -> tuple[list[Outcome], tuple[QuotaResult, ...]]:
    """Classify one batch (one quota scope): steps 1-3 per person, then the quota."""
    engine = Engine(year, options)
    assessed = [engine.assess(p) for p in people]
    outstanding = options.outstanding_unit and year >= OUTSTANDING_FROM
    pct = OUTSTANDING_PCT if outstanding else DEFAULT_PCT

    # 4. Quota over everyone whose regime has one: base = HTT or above, candidates = HTXS.
    # From 2026 each decree counts its own group (D335 Art 20.5(a) công chức, D233 Art 12.6(a)
    # viên chức, QĐ 366 Art 11 cán bộ): one pool per group, each per agency and task group.
    # 2020-2025: one pool (Decree 48/2023 counts cán bộ, công chức, viên chức together).
    pools: dict[str, tuple[dict[str, int], dict[str, list[Item]], set[str]]] = {}
    for person, (rules, res) in zip(people, assessed, strict=True):
        if rules is None or not rules.quota_article or not res[2]:
            continue
        pool = pools.get(pool_of(person.group, year))
        if pool is None:
            pool = pools[pool_of(person.group, year)] = ({}, {}, set())
        base, candidates, articles = pool
        articles.add(rules.quota_article)
        level = res[3]
        if level in (HTXS, HTT):
            name = person.task_group
            base[name] = base.get(name, 0) + 1
            if level == HTXS:
                score = res[6]
                item = (-(score if score is not None else NO_SCORE), res[0])
                group = candidates.get(name)
                if group is None:
                    candidates[name] = [item]
                else:
                    group.append(item)
    if not pools:
        return [res for _, res in assessed], ()

    allocs: dict[str, Allocation] = {}
    quotas: list[QuotaResult] = []
    for pool_name in sorted(pools):
        base, candidates, articles = pools[pool_name]
        groups = {name: (n, candidates.get(name, [])) for name, n in base.items()}
        # One pool under several regimes (2020-2025) cites every article; sorted so that the
        # order of people never changes the output.
        article = "; ".join(sorted(articles))
        alloc = allocs[pool_name] = allocate(groups, pct, options.quota_base, article)
        quotas.extend(replace(q, group=pool_name) for q in alloc.quotas)
    out: list[Outcome] = []
    rate_text = str(pct)
    for person, (rules, res) in zip(people, assessed, strict=True):
        if rules is None or res[3] != HTXS or not rules.quota_article:
            out.append(res)
            continue
        pool_name = pool_of(person.group, year)
        alloc = allocs[pool_name]
        extra: list[Reason] = []
        if outstanding:
            extra.append(make("outstanding_rate", rules.quota_outstanding_article))
            if rules.code == "QD366":  # QĐ 366 is read from excerpts only
                extra.append(provisional(rules.quota_outstanding_article, "điểm mở A13"))
        elif options.outstanding_unit:
            extra.append(make("outstanding_rate_unavailable", rules.quota_article, rate=rate_text))
        if rules.quota_provisional:
            extra.append(provisional(rules.quota_article, "tỷ lệ theo điểm mở A13/A14"))
        pid = res[0]
        level = HTXS
        needs = res[5]
        if pid in alloc.selected:
            extra.append(make("within_quota", rules.quota_article, rate=rate_text))
        elif pid in alloc.tied:
            level = HTT
            needs = True
            scope = scope_vi(alloc.tied[pid], pool_name)
            extra.append(make("quota_tie", rules.quota_article, scope=scope))
        else:
            level = HTT
            extra.append(
                make(
                    "over_quota",
                    rules.quota_article,
                    scope=scope_vi(alloc.over.get(pid, "agency"), pool_name),
                    rate=rate_text,
                )
            )
        out.append((pid, res[1], True, HTXS, level, needs, res[6], res[7] + tuple(extra)))
    return out, tuple(quotas)


def pool_of(group: str, year: int) -> str:
    """The staff group whose HTXS quota counts this person ("" = one pool before 2026)."""
    return group if year >= OUTSTANDING_FROM else ""


def classify_people(batch: Batch) -> Result:
    """Classify one batch (one quota scope) of typed people."""
    with no_cyclic_gc(), engine_context():
        rows = [as_row(p) for p in batch.people]
        outcomes, quotas = classify_rows(batch.year, batch.options, rows)
        people = tuple(
            PersonResult(*o[:6], None if o[6] is None else cents_decimal(o[6]), o[7])
            for o in outcomes
        )
    return Result(batch.year, people, quotas)


GROUP_VI = {"can_bo": "cán bộ", "cong_chuc": "công chức", "vien_chuc": "viên chức"}


def scope_vi(scope: str, pool: str = "") -> str:
    of = f" (tính riêng {GROUP_VI[pool]})" if pool in GROUP_VI else ""
    if scope.startswith("task_group:"):
        return f"trong nhóm nhiệm vụ tương đồng “{scope[len('task_group:') :]}”{of}"
    return f"trong cơ quan, tổ chức, đơn vị{of}"


__all__ = [
    "Engine",
    "band_level",
    "classify_people",
    "classify_rows",
    "counted_sanctions",
    "regime",
]
