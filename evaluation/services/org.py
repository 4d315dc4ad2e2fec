"""Units of an agency: create, rename, move, set the head."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import Agency, Staff, Unit, UnitKind
from ..permissions import subtree_ids
from ..text import nfc
from . import ValidationError
from .audit import record, snapshot

UNIT_FIELDS = ("code", "name", "kind", "parent_id", "has_regulation", "head_id", "active")


def _check_parent(agency: Agency, parent_id: int | None, unit: Unit | None) -> Unit | None:
    if not parent_id:
        return None
    parent = db.session.get(Unit, parent_id)
    if parent is None or parent.agency_id != agency.id:
        raise ValidationError(("parent_id", _("Đơn vị cấp trên không tồn tại.")))
    if unit is not None and parent.id in subtree_ids({unit.id}):
        raise ValidationError(
            ("parent_id", _("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó."))
        )
    return parent


def _check_code(agency: Agency, code: str, unit: Unit | None) -> None:
    clash = db.session.scalars(
        select(Unit).where(Unit.agency_id == agency.id, Unit.code == code)
    ).first()
    if clash is not None and clash is not unit:
        raise ValidationError(("code", _("Mã đơn vị %(code)s đã được dùng.", code=code)))


def create_unit(
    agency: Agency,
    *,
    code: str,
    name: str,
    kind: str,
    parent_id: int | None = None,
    has_regulation: bool = True,
) -> Unit:
    code, name = nfc(code), nfc(name)
    _check_code(agency, code, None)
    parent = _check_parent(agency, parent_id, None)
    unit = Unit(
        agency=agency,
        code=code,
        name=name,
        kind=UnitKind(kind),
        parent=parent,
        has_regulation=has_regulation,
    )
    db.session.add(unit)
    db.session.flush()
    record("create", "unit", unit.id, agency_id=agency.id, after=snapshot(unit, UNIT_FIELDS))
    return unit


def update_unit(unit: Unit, *, code: str, name: str, kind: str, has_regulation: bool) -> Unit:
    before = snapshot(unit, UNIT_FIELDS)
    code, name = nfc(code), nfc(name)
    _check_code(unit.agency, code, unit)
    unit.code, unit.name, unit.kind, unit.has_regulation = (
        code,
        name,
        UnitKind(kind),
        has_regulation,
    )
    db.session.flush()
    record(
        "update",
        "unit",
        unit.id,
        agency_id=unit.agency_id,
        before=before,
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit


def move_unit(unit: Unit, parent_id: int | None) -> Unit:
    before = snapshot(unit, UNIT_FIELDS)
    unit.parent = _check_parent(unit.agency, parent_id, unit)
    db.session.flush()
    record(
        "move",
        "unit",
        unit.id,
        agency_id=unit.agency_id,
        before=before,
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit


def set_head(unit: Unit, staff_id: int | None) -> Unit:
    before = snapshot(unit, UNIT_FIELDS)
    if staff_id:
        staff = db.session.get(Staff, staff_id)
        if staff is None or staff.agency_id != unit.agency_id:
            raise ValidationError(("head_id", _("Người được chọn không thuộc cơ quan.")))
        unit.head = staff
    else:
        unit.head = None
    db.session.flush()
    record(
        "set_head",
        "unit",
        unit.id,
        agency_id=unit.agency_id,
        before=before,
        after=snapshot(unit, UNIT_FIELDS),
    )
    return unit


def unit_tree(agency_id: int) -> list[tuple[Unit, int]]:
    """Every unit of the agency in tree order with its depth (one query)."""
    units = list(
        db.session.scalars(select(Unit).where(Unit.agency_id == agency_id).order_by(Unit.name))
    )
    children: dict[int | None, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    ordered: list[tuple[Unit, int]] = []

    def walk(parent_id: int | None, depth: int) -> None:
        for child in children.get(parent_id, []):
            ordered.append((child, depth))
            walk(child.id, depth + 1)

    walk(None, 0)
    return ordered


def unit_choices(agency_id: int, *, blank: str | None = None) -> list[tuple[int, str]]:
    choices = [(0, blank)] if blank is not None else []
    choices += [(u.id, "— " * depth + u.name) for u, depth in unit_tree(agency_id)]
    return choices
