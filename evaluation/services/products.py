"""The agency's catalogue of products and conversions (Decree 335 Art 13; docs/rules/rules.md
§2.1.4; docs/products.md).

A version is proposed (units propose their products, HR consolidates them by Excel import), then
approved by the head of the agency; an approved version never changes. A change is a new version
applying from a later day, so closed periods keep what they were computed with (Art 26.1(c)).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from exports.catalogue import CatalogueRow, catalogue_workbook, read_catalogue_workbook

from .._time import now, today
from ..extensions import db
from ..models import Agency, CatalogueStatus, CatalogueVersion, Product, Unit, User
from ..workflow import transition
from . import ValidationError
from .audit import record
from .imports import _problem, max_bytes


def versions(agency_id: int) -> list[CatalogueVersion]:
    return list(
        db.session.scalars(
            select(CatalogueVersion)
            .where(CatalogueVersion.agency_id == agency_id)
            .order_by(CatalogueVersion.valid_from.desc())
        )
    )


def version_in_force(agency_id: int, day: date) -> CatalogueVersion | None:
    """The approved version with the latest start not after ``day``."""
    return db.session.scalars(
        select(CatalogueVersion)
        .where(
            CatalogueVersion.agency_id == agency_id,
            CatalogueVersion.status == CatalogueStatus.APPROVED,
            CatalogueVersion.valid_from <= day,
        )
        .order_by(CatalogueVersion.valid_from.desc())
        .limit(1)
    ).first()


def proposed_version(agency_id: int) -> CatalogueVersion | None:
    return db.session.scalars(
        select(CatalogueVersion).where(
            CatalogueVersion.agency_id == agency_id,
            CatalogueVersion.status == CatalogueStatus.PROPOSED,
        )
    ).first()


def start_version(agency: Agency, valid_from: date | None, standard_unit: str) -> CatalogueVersion:
    """A new proposed version, starting with the products of the version in force (a change is
    made on a copy, never on an approved version)."""
    errors: list[tuple[str, str]] = []
    if proposed_version(agency.id) is not None:
        errors.append(("", _("Đã có một danh mục đang đề xuất; hoàn thiện và phê duyệt nó trước.")))
    if valid_from is None:
        errors.append(("valid_from", _("Chưa nhập ngày áp dụng.")))
    elif valid_from < today():
        errors.append(("valid_from", _("Ngày áp dụng không được trước hôm nay.")))
    else:
        latest = version_in_force(agency.id, date.max)
        if latest is not None and valid_from <= latest.valid_from:
            errors.append(
                (
                    "valid_from",
                    _(
                        "Ngày áp dụng phải sau ngày áp dụng của danh mục hiện hành (%(d)s).",
                        d=f"{latest.valid_from:%d/%m/%Y}",
                    ),
                )
            )
    standard_unit = (standard_unit or "").strip()
    if not standard_unit:
        errors.append(("standard_unit", _("Chưa mô tả đơn vị sản phẩm/công việc chuẩn.")))
    elif len(standard_unit) > 255:
        errors.append(("standard_unit", _("Tối đa 255 ký tự.")))
    if errors:
        raise ValidationError(errors)
    assert valid_from is not None
    current = version_in_force(agency.id, valid_from)
    version = CatalogueVersion(
        agency_id=agency.id,
        valid_from=valid_from,
        status=CatalogueStatus.PROPOSED,
        standard_unit=standard_unit,
    )
    for p in current.products if current else ():
        version.products.append(
            Product(
                code=p.code,
                group=p.group,
                job_position=p.job_position,
                name=p.name,
                unit_name=p.unit_name,
                coefficient=p.coefficient,
                proposed_by_unit_id=p.proposed_by_unit_id,
            )
        )
    db.session.add(version)
    db.session.flush()
    record(
        "create",
        "catalogue_version",
        version.id,
        agency_id=agency.id,
        after={"valid_from": valid_from.isoformat(), "products": len(version.products)},
    )
    return version


def _editable(version: CatalogueVersion) -> None:
    if version.status != CatalogueStatus.PROPOSED:
        raise ValidationError(
            _("Danh mục đã được phê duyệt: không sửa được; hãy lập phiên bản mới.")
        )


def _units_by_code(agency_id: int) -> dict[str, Unit]:
    return {
        u.code.casefold(): u
        for u in db.session.scalars(select(Unit).where(Unit.agency_id == agency_id))
    }


def check_import(version: CatalogueVersion, content: bytes) -> tuple[list[CatalogueRow], list]:
    """Parse a catalogue file: (rows, problems by sheet, row, column, message)."""
    parse = read_catalogue_workbook(content, max_bytes=max_bytes())
    problems = [_problem(e.sheet, e.row, e.column, e.message_vi) for e in parse.errors]
    if not parse.ok:
        return [], problems
    units = _units_by_code(version.agency_id)
    for r in parse.rows:
        if r.unit_code and r.unit_code.casefold() not in units:
            problems.append(
                _problem(
                    "Danh mục sản phẩm",
                    r.row,
                    "Mã đơn vị đề xuất",
                    _("Không có đơn vị mã “%(code)s”.", code=r.unit_code),
                )
            )
    return list(parse.rows), problems


def import_catalogue(version: CatalogueVersion, content: bytes) -> list[dict]:
    """HR's consolidation: the file replaces the proposed version's products, all or nothing.
    Returns the problems (nothing changed) or [] after the change."""
    _editable(version)
    rows, problems = check_import(version, content)
    if problems:
        return problems
    units = _units_by_code(version.agency_id)
    before = len(version.products)
    version.products.clear()
    db.session.flush()  # the old codes leave before the new ones arrive (unique per version)
    for r in rows:
        unit = units.get(r.unit_code.casefold()) if r.unit_code else None
        version.products.append(
            Product(
                code=r.code,
                group=r.group,
                job_position=r.job_position,
                name=r.name,
                unit_name=r.unit_name,
                coefficient=r.coefficient,
                proposed_by_unit_id=unit.id if unit else None,
            )
        )
    db.session.flush()
    record(
        "import",
        "catalogue_version",
        version.id,
        agency_id=version.agency_id,
        before={"products": before},
        after={"products": len(rows)},
    )
    return []


def export_catalogue(version: CatalogueVersion) -> bytes:
    units = {u.id: u.code for u in _units_by_code(version.agency_id).values()}
    return catalogue_workbook(
        [
            CatalogueRow(
                0,
                p.code,
                p.group,
                p.job_position,
                p.name,
                p.unit_name,
                p.coefficient,
                units.get(p.proposed_by_unit_id) if p.proposed_by_unit_id else None,
            )
            for p in version.products
        ]
    )


def propose_product(version: CatalogueVersion, unit: Unit, data: dict) -> Product:
    """A unit's proposal of one product (Art 13.1); the same code from the same unit is updated.
    A code proposed by another unit is refused: HR consolidates duplicates (Art 13.2)."""
    _editable(version)
    errors: list[tuple[str, str]] = []
    code = (data.get("code") or "").strip()
    name = (data.get("name") or "").strip()
    position = (data.get("job_position") or "").strip()
    unit_name = (data.get("unit_name") or "").strip()
    for field, value, limit in (
        ("code", code, 32),
        ("name", name, 500),
        ("job_position", position, 255),
        ("unit_name", unit_name, 64),
    ):
        if not value:
            errors.append((field, _("Bắt buộc nhập.")))
        elif len(value) > limit:
            errors.append((field, _("Tối đa %(n)s ký tự.", n=limit)))
    try:
        group = int(data.get("group") or 0)
    except (TypeError, ValueError):
        group = 0
    if not 1 <= group <= 5:
        errors.append(("group", _("Nhóm là số nguyên từ 1 đến 5.")))
    try:
        coefficient = Decimal(str(data.get("coefficient") or "").replace(",", "."))
    except InvalidOperation:
        coefficient = Decimal(0)
    if (
        not coefficient.is_finite()
        or not 0 < coefficient <= 1000
        or coefficient != coefficient.quantize(Decimal("0.01"))
    ):
        errors.append(
            ("coefficient", _("Hệ số là số lớn hơn 0, tối đa 1000, tối đa 2 chữ số thập phân."))
        )
    existing = next((p for p in version.products if p.code.casefold() == code.casefold()), None)
    if code and existing is not None and existing.proposed_by_unit_id != unit.id:
        errors.append(("code", _("Mã này đã được đơn vị khác đề xuất.")))
    if errors:
        raise ValidationError(errors)
    product = existing or Product(code=code)
    if existing is None:
        version.products.append(product)
    product.group, product.name, product.job_position = group, name, position
    product.unit_name, product.coefficient = unit_name, coefficient
    product.proposed_by_unit_id = unit.id
    db.session.flush()
    record(
        "request",
        "catalogue_version",
        version.id,
        agency_id=version.agency_id,
        after={"code": code, "coefficient": str(coefficient), "unit": unit.code},
    )
    return product


def approve(version: CatalogueVersion, user: User) -> CatalogueVersion:
    """The head of the agency decides the consolidated catalogue (Art 13.2)."""
    _editable(version)
    if not version.products:
        raise ValidationError(_("Danh mục chưa có sản phẩm nào."))
    version.approved_by_id = user.id
    version.approved_at = now()
    transition(version, "catalogue_version", "approved", agency_id=version.agency_id)
    db.session.flush()
    return version
