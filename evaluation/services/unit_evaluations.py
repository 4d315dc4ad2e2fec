"""Organisations (docs/rules/rules.md §7): the head self-assesses, the recognising authority decides
with the quota of its scope; subordinate organisations before their parent.

One record for both regimes: public service units and their constituent units (Decree 233 Arts
5-9) and the organisations of a state administrative agency (Decree 335 Chapter II): its
departments, recognised by the agency's head (Art 5.4), and the agency itself, represented by its
leadership unit (the unit the agency's head heads), recognised outside the agency (Art 5.2: the
provincial chairman for a Sở): HR records that decision's number, date and signer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

import scoring
from scoring.vocabulary import RANK

from .._time import local_date, now, today
from ..extensions import db
from ..models import (
    Agency,
    AgencyKind,
    Cycle,
    CycleStatus,
    Decision,
    Level,
    Unit,
    UnitEvaluation,
    UnitKind,
    User,
)
from ..permissions.decisions import can_decide_unit, can_self_assess_unit
from . import ValidationError, register
from .audit import record, snapshot
from .authority import issuer_of
from .decisions import EVALUATED_KINDS, lock_cycle

FACT_FIELDS = (
    "score",
    "tasks_on_time_quality_pct",
    "exceeded_pct",
    "tasks_completed_pct",
    "behind_schedule_pct",
    "plan_completed_pct",
)
FLAG_FIELDS = ("force_majeure", "shortcomings_remedied", "personnel_violation")
AUDITED = (
    *FACT_FIELDS,
    *FLAG_FIELDS,
    "criteria",
    "self_level",
    "level",
    "proposed_level",
    "reason",
    "verification_required",
    "verification_note",
    "verification_conclusion",
    "external_number",
    "external_date",
    "external_signer",
    "version",
)


ND233 = "Nghị định 233/2026/NĐ-CP"
ND335 = "Nghị định 335/2025/NĐ-CP"
# The articles the service's messages cite, per regime.
ARTICLES = {
    "public_service": {
        "order": f"{ND233}, Điều 9 khoản 1",
        "quota": f"{ND233}, Điều 7 khoản 7",
        "verify": f"{ND233}, Điều 9 khoản 2",
        "notice": f"{ND233}, Điều 9 khoản 2 điểm d",
        "criteria": f"{ND233}, Điều 5 và Điều 6",
    },
    "administrative": {
        "order": f"{ND335}, Điều 9 khoản 1",
        "quota": f"{ND335}, Điều 8 khoản 5",
        "verify": f"{ND335}, Điều 9 khoản 2 điểm a",
        "notice": f"{ND335}, Điều 9 khoản 2 điểm b",
        "criteria": f"{ND335}, Điều 6 và Điều 7",
    },
}
CRITERIA_MAX = {"general": Decimal(30), "tasks": Decimal(70)}  # D335 Arts 6-7, D233 Arts 5-6


def is_evaluated(unit: Unit) -> bool:
    """Classified as an organisation: a public service or constituent unit anywhere, a department
    in a state administrative agency (Decree 335 Chapter II)."""
    if unit.kind == UnitKind.DEPARTMENT:
        return unit.agency.kind == AgencyKind.ADMINISTRATIVE and not _under_service_unit(unit)
    return unit.kind in EVALUATED_KINDS


def _under_service_unit(unit: Unit) -> bool:
    parent = unit.parent
    while parent is not None:
        if parent.kind != UnitKind.DEPARTMENT:
            return True
        parent = parent.parent
    return False


def regime_of(unit: Unit) -> str:
    """The engine's kind: 'administrative' (Decree 335) or 'public_service' (Decree 233)."""
    return "administrative" if unit.kind == UnitKind.DEPARTMENT else "public_service"


def is_agency_unit(unit: Unit) -> bool:
    """The leadership unit (Ban Giám đốc) stands for the agency itself: a top-level department
    headed by the agency's head. Its level is the agency's, recognised outside (Art 5.2)."""
    return (
        unit.kind == UnitKind.DEPARTMENT
        and unit.parent_id is None
        and unit.head_id is not None
        and unit.head_id == unit.agency.head_id
    )


