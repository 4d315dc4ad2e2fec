"""Read side: the year's results as plain export data (exports.data.ResultsData).

Used by `flask export results`, and meant for the web download and the API as well."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from flask_babel import gettext as _

import labels
from exports.data import QuotaRow, ResultRow, ResultsData

from .. import _time
from ..extensions import db
from ..messages import for_people
from ..models import Cycle, Decision, Unit
from ..services.assessments import annual_facts
from ..services.decisions import Classification, classify_agency, current_decisions, quota_meters
from ..text import legal_citation, vn_sort_key


def _reasons(decision: Decision | None, result: dict | None, excluded: list[str] | None) -> str:
    parts: list[str] = []
    if decision is not None and decision.reason:
        parts.append(_("Lý do của người quyết định: %(r)s", r=decision.reason))
    engine = (decision.engine_reasons if decision is not None else None) or (
        (result or {}).get("reasons") or []
    )
    for reason in for_people(engine):
        article = f" ({legal_citation(reason['article'])})" if reason.get("article") else ""
        parts.append(f"{reason.get('message', '')}{article}")
    if decision is None and excluded:
        parts.extend(excluded)  # already human sentences (evaluation/messages.py)
    return "; ".join(p for p in parts if p)


def _rows(
    cycle: Cycle, classification: Classification, unit_ids: set[int] | None
) -> Iterator[ResultRow]:
    staff = [s for s in classification.staff.values() if unit_ids is None or s.unit_id in unit_ids]
    units = {u.id: u for u in db.session.query(Unit).filter(Unit.agency_id == cycle.agency_id)}
    ids = [s.id for s in staff]
    decisions = current_decisions(cycle, ids)
    facts = annual_facts(cycle, ids)
    staff.sort(
        key=lambda s: (
            vn_sort_key(units[s.unit_id].name if s.unit_id in units else ""),
            vn_sort_key(s.full_name),
            s.id,
        )
    )
    for person in staff:
        decision = decisions.get(person.id)
        result = classification.results.get(person.id)
        score = decision.score if decision is not None else (result or {}).get("score")

        def code(value):
            return getattr(value, "value", value)

        yield ResultRow(
            code=person.code,
            full_name=person.full_name,
            birth_date=person.birth_date,
            unit_name=units[person.unit_id].name if person.unit_id in units else "",
            group=labels.label(labels.GROUPS, person.group.value),
            task_group=person.task_group or "",
            position=labels.label(labels.POSITIONS, person.position.value),
            title=person.title or "",
            self_level=(facts.get(person.id) or {}).get("self_level"),
            eligible_level=code(decision.eligible_level)
            if decision is not None
            else (result or {}).get("eligible_level"),
            proposed_level=code(decision.proposed_level)
            if decision is not None
            else (result or {}).get("level"),
            decided_level=code(decision.level) if decision is not None else None,
            score=Decimal(str(score)).quantize(Decimal("0.01")) if score is not None else None,
            needs_decision=bool(
                decision.needs_decision
                if decision is not None
                else (result or {}).get("needs_decision") or person.id in classification.excluded
            ),
            reasons=_reasons(decision, result, classification.excluded.get(person.id)),
            decided_on=_time.local_date(decision.decided_at) if decision is not None else None,
            classified=person.id not in classification.excluded or decision is not None,
        )


def legal_basis(cycle: Cycle) -> tuple[tuple[str, str], ...]:
    """The "Căn cứ" rows: the regime per group (scoring.describe_regimes) and the options."""
    from scoring import describe_regimes

    rows: list[tuple[str, str]] = []
    for r in describe_regimes(
        cycle.year,
        cadre_rules=cycle.cadre_rules.value,
        classify_contract_workers=cycle.classify_contract_workers,
    ):
        label = f"{labels.label(labels.GROUPS, r['group'])} – {r['position']}"
        value = r["basis"] + (f" ({r['note']})" if r["note"] else "")
        rows.append((label, value))
    rows += [
        ("Cách tính tỷ lệ xuất sắc", labels.label(labels.QUOTA_BASES, cycle.quota_base.value)),
        ("Đơn vị có thành tích nổi bật (tỷ lệ 25%)", "Có" if cycle.outstanding_unit else "Không"),
        (
            "Quy định áp dụng cho cán bộ",
            labels.label(labels.CADRE_RULES, cycle.cadre_rules.value),
        ),
        (
            "Giới hạn mức của người đứng đầu",
            labels.label(labels.HEAD_CAP_SCOPES, cycle.head_cap_scope.value),
        ),
        ("Xếp loại người lao động", "Có" if cycle.classify_contract_workers else "Không"),
    ]
    return tuple(rows)


def results_data(cycle: Cycle, unit_ids: list[int] | set[int] | None = None) -> ResultsData:
    """The year's results of the agency (or of some units): one row per person."""
    classification = classify_agency(cycle)
    wanted = set(unit_ids) if unit_ids is not None else None
    task_groups = {s.task_group or "" for s in classification.staff.values()}
    meters = quota_meters(cycle, classification, task_groups)
    reading = cycle.quota_base.value
    quotas = tuple(
        QuotaRow(
            scope=m.label,
            reading=labels.label(labels.QUOTA_BASES, reading),  # words, not the option code
            rate=Decimal(m.rate),
            base=m.base,
            cap=m.cap,
            cap_other_reading=m.cap_l if reading == "htt_or_above" else m.cap_b,
            candidates=m.candidates,
            selected=m.decided,
        )
        for m in meters
    )
    scope = _("Toàn cơ quan")
    if wanted is not None:
        names = [u.name for u in db.session.query(Unit).filter(Unit.id.in_(wanted))]
        scope = ", ".join(sorted(names))
    return ResultsData(
        agency_name=cycle.agency.name,
        year=cycle.year,
        scope_label=scope,
        rows=_rows(cycle, classification, wanted),
        generated_on=_time.today(),
        quotas=quotas,
        legal_basis=legal_basis(cycle),
    )
