"""Historical results of earlier years (imported; shown beside the current year)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Agency, HistoricalResult, Level, Staff
from ..text import nfc
from . import ValidationError
from .audit import record


def record_historical_result(
    agency: Agency, staff_code: str, year: int, level: str, note: str = ""
) -> HistoricalResult:
    """Create or replace one person's level for an earlier year (matched by staff code)."""
    staff = db.session.scalars(
        select(Staff).where(Staff.agency_id == agency.id, Staff.code == nfc(staff_code))
    ).first()
    if staff is None:
        raise ValidationError(("code", _("Không có cán bộ mã “%(code)s”.", code=staff_code)))
    row = db.session.scalars(
        select(HistoricalResult).where(
            HistoricalResult.staff_id == staff.id, HistoricalResult.year == year
        )
    ).first()
    before = {"level": row.level.value, "note": row.note} if row else None
    if row is None:
        row = HistoricalResult(agency_id=agency.id, staff_id=staff.id, year=year)
        db.session.add(row)
    row.level = Level(level)
    row.note = nfc(note)
    db.session.flush()
    record(
        "update" if before else "create",
        "historical_result",
        row.id,
        agency_id=agency.id,
        before=before,
        after={"staff_code": staff.code, "year": year, "level": row.level.value, "note": row.note},
    )
    return row