def display_name(unit: Unit) -> str:
    return unit.agency.name if is_agency_unit(unit) else unit.name


def evaluated_units(cycle: Cycle) -> list[Unit]:
    units = db.session.scalars(
        select(Unit)
        .where(
            Unit.agency_id == cycle.agency_id,
            Unit.active.is_(True),
            Unit.kind.in_(EVALUATED_KINDS),
        )
        .order_by(Unit.name)
    )
    return [u for u in units if is_evaluated(u)]


def evaluation_of(cycle: Cycle, unit: Unit) -> UnitEvaluation | None:
    return db.session.scalars(
        select(UnitEvaluation)
        .where(UnitEvaluation.cycle_id == cycle.id, UnitEvaluation.unit_id == unit.id)
        .execution_options(populate_existing=True)
    ).first()


def _scope_key(unit: Unit, evaluated: set[int]) -> tuple:
    """Who recognises the unit: its evaluated parent's head, or the agency's head for the
    top-level organisations; the agency itself alone (outside). One regime per scope."""
    if is_agency_unit(unit):
        return ("agency", unit.id)
    parent = unit.parent_id if unit.parent_id in evaluated else None
    return ("scope", parent, regime_of(unit))


def authority_group(unit: Unit, units: list[Unit]) -> list[Unit]:
    """Units recognised by the same authority, in one regime: the constituents of one service
    unit, the departments of one department, or the agency's own top-level organisations."""
    evaluated = {u.id for u in units}
    key = _scope_key(unit, evaluated)
    return [u for u in units if _scope_key(u, evaluated) == key]


def constituents(unit: Unit, units: list[Unit]) -> list[Unit]:
    """Organisations recognised before this one (Decree 335 Art 9.1, Decree 233 Art 9.1): its
    direct subordinates; for the agency itself, all its top-level organisations."""
    if is_agency_unit(unit):
        evaluated = {u.id for u in units}
        return [
            u
            for u in units
            if u.id != unit.id and (u.parent_id is None or u.parent_id not in evaluated)
        ]
    return [u for u in units if u.parent_id == unit.id]


@dataclass
class UnitRow:
    unit: Unit
    evaluation: UnitEvaluation | None
    result: dict | None  # engine output when self-assessed

    @property
    def version(self) -> int:
        return self.evaluation.version if self.evaluation else 0


def _engine_unit(ev: UnitEvaluation, kind: str, khtnv_constituent: bool) -> dict:
    return {
        "id": str(ev.unit_id),
        "kind": kind,
        **{name: float(getattr(ev, name)) for name in FACT_FIELDS},
        "force_majeure": ev.force_majeure,
        "constituent_khtnv": khtnv_constituent,
        "shortcomings_remedied": ev.shortcomings_remedied,
        "personnel_violation": ev.personnel_violation,
    }


def classify_group(cycle: Cycle, group: list[Unit], all_units: list[Unit]) -> tuple[dict, list]:
    """Engine results for the self-assessed units of one authority: ({unit id: output}, quotas)."""
    evaluations = {
        ev.unit_id: ev
        for ev in db.session.scalars(
            select(UnitEvaluation).where(UnitEvaluation.cycle_id == cycle.id)
        )
    }
    batch = []
    for unit in group:
        ev = evaluations.get(unit.id)
        if ev is None or ev.submitted_at is None:
            continue
        khtnv = any(
            evaluations.get(c.id) is not None and evaluations[c.id].level == Level.KHTNV
            for c in constituents(unit, all_units)
        )
        batch.append(_engine_unit(ev, regime_of(unit), khtnv))
    if not batch:
        return {}, []
    answer = scoring.classify_units(
        {
            "year": cycle.year,
            "options": {
                "quota_base": cycle.quota_base.value,
                "outstanding_unit": cycle.outstanding_unit,
                "quota_outside": any(is_agency_unit(u) for u in group),
            },
            "units": batch,
        }
    )
    return {int(u["id"]): u for u in answer["units"]}, answer["quotas"]


