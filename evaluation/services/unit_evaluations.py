"""Collectives (docs/rules/rules.md §7.1, Decree 233 Arts 5–9): the unit's head self-assesses, the
recognising authority decides with the unit quota; constituent units before their parent.

Evaluated units are the public service units and their constituent units (Decree 233). The
departments of a state administrative agency are not classified as collectives (Decree 335
classifies the agency itself, outside this system)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import gettext as _
from sqlalchemy import select

import scoring

from .._time import now
from ..extensions import db
from ..models import Cycle, CycleStatus, Decision, Level, Unit, UnitEvaluation, User
from ..permissions.decisions import can_decide_unit, can_self_assess_unit
from . import ValidationError
from .audit import record, snapshot
from .decisions import EVALUATED_KINDS, LEVEL_ORDER, lock_cycle

FACT_FIELDS = (
    "score",
    "tasks_on_time_quality_pct",
    "exceeded_pct",
    "tasks_completed_pct",
    "behind_schedule_pct",
    "plan_completed_pct",
)
FLAG_FIELDS = ("force_majeure", "shortcomings_remedied", "personnel_violation")
AUDITED = (*FACT_FIELDS, *FLAG_FIELDS, "self_level", "level", "proposed_level", "reason", "version")


def evaluated_units(cycle: Cycle) -> list[Unit]:
    return list(
        db.session.scalars(
            select(Unit)
            .where(
                Unit.agency_id == cycle.agency_id,
                Unit.active.is_(True),
                Unit.kind.in_(EVALUATED_KINDS),
            )
            .order_by(Unit.name)
        )
    )


def evaluation_of(cycle: Cycle, unit: Unit) -> UnitEvaluation | None:
    return db.session.scalars(
        select(UnitEvaluation)
        .where(UnitEvaluation.cycle_id == cycle.id, UnitEvaluation.unit_id == unit.id)
        .execution_options(populate_existing=True)
    ).first()


def authority_group(unit: Unit, units: list[Unit]) -> list[Unit]:
    """Units recognised by the same authority: the constituents of one service unit, or the
    agency's own service units (those without an evaluated parent)."""
    evaluated = {u.id for u in units}
    key = unit.parent_id if unit.parent_id in evaluated else None
    return [u for u in units if (u.parent_id if u.parent_id in evaluated else None) == key]


def constituents(unit: Unit, units: list[Unit]) -> list[Unit]:
    return [u for u in units if u.parent_id == unit.id]


@dataclass
class UnitRow:
    unit: Unit
    evaluation: UnitEvaluation | None
    result: dict | None  # engine output when self-assessed

    @property
    def version(self) -> int:
        return self.evaluation.version if self.evaluation else 0


def _engine_unit(ev: UnitEvaluation, khtnv_constituent: bool) -> dict:
    return {
        "id": str(ev.unit_id),
        "kind": "public_service",
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
        batch.append(_engine_unit(ev, khtnv))
    if not batch:
        return {}, []
    answer = scoring.classify_units(
        {
            "year": cycle.year,
            "options": {
                "quota_base": cycle.quota_base.value,
                "outstanding_unit": cycle.outstanding_unit,
            },
            "units": batch,
        }
    )
    return {int(u["id"]): u for u in answer["units"]}, answer["quotas"]


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
                Decision.approved.is_(True),
            )
        ).first()
        is not None
    )


def self_assess(
    cycle: Cycle, unit: Unit, data: dict, user: User, expected_version: int | None = None
) -> UnitEvaluation:
    lock_cycle(cycle)
    ev = evaluation_of(cycle, unit)
    errors: list[tuple[str, str]] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không ở trạng thái đang mở.")))
    if unit.kind not in EVALUATED_KINDS:
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
    if data.get("self_level") not in LEVEL_ORDER:
        errors.append(("self_level", _("Hãy chọn mức tự đề xuất.")))
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
) -> UnitEvaluation:
    """The recognising authority decides the unit's level (Decree 233 Arts 7–9)."""
    lock_cycle(cycle)
    reason = (reason or "").strip()
    ev = evaluation_of(cycle, unit)
    units = evaluated_units(cycle)
    errors: list[tuple[str, str]] = []
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không ở trạng thái đang mở.")))
    if not can_decide_unit(user, unit):
        errors.append(("", _("Bạn không có thẩm quyền xếp loại đơn vị này.")))
    if ev is None or ev.submitted_at is None:
        errors.append(("", _("Đơn vị chưa gửi bản tự đánh giá.")))
    errors += _version_error(ev, expected_version)
    pending = [
        c.name
        for c in constituents(unit, units)
        if (e := evaluation_of(cycle, c)) is None or e.level is None
    ]
    if pending:
        errors.append(
            (
                "",
                _(
                    "Cần xếp loại các đơn vị cấu thành trước đơn vị cấp trên "
                    "(Nghị định 233/2026/NĐ-CP, Điều 9 khoản 1): %(names)s.",
                    names=", ".join(pending),
                ),
            )
        )
    if _individuals_approved(cycle, unit):
        errors.append(
            ("", _("Kết quả cá nhân của đơn vị đã được phê duyệt; không thể đổi mức của đơn vị."))
        )
    if level not in LEVEL_ORDER:
        errors.append(("level", _("Hãy chọn một mức xếp loại.")))
    if errors:
        raise ValidationError(errors)
    results, quotas = classify_group(cycle, authority_group(unit, units), units)
    result = results.get(unit.id) or {}
    proposal = result.get("level")
    if level != proposal and not reason:
        errors.append(("reason", _("Mức quyết định khác mức đề xuất: hãy ghi rõ lý do.")))
    eligible = result.get("eligible_level")
    if eligible and not result.get("needs_decision") and LEVEL_ORDER[level] > LEVEL_ORDER[eligible]:
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
                        "vị cùng cấp công nhận (Nghị định 233/2026/NĐ-CP, Điều 7 khoản 7).",
                        cap=cap,
                    ),
                )
            )
    if errors:
        raise ValidationError(errors)
    before = snapshot(ev, AUDITED)
    ev.eligible_level = Level(eligible) if eligible else None
    ev.proposed_level = Level(proposal) if proposal else None
    ev.engine_reasons = list(result.get("reasons") or [])
    ev.level = Level(level)
    ev.reason = reason
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
    return ev
