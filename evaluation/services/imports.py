"""Imports from Excel: staff and units, and results of earlier years.

Upload → the bytes are kept in an ImportBatch (with their sha256) → preview lists every problem
by sheet, row and column (the parser's and the database's) → confirm applies everything in the
request's one transaction, or nothing. Rows are matched to existing records by code.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy import select

from exports import excel
from exports.excel import ImportParse

from .._time import now
from .._time import today as vn_today
from ..extensions import db
from ..models import Agency, ImportBatch, Staff, Unit, User
from ..text import N_, nfc, ui_text
from ..workflow import transition
from . import ValidationError, max_bytes
from . import org as org_service
from . import party as party_service
from . import staff as staff_service
from .assessments import record_historical_result
from .audit import record

KINDS = ("staff", "history", "party")
GROUP_CODES = {
    "Cán bộ": "can_bo",
    "Công chức": "cong_chuc",
    "Viên chức": "vien_chuc",
    "Người lao động": "nguoi_lao_dong",
}
POSITION_CODES = {"Nhân viên": "staff", "Quản lý": "manager", "Trưởng đơn vị": "unit_head"}
GENDER_CODES = {"Nam": "male", "Nữ": "female"}
UNIT_KIND_CODES = {
    "phòng": "department",
    "phòng, ban": "department",
    "ban": "department",
    "đơn vị sự nghiệp": "public_service",
    "đơn vị sự nghiệp công lập": "public_service",
    "đơn vị cấu thành": "constituent",
}


@dataclass
class Check:
    """The result of checking a file: parsed rows, every problem, and what would change."""

    parse: ImportParse
    problems: list[dict] = field(default_factory=list)
    summary: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _problem(sheet: str, row: int, column: str, message: str) -> dict:
    return {"sheet": sheet, "row": row, "column": column, "message": message}


def _unit_kind(text: str) -> str | None:
    return UNIT_KIND_CODES.get(nfc(text).casefold())


def check_staff(agency: Agency, content: bytes) -> Check:
    units = {
        u.code.casefold(): u
        for u in db.session.scalars(select(Unit).where(Unit.agency_id == agency.id))
    }
    parse = excel.read_staff_workbook(
        content,
        max_bytes=max_bytes(),
        known_unit_codes=[u.code for u in units.values()],
        today=vn_today(),
    )
    check = Check(parse)
    check.problems = [_problem(e.sheet, e.row, e.column, e.message_vi) for e in parse.errors]
    if not parse.ok:
        return check
    # Units: kind must be known (new units need one); parents must not form a cycle.
    parent_of: dict[str, str | None] = {
        code: (u.parent.code.casefold() if u.parent else None) for code, u in units.items()
    }
    for u in parse.units:
        if u.kind and _unit_kind(u.kind) is None:
            check.problems.append(
                _problem(
                    excel.UNITS_SHEET,
                    u.row,
                    "Loại",
                    _(
                        "Loại đơn vị “%(kind)s” không hợp lệ; dùng: Phòng, Đơn vị sự nghiệp, "
                        "Đơn vị cấu thành.",
                        kind=u.kind,
                    ),
                )
            )
        parent_of[u.code.casefold()] = u.parent_code.casefold() if u.parent_code else None
    rows_by_code = {u.code.casefold(): u for u in parse.units}
    for u in parse.units:
        seen, code = set(), u.code.casefold()
        while code is not None and code not in seen:
            seen.add(code)
            code = parent_of.get(code)
        if code is not None:  # walked back into a unit already seen: a cycle
            check.problems.append(
                _problem(
                    excel.UNITS_SHEET,
                    u.row,
                    "Mã đơn vị cấp trên",
                    _(
                        "Cấp trên của “%(code)s” tạo thành vòng lặp (đơn vị nằm dưới chính nó).",
                        code=u.code,
                    ),
                )
            )
    # Staff: validity against the database and the organisation.
    existing = {
        s.code.casefold(): s
        for s in db.session.scalars(select(Staff).where(Staff.agency_id == agency.id))
    }
    heads: dict[str, int] = {}
    new_count = update_count = 0
    for s in parse.staff:
        current = existing.get(s.code.casefold())
        if current is None:
            new_count += 1
            if s.gender is None:
                check.problems.append(
                    _problem(
                        excel.STAFF_SHEET,
                        s.row,
                        "Giới tính",
                        _("Thiếu “Giới tính” cho cán bộ mới."),
                    )
                )
        else:
            update_count += 1
        if s.position == "Trưởng đơn vị":
            first = heads.get(s.unit_code.casefold())
            if first is not None:
                check.problems.append(
                    _problem(
                        excel.STAFF_SHEET,
                        s.row,
                        "Vị trí",
                        _(
                            "Đơn vị “%(unit)s” đã có trưởng đơn vị ở dòng %(row)s.",
                            unit=s.unit_code,
                            row=first,
                        ),
                    )
                )
            else:
                heads[s.unit_code.casefold()] = s.row
        unit_kind = None
        row = rows_by_code.get(s.unit_code.casefold())
        if row is not None and row.kind:
            unit_kind = _unit_kind(row.kind)
        elif s.unit_code.casefold() in units:
            unit_kind = units[s.unit_code.casefold()].kind.value
        if (
            s.group == "Viên chức"
            and agency.kind.value == "administrative"
            and unit_kind == "department"
        ):
            check.problems.append(
                _problem(
                    excel.STAFF_SHEET,
                    s.row,
                    "Nhóm",
                    _(
                        "Viên chức phải thuộc một đơn vị sự nghiệp "
                        "(đơn vị “%(unit)s” là phòng, ban).",
                        unit=s.unit_code,
                    ),
                )
            )
    new_units = sum(1 for u in parse.units if u.code.casefold() not in units)
    check.summary = {
        "units_new": new_units,
        "units_updated": len(parse.units) - new_units,
        "staff_new": new_count,
        "staff_updated": update_count,
    }
    check.problems.sort(key=lambda p: (p["sheet"], p["row"]))
    return check


def check_history(agency: Agency, content: bytes) -> Check:
    parse = excel.read_history_workbook(content, max_bytes=max_bytes(), today=vn_today())
    check = Check(parse)
    check.problems = [_problem(e.sheet, e.row, e.column, e.message_vi) for e in parse.errors]
    if not parse.ok:
        return check
    existing = {
        s.code.casefold(): s
        for s in db.session.scalars(select(Staff).where(Staff.agency_id == agency.id))
    }
    this_year = vn_today().year
    for h in parse.history:
        staff = existing.get(h.code.casefold())
        if staff is None:
            check.problems.append(
                _problem(
                    excel.HISTORY_SHEET,
                    h.row,
                    "Mã cán bộ",
                    _("Không có cán bộ mã “%(code)s” trong cơ quan.", code=h.code),
                )
            )
        elif nfc(staff.full_name).casefold() != nfc(h.full_name).casefold():
            check.problems.append(
                _problem(
                    excel.HISTORY_SHEET,
                    h.row,
                    "Họ và tên",
                    _(
                        "Họ tên “%(name)s” không khớp với hồ sơ mã %(code)s (“%(real)s”).",
                        name=h.full_name,
                        code=h.code,
                        real=staff.full_name,
                    ),
                )
            )
        if h.year >= this_year:
            check.problems.append(
                _problem(
                    excel.HISTORY_SHEET,
                    h.row,
                    "Năm",
                    _("Chỉ nhập kết quả của các năm trước năm %(year)s.", year=this_year),
                )
            )
    check.summary = {"results": len(parse.history)}
    return check


def check_party(agency: Agency, content: bytes) -> Check:
    parse, problems, summary = party_service.check_import(agency, content, max_bytes(), vn_today())
    return Check(parse, problems, summary)


CHECKS = {"staff": check_staff, "history": check_history, "party": check_party}


def upload(agency: Agency, kind: str, filename: str, content: bytes, user: User) -> ImportBatch:
    """Keep the file and its check in the database (no local disk: the app is stateless)."""
    if kind not in KINDS:
        raise ValidationError(("file", _("Loại dữ liệu nhập không hợp lệ.")))
    if not content:
        raise ValidationError(("file", _("Tệp trống.")))
    if len(content) > max_bytes():
        raise ValidationError(("file", _("Tệp quá lớn.")))
    check = CHECKS[kind](agency, content)
    batch = ImportBatch(
        agency_id=agency.id,
        kind=kind,
        filename=nfc(filename)[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        size=len(content),
        status="previewed" if check.ok else "rejected",
        problems=check.problems,
        summary=check.summary,
        created_by_id=user.id if user else None,
    )
    db.session.add(batch)
    db.session.flush()
    record(
        "upload",
        "import_batch",
        batch.id,
        agency_id=agency.id,
        user=user,
        after={
            "kind": kind,
            "filename": batch.filename,
            "sha256": batch.sha256,
            "size": batch.size,
            "problems": len(check.problems),
            "summary": check.summary,
        },
    )
    return batch


def _apply_staff(agency: Agency, parse: ImportParse) -> None:
    units = {
        u.code.casefold(): u
        for u in db.session.scalars(select(Unit).where(Unit.agency_id == agency.id))
    }
    # Units first (without parents), then parents: the file may list children before parents.
    for u in parse.units:
        unit = units.get(u.code.casefold())
        kind = _unit_kind(u.kind) if u.kind else None
        if unit is None:
            units[u.code.casefold()] = org_service.create_unit(
                agency, code=u.code, name=u.name, kind=kind or "department"
            )
        elif unit.name != u.name or (kind and unit.kind.value != kind):
            org_service.update_unit(
                unit,
                code=unit.code,
                name=u.name,
                kind=kind or unit.kind.value,
                has_regulation=unit.has_regulation,
            )
    for u in parse.units:
        unit = units[u.code.casefold()]
        parent = units[u.parent_code.casefold()] if u.parent_code else None
        if unit.parent_id != (parent.id if parent else None):
            org_service.move_unit(unit, parent.id if parent else None)
    existing = {
        s.code.casefold(): s
        for s in db.session.scalars(select(Staff).where(Staff.agency_id == agency.id))
    }
    for s in parse.staff:
        current = existing.get(s.code.casefold())
        data = {
            "code": current.code if current else s.code,
            "full_name": s.full_name,
            "birth_date": s.birth_date,
            "gender": GENDER_CODES[s.gender] if s.gender else current.gender.value,
            "title": s.title,
            "group": GROUP_CODES[s.group],
            "position": POSITION_CODES[s.position],
            "task_group": s.task_group,
            "party_member": s.party_member,
            "unit_id": units[s.unit_code.casefold()].id,
            "start_date": s.start_date,
            "end_date": s.end_date,
        }
        if s.email:  # an import adds or changes an address, never erases one
            data["email"] = s.email
        if current is None:
            staff_service.create_staff(agency, data)
        elif any(
            getattr(current, k) != v and getattr(getattr(current, k), "value", None) != v
            for k, v in data.items()
        ):
            staff_service.update_staff(current, data)


def _apply_history(agency: Agency, parse: ImportParse) -> None:
    for h in parse.history:
        record_historical_result(agency, h.code, h.year, h.level, note=_("Nhập từ tệp Excel"))


def confirm(batch: ImportBatch, user: User) -> dict:
    """Apply a checked batch. Raises ValidationError (nothing written) on any problem: the
    file is checked again, since the database may have changed since the preview."""
    if batch.status != "previewed":
        raise ValidationError(("", _("Lô nhập này không còn chờ xác nhận.")))
    if hashlib.sha256(batch.content).hexdigest() != batch.sha256:
        raise ValidationError(("", _("Tệp đã lưu bị thay đổi; hãy tải lên lại.")))
    agency = db.session.get(Agency, batch.agency_id)
    check = CHECKS[batch.kind](agency, batch.content)
    if not check.ok:
        raise ValidationError(
            [
                ("", f"{p['sheet']} dòng {p['row']} {p['column']}: {p['message']}")
                for p in check.problems
            ]
        )
    if batch.kind == "staff":
        _apply_staff(agency, check.parse)
    elif batch.kind == "party":
        party_service.apply_import(agency, check.parse)
    else:
        _apply_history(agency, check.parse)
    batch.applied_at = now()
    batch.summary = check.summary
    transition(
        batch,
        "import_batch",
        "applied",
        agency_id=agency.id,
        user=user,
        action="import",
        details={"kind": batch.kind, "sha256": batch.sha256, "summary": check.summary},
    )
    return check.summary


SUMMARY_LABELS = {
    "units_new": N_("đơn vị mới"),
    "units_updated": N_("đơn vị cập nhật"),
    "staff_new": N_("cán bộ mới"),
    "staff_updated": N_("cán bộ cập nhật"),
    "results": N_("kết quả"),
    "cells_new": N_("chi bộ mới"),
    "members": N_("đảng viên"),
}


def describe(summary: dict) -> str:
    # Translated for the web flash; the command line keeps the Vietnamese.
    labels = {k: ui_text(v) for k, v in SUMMARY_LABELS.items()}
    return ", ".join(f"{n} {labels.get(k, k)}" for k, n in summary.items())