@dataclass
class ProvinceMember:
    """An agency whose own level the provincial chairman recognises, with its leadership unit
    (standing for the agency) and that unit's evaluation of the year."""

    agency: Agency
    cycle: Cycle
    unit: Unit | None
    evaluation: UnitEvaluation | None


@dataclass
class ProvinceQuota:
    """The chairman's scope (Decree 335 Art 5.2: the Sở and the commune People's Committees of
    one province) and its HTXS quota (Art 8.5(a), docs/rules/rules.md §7.2): the engine's cap
    over the self-assessed agencies, and how many are recognised HTXS."""

    members: list[ProvinceMember]
    cap: int | None  # None: nobody in the scope is eligible for HTXS yet
    used: int
    base: int
    article: str = f"{ND335}, Điều 8 khoản 5 điểm a"


def province_quota(year: int, province: str) -> ProvinceQuota:
    """Four queries whatever the size of the province (the HR dashboard of the Sở Nội vụ and
    every outside decision on a Sở read it)."""
    pairs = db.session.execute(
        select(Agency, Cycle)
        .join(Cycle, Cycle.agency_id == Agency.id)
        .where(
            Agency.province == province,
            Agency.kind == AgencyKind.ADMINISTRATIVE,
            Cycle.year == year,
        )
        .order_by(Agency.name)
    ).all()
    if not province or not pairs:
        return ProvinceQuota([], None, 0, 0)
    heads = {agency.id: agency.head_id for agency, _c in pairs}
    leaders = {
        u.agency_id: u
        for u in db.session.scalars(
            select(Unit).where(
                Unit.agency_id.in_(heads),
                Unit.parent_id.is_(None),
                Unit.kind == UnitKind.DEPARTMENT,
                Unit.head_id.is_not(None),
            )
        )
        if u.head_id == heads[u.agency_id]
    }
    cycle_ids = [c.id for _a, c in pairs]
    evaluations = {
        (ev.cycle_id, ev.unit_id): ev
        for ev in db.session.scalars(
            select(UnitEvaluation).where(
                UnitEvaluation.cycle_id.in_(cycle_ids),
                UnitEvaluation.unit_id.in_([u.id for u in leaders.values()] or [-1]),
            )
        )
    }
    # Art 8.1(b): a direct subordinate (a top-level organisation of the agency) rated KHTNV.
    khtnv = set(
        db.session.execute(
            select(UnitEvaluation.cycle_id, Unit.agency_id)
            .join(Unit, Unit.id == UnitEvaluation.unit_id)
            .where(
                UnitEvaluation.cycle_id.in_(cycle_ids),
                UnitEvaluation.level == Level.KHTNV,
                Unit.parent_id.is_(None),
                Unit.id.not_in([u.id for u in leaders.values()] or [-1]),
            )
        ).all()
    )
    members = []
    batch = []
    for agency, cycle in pairs:
        unit = leaders.get(agency.id)
        ev = evaluations.get((cycle.id, unit.id)) if unit else None
        members.append(ProvinceMember(agency, cycle, unit, ev))
        if ev is not None and ev.submitted_at is not None:
            batch.append(_engine_unit(ev, "administrative", (cycle.id, agency.id) in khtnv))
    used = sum(1 for m in members if m.evaluation and m.evaluation.level == Level.HTXS)
    if not batch:
        return ProvinceQuota(members, None, used, 0)
    answer = scoring.classify_units(
        {
            "year": year,
            # Product default reading (docs/rules/decisions.md A14) and the 20 % of Art 8.5(a):
            # the chairman's higher rate (8.5(b)) is the chairman's, not recorded here.
            "options": {"quota_base": "htt_or_above", "outstanding_unit": False},
            "units": batch,
        }
    )
    quota = answer["quotas"][0] if answer["quotas"] else None
    return ProvinceQuota(
        members,
        quota["cap"] if quota else None,
        used,
        quota["base"] if quota else 0,
    )


def lock_province(province: str) -> None:
    """Serialise the outside decisions of one province (PostgreSQL row locks on its agencies,
    in id order, taken before the cycle's lock so every writer locks in the same order)."""
    db.session.execute(
        select(Agency.id).where(Agency.province == province).order_by(Agency.id).with_for_update()
    )


