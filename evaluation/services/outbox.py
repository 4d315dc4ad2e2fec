"""Outbox of final results for the national database (Decree 335 Art 26.1(d): the monthly or
quarterly tracking results and the annual classification are synced "chậm nhất 05 ngày sau khi
có kết quả", five calendar days after the result).

A ResultRecord is made when a decision becomes final (approved: the unit's list approved, or an
approved decision replaced by a new one), and when a month's or quarter's sheet is closed by the
manager (its score is then the period's result, Art 17.1-17.2); its due date is five days
later. `deliver` packs the agency's pending records into one package (exports/national.py,
JSON) and hands it to the connector; the records' own ids are their idempotency keys and the
package's key is derived from them, so a repeated send of the same records is the same request
to the receiver.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import func, select

from exports import national

from .._time import local_date, now, today
from ..extensions import db
from ..models import (
    Agency,
    Decision,
    PeriodKind,
    PeriodSheet,
    ResultRecord,
    SheetStatus,
    Unit,
)
from .connector import Connector, DeliveryError, HttpsConnector

SYNC_DAYS = 5


def decision_ref(decision: Decision) -> str:
    """The decision's reference as the receiver sees it: agency, year, decision and version."""
    agency = db.session.get(Agency, decision.cycle.agency_id)
    return f"{agency.code}/{decision.cycle.year}/XL-{decision.id}/v{decision.version}"


def record_final(decision: Decision) -> ResultRecord | None:
    """The outbox record of a decision that became final (once per decision)."""
    if not (decision.approved and decision.current) or decision.level is None:
        return None
    existing = db.session.scalar(
        select(ResultRecord).where(ResultRecord.decision_id == decision.id)
    )
    if existing is not None:
        return existing
    agency = db.session.get(Agency, decision.cycle.agency_id)
    final_on = today()
    record = ResultRecord(
        agency_id=agency.id,
        decision_id=decision.id,
        staff_id=decision.staff_id,
        year=decision.cycle.year,
        period=str(decision.cycle.year),
        score=decision.score,
        level=decision.level.value,
        decision_ref=decision_ref(decision),
        final_on=final_on,
        due_on=final_on + timedelta(days=SYNC_DAYS),
        idempotency_key=f"{agency.code}-{decision.cycle.year}-{decision.id}-v{decision.version}",
    )
    db.session.add(record)
    db.session.flush()
    return record


def period_label(sheet: PeriodSheet) -> tuple[str, str]:
    """The period's kind and name as the receiver reads them: ("month", "2026-05") or
    ("quarter", "2026-Q3")."""
    cycle = sheet.cycle
    if cycle.period_kind == PeriodKind.MONTH:
        return "month", f"{cycle.year}-{sheet.period:02d}"
    return "quarter", f"{cycle.year}-Q{sheet.period}"


def record_period(sheet: PeriodSheet) -> ResultRecord | None:
    """The outbox record of a month's or quarter's result: the sheet the manager closed, with
    their score (once per sheet; a closed sheet does not change)."""
    if sheet.status != SheetStatus.CLOSED or sheet.manager_total is None:
        return None
    existing = db.session.scalar(select(ResultRecord).where(ResultRecord.sheet_id == sheet.id))
    if existing is not None:
        return existing
    agency = db.session.get(Agency, sheet.agency_id)
    kind, period = period_label(sheet)
    final_on = today()
    record = ResultRecord(
        agency_id=agency.id,
        sheet_id=sheet.id,
        staff_id=sheet.staff_id,
        year=sheet.cycle.year,
        period_kind=kind,
        period=period,
        score=sheet.manager_total,
        level="",
        decision_ref=f"{agency.code}/{period}/TD-{sheet.id}",
        final_on=final_on,
        due_on=final_on + timedelta(days=SYNC_DAYS),
        idempotency_key=f"{agency.code}-{period}-TD{sheet.id}",
    )
    db.session.add(record)
    db.session.flush()
    return record


def record_all_final(decisions: list[Decision]) -> int:
    return sum(record_final(d) is not None for d in decisions)


@dataclass(frozen=True)
class OutboxCounts:
    pending: int
    sent: int
    confirmed: int
    overdue: int


def counts(agency_id: int, day: date | None = None) -> OutboxCounts:
    day = day or today()
    by_status = dict(
        db.session.execute(
            select(ResultRecord.status, func.count())
            .where(ResultRecord.agency_id == agency_id)
            .group_by(ResultRecord.status)
        ).all()
    )
    return OutboxCounts(
        pending=by_status.get("pending", 0),
        sent=by_status.get("sent", 0),
        confirmed=by_status.get("confirmed", 0),
        overdue=len(overdue(agency_id, day)),
    )


@dataclass(frozen=True)
class Dashboard:
    counts: OutboxCounts
    overdue: list[ResultRecord]


