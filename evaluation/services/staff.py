"""Staff records: create, edit, end; search without diacritics."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Select, func, or_, select

from exports.excel import valid_email

from .._time import today
from ..extensions import db
from ..models import Agency, Gender, Position, Staff, StaffGroup, Unit
from ..text import fold, nfc
from . import ValidationError
from .audit import record, snapshot

STAFF_FIELDS = (
    "code",
    "full_name",
    "birth_date",
    "gender",
    "title",
    "group",
    "position",
    "task_group",
    "party_member",
    "unit_id",
    "start_date",
    "end_date",
    "email",
)


def _validate(agency: Agency, data: dict, staff: Staff | None) -> None:
    errors: list[tuple[str, str]] = []
    clash = db.session.scalars(
        select(Staff).where(Staff.agency_id == agency.id, Staff.code == data["code"])
    ).first()
    if clash is not None and clash is not staff:
        errors.append(("code", _("Mã cán bộ %(code)s đã được dùng.", code=data["code"])))
    unit = db.session.get(Unit, data["unit_id"]) if data.get("unit_id") else None
    if unit is None or unit.agency_id != agency.id:
        errors.append(("unit_id", _("Hãy chọn một đơn vị của cơ quan.")))
    if not data.get("full_name"):
        errors.append(("full_name", _("Họ và tên không được để trống.")))
    birth = data.get("birth_date")
    if birth and birth > today():
        errors.append(("birth_date", _("Ngày sinh không được ở tương lai.")))
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        errors.append(("end_date", _("Ngày thôi công tác không được trước ngày bắt đầu.")))
    if data.get("email") and not valid_email(data["email"]):
        errors.append(("email", _("Địa chỉ e-mail không hợp lệ.")))
    if errors:
        raise ValidationError(errors)


def _assign(staff: Staff, data: dict) -> None:
    staff.code = nfc(data["code"])
    staff.full_name = nfc(data["full_name"])
    staff.name_ascii = fold(staff.full_name)
    staff.birth_date = data.get("birth_date")
    staff.gender = Gender(data["gender"])
    staff.title = nfc(data.get("title"))
    staff.group = StaffGroup(data["group"])
    staff.position = Position(data["position"])
    staff.task_group = nfc(data.get("task_group"))
    staff.party_member = bool(data.get("party_member"))
    staff.unit_id = data["unit_id"]
    staff.start_date = data.get("start_date")
    staff.end_date = data.get("end_date")
    if "email" in data:  # an import without the column keeps the address
        staff.email = (data["email"] or "").strip()


def create_staff(agency: Agency, data: dict) -> Staff:
    data = {**data, "code": nfc(data.get("code")), "full_name": nfc(data.get("full_name"))}
    _validate(agency, data, None)
    staff = Staff(agency_id=agency.id)
    _assign(staff, data)
    db.session.add(staff)
    db.session.flush()
    record("create", "staff", staff.id, agency_id=agency.id, after=snapshot(staff, STAFF_FIELDS))
    return staff


def update_staff(staff: Staff, data: dict) -> Staff:
    data = {**data, "code": nfc(data.get("code")), "full_name": nfc(data.get("full_name"))}
    _validate(staff.agency, data, staff)
    before = snapshot(staff, STAFF_FIELDS)
    _assign(staff, data)
    db.session.flush()
    record(
        "update",
        "staff",
        staff.id,
        agency_id=staff.agency_id,
        before=before,
        after=snapshot(staff, STAFF_FIELDS),
    )
    return staff


def end_staff(staff: Staff, end_date: date) -> Staff:
    if staff.start_date and end_date < staff.start_date:
        raise ValidationError(("end_date", _("Ngày thôi công tác không được trước ngày bắt đầu.")))
    before = snapshot(staff, STAFF_FIELDS)
    staff.end_date = end_date
    db.session.flush()
    record(
        "end",
        "staff",
        staff.id,
        agency_id=staff.agency_id,
        before=before,
        after=snapshot(staff, STAFF_FIELDS),
    )
    return staff


def search_query(
    agency_id: int, *, q: str = "", unit_ids: set[int] | None = None, group: str = ""
) -> Select:
    stmt = select(Staff).where(Staff.agency_id == agency_id)
    if q:
        folded = f"%{fold(q)}%"
        stmt = stmt.where(or_(Staff.name_ascii.like(folded), func.lower(Staff.code).like(folded)))
    if unit_ids:
        stmt = stmt.where(Staff.unit_id.in_(unit_ids))
    if group:
        stmt = stmt.where(Staff.group == group)
    return stmt.order_by(Staff.name_sort, Staff.id)