def _province_quota_errors(cycle: Cycle, unit: Unit) -> list[tuple[str, str]]:
    province = unit.agency.province
    if not province:
        return []
    scope = province_quota(cycle.year, province)
    others = sum(
        1
        for m in scope.members
        if m.unit is not None
        and m.unit.id != unit.id
        and m.evaluation is not None
        and m.evaluation.level == Level.HTXS
    )
    if scope.cap is not None and others + 1 <= scope.cap:
        return []
    return [
        (
            "level",
            _(
                "Vượt chỉ tiêu tổ chức “Hoàn thành xuất sắc nhiệm vụ” trong phạm vi Chủ tịch Ủy "
                "ban nhân dân tỉnh công nhận: tối đa %(cap)s cơ quan, đã công nhận %(used)s "
                "(%(article)s).",
                cap=scope.cap or 0,
                used=others,
                article=scope.article,
            ),
        )
    ]


def unit_board(cycle: Cycle) -> list[tuple[list[UnitRow], list]]:
    """The evaluated units, grouped by recognising authority, with the engine's proposals."""
    units = evaluated_units(cycle)
    seen: set[int] = set()
    out = []
    for unit in units:
        if unit.id in seen:
            continue
        group = authority_group(unit, units)
        seen.update(u.id for u in group)
        results, quotas = classify_group(cycle, group, units)
        rows = [UnitRow(u, evaluation_of(cycle, u), results.get(u.id)) for u in group]
        out.append((rows, quotas))
    return out


def _version_error(ev: UnitEvaluation | None, expected: int | None) -> list[tuple[str, str]]:
    if expected is not None and (ev.version if ev else 0) != expected:
        return [
            (
                "version",
                _(
                    "Người khác vừa thay đổi đánh giá của đơn vị này trong lúc bạn sửa. "
                    "Nội dung bạn nhập vẫn được giữ lại; hãy xem lại rồi gửi lại."
                ),
            )
        ]
    return []


def _individuals_approved(cycle: Cycle, unit: Unit) -> bool:
    return (
        db.session.scalars(
            select(Decision.id).where(
                Decision.cycle_id == cycle.id,
                Decision.unit_id == unit.id,
                Decision.approved,
            )
        ).first()
        is not None
    )


def _criteria(
    rows: list[dict], score: object, unit: Unit
) -> tuple[list[dict], list[tuple[str, str]]]:
    """The points per criterion the authority set (general up to 30, task results up to 70 on
    the 100-point frame) and the organisation's own points; their sum is the score."""
    if not rows:
        return [], []
    errors: list[tuple[str, str]] = []
    out: list[dict] = []
    totals = {"general": Decimal(0), "tasks": Decimal(0)}
    points_sum = Decimal(0)
    for row in rows:
        group, name = row.get("group"), str(row.get("name") or "").strip()
        try:
            top, points = Decimal(str(row["max"])), Decimal(str(row["points"]))
        except (KeyError, ArithmeticError, ValueError):
            errors.append(("criteria", _("Điểm của tiêu chí “%(name)s” không hợp lệ.", name=name)))
            continue
        if group not in CRITERIA_MAX or not name or not top.is_finite() or not points.is_finite():
            errors.append(("criteria", _("Điểm của tiêu chí “%(name)s” không hợp lệ.", name=name)))
            continue
        if not (0 <= points <= top):
            errors.append(
                (
                    "criteria",
                    _(
                        "Tiêu chí “%(name)s”: điểm tự chấm phải từ 0 đến %(max)s.",
                        name=name,
                        max=top,
                    ),
                )
            )
        totals[group] += top
        points_sum += points
        out.append({"group": group, "name": name, "max": str(top), "points": str(points)})
    article = ARTICLES[regime_of(unit)]["criteria"]
    if totals["general"] > CRITERIA_MAX["general"]:
        errors.append(
            (
                "criteria",
                _(
                    "Tiêu chí chung được chấm tối đa 30 điểm (%(article)s).",
                    article=article,
                ),
            )
        )
    if totals["tasks"] > CRITERIA_MAX["tasks"]:
        errors.append(
            (
                "criteria",
                _(
                    "Tiêu chí kết quả thực hiện nhiệm vụ được chấm tối đa 70 điểm (%(article)s).",
                    article=article,
                ),
            )
        )
    if not errors and score is not None and Decimal(str(score)) != points_sum:
        errors.append(
            (
                "score",
                _(
                    "Tổng điểm phải bằng tổng điểm các tiêu chí (%(sum)s).",
                    sum=points_sum,
                ),
            )
        )
    return out, errors