def dashboard(agency_id: int) -> Dashboard:
    late = overdue(agency_id)
    return Dashboard(counts(agency_id), late[:50])


def overdue(agency_id: int, day: date | None = None) -> list[ResultRecord]:
    """Records past their five days and not yet delivered."""
    day = day or today()
    return list(
        db.session.scalars(
            select(ResultRecord)
            .where(
                ResultRecord.agency_id == agency_id,
                ResultRecord.status == "pending",
                ResultRecord.due_on < day,
            )
            .order_by(ResultRecord.due_on, ResultRecord.id)
        )
    )


def _national_record(record: ResultRecord) -> national.NationalRecord:
    if record.sheet_id is not None:
        return _periodic_record(record)
    decision = record.decision
    staff = record.staff
    unit = db.session.get(Unit, decision.unit_id or staff.unit_id)
    replaces = None
    if decision.replaces_id is not None:
        replaces = db.session.scalar(
            select(ResultRecord.idempotency_key).where(
                ResultRecord.decision_id == decision.replaces_id
            )
        )
    return national.NationalRecord(
        record_id=record.idempotency_key,
        staff_code=staff.code,
        full_name=staff.full_name,
        birth_date=staff.birth_date,
        staff_group=staff.group.value,
        unit=unit.name if unit is not None else "",
        title=staff.title,
        period_kind="year",
        period=record.period,
        score=record.score,
        level=record.level,
        decision_ref=record.decision_ref,
        decided_on=local_date(decision.decided_at),
        final_on=record.final_on,
        due_on=record.due_on,
        replaces_record_id=replaces,
    )


def _periodic_record(record: ResultRecord) -> national.NationalRecord:
    staff = record.staff
    return national.NationalRecord(
        record_id=record.idempotency_key,
        staff_code=staff.code,
        full_name=staff.full_name,
        birth_date=staff.birth_date,
        staff_group=staff.group.value,
        unit=staff.unit.name,
        title=staff.title,
        period_kind=record.period_kind,
        period=record.period,
        score=record.score,
        level=None,  # a period's result is its score (Art 17.1); levels are yearly
        decision_ref=record.decision_ref,
        decided_on=record.final_on,
        final_on=record.final_on,
        due_on=record.due_on,
    )


def package(agency: Agency, records: list[ResultRecord]) -> national.NationalPackage:
    keys = sorted(r.idempotency_key for r in records)
    digest = hashlib.sha256("\n".join([agency.code, *keys]).encode()).hexdigest()
    return national.NationalPackage(
        package_id=digest[:32],
        created_at=now(),
        agency_code=agency.code,
        agency_name=agency.name,
        records=tuple(_national_record(r) for r in records),
    )


def pending(agency_id: int) -> list[ResultRecord]:
    return list(
        db.session.scalars(
            select(ResultRecord)
            .where(ResultRecord.agency_id == agency_id, ResultRecord.status == "pending")
            .order_by(ResultRecord.id)
        )
    )


def deliver(agency: Agency, connector: Connector, limit: int = 500) -> int:
    """Send the agency's pending records in one package; returns how many were accepted. A
    failure leaves them pending (attempt counted, error kept) for the next run."""
    records = pending(agency.id)[:limit]
    if not records:
        return 0
    bundle = package(agency, records)
    try:
        receipt = connector.send(national.package_json(bundle), bundle.package_id)
    except DeliveryError as error:
        for record in records:
            record.attempts += 1
            record.last_error = str(error)[:2000]
        db.session.commit()
        current_app.logger.warning("national sync of %s failed: %s", agency.code, error)
        return 0
    accepted = 0
    for record in records:
        record.attempts += 1
        if record.idempotency_key in receipt.confirmed:
            record.status, record.confirmed_at = "confirmed", now()
            record.sent_at = record.sent_at or now()
        elif record.idempotency_key in receipt.accepted:
            record.status, record.sent_at = "sent", now()
        else:
            record.last_error = "not in the receiver's answer"
            continue
        record.receipt, record.last_error = receipt.receipt[:128], ""
        accepted += 1
    db.session.commit()
    return accepted


def configured_connector() -> Connector | None:
    """The connector of the NATIONAL_DB_* settings; None when no endpoint is configured."""
    config = current_app.config
    url = config.get("NATIONAL_DB_URL")
    if not url:
        return None
    return HttpsConnector(
        url=url,
        token=config.get("NATIONAL_DB_TOKEN") or "",
        ca_file=config.get("NATIONAL_DB_CA_FILE") or None,
    )


def deliver_all(connector: Connector | None = None) -> int:
    connector = connector or configured_connector()
    if connector is None:
        return 0
    agency_ids = db.session.scalars(
        select(ResultRecord.agency_id).where(ResultRecord.status == "pending").distinct()
    ).all()
    return sum(deliver(db.session.get(Agency, a), connector) for a in agency_ids)
