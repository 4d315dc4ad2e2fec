"""The party structure typed on a page (docs/party.md): the grassroots party organisation of the
agency and its cells, beside the Excel import. HR and the party committee keep it; every change is
audited. A cell need not match a unit (its unit is only a hint for lists)."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import PartyCell, PartyOrganisation, PartyOrgKind, Staff, Unit, User
from ..permissions import is_hr, is_party_committee
from ..text import nfc
from . import ValidationError
from .audit import record, snapshot

ORG_FIELDS = ("code", "name", "kind", "superior_committee", "committee", "symbol", "place")
CELL_FIELDS = ("code", "name", "secretary_id", "unit_id", "active")


def can_manage(user: User) -> bool:
    return user.is_authenticated and user.is_enabled and (is_hr(user) or is_party_committee(user))


def _require(user: User) -> None:
    if not can_manage(user):
        raise ValidationError(("", _("Bạn không có quyền khai báo tổ chức đảng.")))


def save_organisation(
    agency_id: int, org: PartyOrganisation | None, data: dict[str, Any], user: User
) -> PartyOrganisation:
    """Create the agency's grassroots organisation, or change it (one per agency)."""
    _require(user)
    values = {key: nfc(str(data.get(key) or "")).strip() for key in ORG_FIELDS}
    errors = []
    for key in ("code", "name", "committee", "symbol"):
        if not values[key]:
            errors.append((key, _("Bắt buộc nhập.")))
    try:
        kind = PartyOrgKind(values["kind"])
    except ValueError:
        errors.append(("kind", _("Lựa chọn không hợp lệ.")))
    clash = db.session.scalar(
        select(PartyOrganisation.id).where(
            PartyOrganisation.agency_id == agency_id, PartyOrganisation.code == values["code"]
        )
    )
    if clash is not None and (org is None or clash != org.id):
        errors.append(("code", _("Mã này đã được dùng.")))
    if errors:
        raise ValidationError(errors)
    before = snapshot(org, ORG_FIELDS) if org is not None else None
    if org is None:
        org = PartyOrganisation(agency_id=agency_id)
        db.session.add(org)
    for key in ORG_FIELDS:
        setattr(org, key, values[key])
    org.kind = kind
    db.session.flush()
    record(
        "create" if before is None else "update",
        "party_organisation",
        org.id,
        agency_id=agency_id,
        before=before,
        after=snapshot(org, ORG_FIELDS),
        user=user,
    )
    return org


def save_cell(
    org: PartyOrganisation, cell: PartyCell | None, data: dict[str, Any], user: User
) -> PartyCell:
    """Create or change a cell: its code is unique in the organisation, its secretary a person
    of the agency; a cell is closed (inactive) rather than deleted, members keep their history."""
    _require(user)
    code = nfc(str(data.get("code") or "")).strip()
    name = nfc(str(data.get("name") or "")).strip()
    errors = []
    if not code:
        errors.append(("code", _("Bắt buộc nhập.")))
    if not name:
        errors.append(("name", _("Bắt buộc nhập.")))
    clash = db.session.scalar(
        select(PartyCell.id).where(PartyCell.organisation_id == org.id, PartyCell.code == code)
    )
    if code and clash is not None and (cell is None or clash != cell.id):
        errors.append(("code", _("Mã này đã được dùng.")))
    secretary_id = data.get("secretary_id") or None
    if secretary_id is not None:
        person = db.session.get(Staff, secretary_id)
        if person is None or person.agency_id != org.agency_id:
            errors.append(("secretary_id", _("Lựa chọn không hợp lệ.")))
    unit_id = data.get("unit_id") or None
    if unit_id is not None:
        unit = db.session.get(Unit, unit_id)
        if unit is None or unit.agency_id != org.agency_id:
            errors.append(("unit_id", _("Lựa chọn không hợp lệ.")))
    if errors:
        raise ValidationError(errors)
    before = snapshot(cell, CELL_FIELDS) if cell is not None else None
    if cell is None:
        cell = PartyCell(organisation_id=org.id)
        db.session.add(cell)
    cell.code, cell.name = code, name
    cell.secretary_id, cell.unit_id = secretary_id, unit_id
    cell.active = bool(data.get("active", True))
    db.session.flush()
    record(
        "create" if before is None else "update",
        "party_cell",
        cell.id,
        agency_id=org.agency_id,
        before=before,
        after=snapshot(cell, CELL_FIELDS),
        user=user,
    )
    return cell