def self_assess(
    cycle: Cycle, unit: Unit, data: dict, user: User, expected_version: int | None = None
) -> UnitEvaluation:
    lock_cycle(cycle)
    ev = evaluation_of(cycle, unit)
    errors: list[tuple[str, str]] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không ở trạng thái đang mở.")))
    if not is_evaluated(unit):
        errors.append(("", _("Đơn vị này không thuộc diện xếp loại tập thể.")))
    if not can_self_assess_unit(user, unit):
        errors.append(("", _("Chỉ người đứng đầu đơn vị tự đánh giá đơn vị.")))
    if ev is not None and ev.level is not None:
        errors.append(("", _("Đơn vị đã được xếp loại; không thể sửa bản tự đánh giá.")))
    errors += _version_error(ev, expected_version)
    for name in FACT_FIELDS:
        value = data.get(name)
        if value is None or not (Decimal(0) <= Decimal(value) <= Decimal(100)):
            errors.append((name, _("Phải nằm trong khoảng 0–100.")))
    if data.get("self_level") not in RANK:
        errors.append(("self_level", _("Hãy chọn mức tự đề xuất.")))
    criteria, criteria_errors = _criteria(data.get("criteria") or [], data.get("score"), unit)
    errors += criteria_errors
    if errors:
        raise ValidationError(errors)
    before = snapshot(ev, AUDITED) if ev else None
    if ev is None:
        ev = UnitEvaluation(cycle_id=cycle.id, unit_id=unit.id, version=0)
        db.session.add(ev)
    for name in FACT_FIELDS:
        setattr(ev, name, Decimal(data[name]))
    for name in FLAG_FIELDS:
        setattr(ev, name, bool(data.get(name)))
    ev.criteria = criteria
    ev.self_level = Level(data["self_level"])
    ev.self_note = data.get("self_note") or ""
    ev.submitted_by_id = user.id
    ev.submitted_at = now()
    ev.version = (ev.version or 0) + 1
    db.session.flush()
    record(
        "self_assess",
        "unit_evaluation",
        ev.id,
        agency_id=cycle.agency_id,
        before=before,
        after=snapshot(ev, AUDITED),
        user=user,
    )
    return ev


def decide_unit(
    cycle: Cycle,
    unit: Unit,
    level: str,
    reason: str,
    user: User,
    expected_version: int | None = None,
    external: dict | None = None,
) -> UnitEvaluation:
    """The recognising authority decides the organisation's level (Decree 335 Arts 5, 8-9;
    Decree 233 Arts 7-9). For the agency itself (recognised outside it, Decree 335 Art 5.2) HR
    records the outside decision: ``external`` = {"number", "date", "signer"}; a Sở or a commune
    counts in the HTXS quota of its province's chairman (Art 5.2, 8.5)."""
    province = (
        unit.agency.province
        if is_agency_unit(unit) and unit.agency.kind == AgencyKind.ADMINISTRATIVE
        else ""
    )
    if province:
        lock_province(province)
    lock_cycle(cycle)
    reason = (reason or "").strip()
    ev = evaluation_of(cycle, unit)
    units = evaluated_units(cycle)
    arts = ARTICLES[regime_of(unit)]
    errors: list[tuple[str, str]] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không ở trạng thái đang mở.")))
    if not can_decide_unit(user, unit):
        errors.append(("", _("Bạn không có thẩm quyền xếp loại đơn vị này.")))
    if ev is None or ev.submitted_at is None:
        errors.append(("", _("Đơn vị chưa gửi bản tự đánh giá.")))
    errors += _version_error(ev, expected_version)
    # An organisation without a head cannot propose its level (Art 9.2(a)): it does not hold its
    # parent back (the board lists it as not self-assessed).
    pending = [
        display_name(c)
        for c in constituents(unit, units)
        if c.head_id is not None and ((e := evaluation_of(cycle, c)) is None or e.level is None)
    ]
    if pending:
        errors.append(
            (
                "",
                _(
                    "Cần xếp loại các tổ chức cấp dưới trước tổ chức cấp trên (%(article)s): "
                    "%(names)s.",
                    article=arts["order"],
                    names=", ".join(pending),
                ),
            )
        )
    if ev is not None and ev.verification_required and ev.verified_at is None:
        errors.append(
            (
                "",
                _(
                    "Có đơn thư hoặc dấu hiệu mất đoàn kết: cần kiểm tra, xác minh trước khi "
                    "quyết định xếp loại (%(article)s).",
                    article=arts["verify"],
                ),
            )
        )
    if _individuals_approved(cycle, unit):
        errors.append(
            ("", _("Kết quả cá nhân của đơn vị đã được phê duyệt; không thể đổi mức của đơn vị."))
        )
    if level not in RANK:
        errors.append(("level", _("Hãy chọn một mức xếp loại.")))
    outside = is_agency_unit(unit)
    if outside:
        errors += _external_errors(external or {})
    if errors:
        raise ValidationError(errors)
    results, quotas = classify_group(cycle, authority_group(unit, units), units)
    result = results.get(unit.id) or {}
    proposal = result.get("level")
    if level != proposal and not reason:
        errors.append(("reason", _("Mức quyết định khác mức đề xuất: hãy ghi rõ lý do.")))
    eligible = result.get("eligible_level")
    if eligible and not result.get("needs_decision") and RANK[level] > RANK[eligible]:
        errors.append(
            (
                "level",
                _(
                    "Mức %(level)s cao hơn mức đơn vị đủ điều kiện (%(eligible)s).",
                    level=level,
                    eligible=eligible,
                ),
            )
        )
    if level == "HTXS" and quotas:
        cap = quotas[0]["cap"]
        others = sum(
            1
            for u in authority_group(unit, units)
            if u.id != unit.id
            and (e := evaluation_of(cycle, u)) is not None
            and e.level == Level.HTXS
        )
        if others + 1 > cap:
            errors.append(
                (
                    "level",
                    _(
                        "Vượt chỉ tiêu đơn vị “Hoàn thành xuất sắc nhiệm vụ”: tối đa %(cap)s đơn "
                        "vị cùng cấp công nhận (%(article)s).",
                        cap=cap,
                        article=arts["quota"],
                    ),
                )
            )
    if level == "HTXS" and province:
        errors += _province_quota_errors(cycle, unit)
    if errors:
        raise ValidationError(errors)
    before = snapshot(ev, AUDITED)
    ev.eligible_level = Level(eligible) if eligible else None
    ev.proposed_level = Level(proposal) if proposal else None
    ev.engine_reasons = list(result.get("reasons") or [])
    ev.level = Level(level)
    ev.reason = reason
    if outside:
        ext = external or {}
        ev.external_number = ext["number"].strip()
        ev.external_date = ext["date"]
        ev.external_signer = ext["signer"].strip()
    ev.decided_by_id = user.id
    ev.decided_at = now()
    ev.version += 1
    db.session.flush()
    record(
        "decide",
        "unit_evaluation",
        ev.id,
        agency_id=cycle.agency_id,
        before=before,
        after=snapshot(ev, AUDITED),
        reason=reason,
        user=user,
    )
    if not outside:
        _register_documents(cycle, unit, ev)
    return ev


def _external_errors(external: dict) -> list[tuple[str, str]]:
    errors: list[tuple[str, str]] = []
    if not str(external.get("number") or "").strip():
        errors.append(("external_number", _("Hãy nhập số quyết định công nhận.")))
    if not isinstance(external.get("date"), date):
        errors.append(("external_date", _("Hãy nhập ngày ký quyết định công nhận.")))
    if not str(external.get("signer") or "").strip():
        errors.append(("external_signer", _("Hãy nhập người ký quyết định công nhận.")))
    return errors


def recognition_refs(cycle: Cycle, unit: Unit) -> tuple[str, str]:
    """The register refs of the recognition decision and of the notice (Art 9.2(b))."""
    return f"unit_recognition:{cycle.id}:{unit.id}", f"unit_notice:{cycle.id}:{unit.id}"


def _register_documents(cycle: Cycle, unit: Unit, ev: UnitEvaluation) -> None:
    """The recognition decision and the notice to the organisation and the bodies concerned
    (Decree 335 Art 9.2(b), Decree 233 Art 9.2), numbered in the issuer's register; deciding
    again keeps their numbers."""
    issuer = issuer_of(unit.agency, unit.parent)
    decided_on = local_date(ev.decided_at) or today()
    decision_ref, notice_ref = recognition_refs(cycle, unit)
    subject = _(
        "Công nhận kết quả xếp loại chất lượng năm %(year)s: %(name)s",
        year=cycle.year,
        name=unit.name,
    )
    register.issue(
        cycle.agency_id,
        issuer,
        "QĐ",
        decision_ref,
        decided_on,
        subject=subject,
        signer_name=issuer.head_name,
        field="level",
    )
    register.issue(
        cycle.agency_id,
        issuer,
        "TB",
        notice_ref,
        decided_on,
        subject=subject,
        signer_name=issuer.head_name,
        field="level",
    )


def documents_of(cycle: Cycle, unit: Unit) -> list:
    return [
        doc
        for ref in recognition_refs(cycle, unit)
        if (doc := register.find(cycle.agency_id, ref)) is not None
    ]


def _authority_check(cycle: Cycle, unit: Unit, user: User) -> UnitEvaluation:
    lock_cycle(cycle)
    ev = evaluation_of(cycle, unit)
    errors: list[tuple[str, str]] = []
    if not can_decide_unit(user, unit):
        errors.append(("", _("Bạn không có thẩm quyền xếp loại đơn vị này.")))
    if ev is None or ev.submitted_at is None:
        errors.append(("", _("Đơn vị chưa gửi bản tự đánh giá.")))
    elif ev.level is not None:
        errors.append(("", _("Đơn vị đã được xếp loại.")))
    if errors:
        raise ValidationError(errors)
    return ev


def require_verification(cycle: Cycle, unit: Unit, note: str, user: User) -> UnitEvaluation:
    """Complaints, denunciations or signs of disunity: the authority orders a check before the
    decision (Decree 335 Art 9.2(a), Decree 233 Art 9.2)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(("note", _("Hãy ghi rõ đơn thư hoặc dấu hiệu cần xác minh.")))
    ev = _authority_check(cycle, unit, user)
    before = snapshot(ev, AUDITED)
    ev.verification_required = True
    ev.verification_note = note
    ev.verification_conclusion = ""
    ev.verified_at = None
    ev.verified_by_id = None
    ev.version += 1
    db.session.flush()
    record(
        "require_verification",
        "unit_evaluation",
        ev.id,
        agency_id=cycle.agency_id,
        before=before,
        after=snapshot(ev, AUDITED),
        reason=note,
        user=user,
    )
    return ev


def conclude_verification(cycle: Cycle, unit: Unit, conclusion: str, user: User) -> UnitEvaluation:
    conclusion = (conclusion or "").strip()
    if not conclusion:
        raise ValidationError(("conclusion", _("Hãy ghi kết luận kiểm tra, xác minh.")))
    ev = _authority_check(cycle, unit, user)
    if not ev.verification_required:
        raise ValidationError(("", _("Đơn vị này không có yêu cầu kiểm tra, xác minh.")))
    before = snapshot(ev, AUDITED)
    ev.verification_conclusion = conclusion
    ev.verified_at = now()
    ev.verified_by_id = user.id
    ev.version += 1
    db.session.flush()
    record(
        "conclude_verification",
        "unit_evaluation",
        ev.id,
        agency_id=cycle.agency_id,
        before=before,
        after=snapshot(ev, AUDITED),
        reason=conclusion,
        user=user,
    )
    return ev
