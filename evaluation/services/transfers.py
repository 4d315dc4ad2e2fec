"""Transfers (Decree 335 Art 19.1): the former agency sends the person's monthly or quarterly
results; the new agency imports them (checked, all or nothing) and classifies the year from all
months. The file format is documented in docs/transfers.md (format "xeploai-transfer",
version 1)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from scoring import periodic

from ..extensions import db, id_in
from ..models import (
    Agency,
    Cycle,
    PeriodKind,
    PeriodSheet,
    SheetStatus,
    Staff,
    TransferredPeriod,
    User,
)
from ..text import N_, fold, nfc
from . import ValidationError, max_bytes
from .audit import record

FORMAT = "xeploai-transfer"
VERSION = 1
COUNTED = (SheetStatus.SCORED, SheetStatus.CLOSED)
LIMITS = {"general": Decimal(30), "task": Decimal(70), "total": Decimal(100)}
FIELD_LABELS = {
    "period": N_("Kỳ"),
    "general": N_("Điểm tiêu chí chung"),
    "task": N_("Điểm kết quả thực hiện nhiệm vụ"),
    "total": N_("Tổng điểm"),
}


# --- export (the former agency) --------------------------------------------------------------


def export_document(cycle: Cycle, staff: Staff) -> dict:
    """The person's manager-scored periods of the cycle in the transfer format."""
    sheets = db.session.scalars(
        select(PeriodSheet)
        .where(
            PeriodSheet.cycle_id == cycle.id,
            PeriodSheet.staff_id == staff.id,
            PeriodSheet.status.in_(COUNTED),
            PeriodSheet.manager_total.is_not(None),
        )
        .order_by(PeriodSheet.period)
    )
    periods = [
        {
            "period": s.period,
            "general": str(s.manager_general),
            "task": str(s.manager_task),
            "total": str(s.manager_total),
        }
        for s in sheets
    ]
    if not periods:
        raise ValidationError(_("Người này chưa có kỳ nào được chấm điểm trong năm."))
    return {
        "format": FORMAT,
        "version": VERSION,
        "year": cycle.year,
        "period_kind": cycle.period_kind.value,
        "source_agency": {"code": cycle.agency.code, "name": cycle.agency.name},
        "person": {
            "staff_code": staff.code,
            "full_name": staff.full_name,
            "birth_date": staff.birth_date.isoformat() if staff.birth_date else None,
        },
        "periods": periods,
    }


def export_bytes(cycle: Cycle, staff: Staff) -> bytes:
    document = export_document(cycle, staff)
    record("export", "transfer", staff.id, agency_id=cycle.agency_id, after={"year": cycle.year})
    return json.dumps(document, ensure_ascii=False, indent=2).encode()


# --- import (the new agency) -----------------------------------------------------------------


def _score(value, row: int, name: str, problems: list) -> Decimal | None:
    label = _(FIELD_LABELS[name])
    try:
        number = Decimal(str(value)) if isinstance(value, str | int) else None
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems.append((row, label, _("phải là một số.")))
        return None
    if number < 0 or number > LIMITS[name]:
        problems.append((row, label, _("phải từ 0 đến %(max)s.", max=LIMITS[name])))
        return None
    if number != number.quantize(Decimal("0.01")):
        problems.append((row, label, _("chỉ được có 2 chữ số thập phân.")))
        return None
    return number


def _check(document, cycle: Cycle, staff: Staff) -> tuple[list[tuple], list[dict]]:
    """Every problem as (row, field, message) — row 0 is the file's heading — and the periods."""
    problems: list[tuple] = []
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return [(0, _("Tệp"), _("không phải tệp chuyển kết quả theo dõi, đánh giá."))], []
    if document.get("version") != VERSION:
        problems.append((0, _("Phiên bản"), _("phiên bản tệp không được hỗ trợ (cần 1).")))
        return problems, []
    if document.get("year") != cycle.year:
        problems.append(
            (
                0,
                _("Năm"),
                _(
                    "tệp là của năm %(a)s, kỳ đánh giá đang mở là năm %(b)s.",
                    a=document.get("year"),
                    b=cycle.year,
                ),
            )
        )
    kind = document.get("period_kind")
    if kind not in ("month", "quarter"):
        problems.append((0, _("Loại kỳ"), _("phải là tháng hoặc quý.")))
        kind = "month"
    source = document.get("source_agency") or {}
    if not isinstance(source, dict) or not str(source.get("name") or "").strip():
        problems.append((0, _("Cơ quan cũ"), _("thiếu tên cơ quan cũ.")))
        source = {}
    elif str(source.get("code") or "") == staff.agency.code:
        problems.append((0, _("Cơ quan cũ"), _("tệp là của chính cơ quan này.")))
    person = document.get("person") or {}
    if not isinstance(person, dict) or fold(str(person.get("full_name") or "")) != fold(
        staff.full_name
    ):
        problems.append(
            (
                0,
                _("Họ và tên"),
                _("tên trong tệp khác tên của cán bộ đã chọn (%(n)s).", n=staff.full_name),
            )
        )
    birth = person.get("birth_date") if isinstance(person, dict) else None
    if birth and staff.birth_date and birth != staff.birth_date.isoformat():
        problems.append((0, _("Ngày sinh"), _("ngày sinh trong tệp khác hồ sơ cán bộ.")))
    raw = document.get("periods")
    if not isinstance(raw, list) or not raw:
        problems.append((0, _("Các kỳ"), _("tệp không có kỳ nào.")))
        return problems, []
    months, top = (1, 12) if kind == "month" else (3, 4)
    periods: list[dict] = []
    seen: set[int] = set()
    for row, item in enumerate(raw, start=1):
        if not isinstance(item, dict):
            problems.append((row, _("Kỳ"), _("dòng không đúng định dạng.")))
            continue
        period = item.get("period")
        if type(period) is not int or not 1 <= period <= top:
            problems.append((row, _("Kỳ"), _("phải là số nguyên từ 1 đến %(n)s.", n=top)))
            continue
        if period in seen:
            problems.append((row, _("Kỳ"), _("kỳ %(p)s có hai lần trong tệp.", p=period)))
            continue
        seen.add(period)
        values = {n: _score(item.get(n), row, n, problems) for n in ("general", "task", "total")}
        if None in values.values():
            continue
        if values["general"] + values["task"] != values["total"]:
            problems.append(
                (
                    row,
                    _(FIELD_LABELS["total"]),
                    _("không bằng điểm tiêu chí chung cộng điểm kết quả thực hiện nhiệm vụ."),
                )
            )
            continue
        periods.append({"row": row, "period": period, "months": months, **values})
    problems += _overlaps(cycle, staff, periods)
    return problems, [
        p
        | {
            "source": nfc(str(source.get("name", "")))[:255],
            "code": nfc(str(person.get("staff_code") or ""))[:32],
        }
        for p in periods
    ]


def _month_span(months: int, period: int) -> range:
    return range((period - 1) * months + 1, period * months + 1)


def _overlaps(cycle: Cycle, staff: Staff, periods: list[dict]) -> list[tuple]:
    """A month is counted once: not twice from transfers, nor in a transfer and a sheet here."""
    here = 1 if cycle.period_kind == PeriodKind.MONTH else 3
    taken: dict[int, str] = {}
    for s in db.session.scalars(
        select(PeriodSheet.period).where(
            PeriodSheet.cycle_id == cycle.id,
            PeriodSheet.staff_id == staff.id,
            PeriodSheet.status.in_(COUNTED),
        )
    ):
        for m in _month_span(here, s):
            taken[m] = _("đã có phiếu chấm điểm tại cơ quan này")
    for t in db.session.scalars(
        select(TransferredPeriod).where(
            TransferredPeriod.staff_id == staff.id, TransferredPeriod.year == cycle.year
        )
    ):
        for m in _month_span(t.months, t.period):
            taken[m] = _("đã nhập từ %(s)s", s=t.source_agency)
    problems = []
    for p in periods:
        clash = [m for m in _month_span(p["months"], p["period"]) if m in taken]
        if clash:
            problems.append(
                (p["row"], _("Kỳ"), _("tháng %(m)s %(why)s.", m=clash[0], why=taken[clash[0]]))
            )
    return problems


def import_file(
    agency: Agency, cycle: Cycle, staff: Staff, content: bytes, user: User | None
) -> list[TransferredPeriod]:
    """Check the file against the person and the year; store every period or none."""
    if not content:
        raise ValidationError(("file", _("Tệp trống.")))
    if len(content) > max_bytes():
        raise ValidationError(("file", _("Tệp quá lớn.")))
    try:
        document = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ValidationError(
            ("file", _("Không đọc được tệp: cần tệp .json do hệ thống của cơ quan cũ xuất ra."))
        ) from None
    problems, periods = _check(document, cycle, staff)
    if problems:
        raise ValidationError(
            [
                (
                    "file",
                    _("Dòng %(r)s, %(f)s: %(m)s", r=row, f=field, m=message)
                    if row
                    else _("%(f)s: %(m)s", f=field, m=message),
                )
                for row, field, message in problems
            ]
        )
    digest = hashlib.sha256(content).hexdigest()
    rows = [
        TransferredPeriod(
            agency_id=agency.id,
            staff_id=staff.id,
            year=cycle.year,
            months=p["months"],
            period=p["period"],
            general=p["general"],
            task=p["task"],
            total=p["total"],
            source_agency=p["source"],
            source_staff_code=p["code"],
            file_sha256=digest,
            imported_by_id=user.id if user else None,
        )
        for p in periods
    ]
    db.session.add_all(rows)
    db.session.flush()
    record(
        "import",
        "transfer",
        staff.id,
        agency_id=agency.id,
        user=user,
        after={
            "year": cycle.year,
            "periods": len(rows),
            "source": periods[0]["source"],
            "sha256": digest,
        },
    )
    return rows


def transferred(year: int, staff_ids: list[int]) -> dict[int, list[TransferredPeriod]]:
    """The periods each person brought from former agencies for ``year``."""
    out: dict[int, list[TransferredPeriod]] = {}
    if not staff_ids:
        return out
    for t in db.session.scalars(
        select(TransferredPeriod)
        .where(TransferredPeriod.year == year, id_in(TransferredPeriod.staff_id, staff_ids))
        .order_by(TransferredPeriod.months, TransferredPeriod.period)
    ):
        out.setdefault(t.staff_id, []).append(t)
    return out


def imported_in(agency_id: int, year: int) -> list[TransferredPeriod]:
    return list(
        db.session.scalars(
            select(TransferredPeriod)
            .where(TransferredPeriod.agency_id == agency_id, TransferredPeriod.year == year)
            .order_by(
                TransferredPeriod.staff_id, TransferredPeriod.months, TransferredPeriod.period
            )
        )
    )


def combined(
    cycle: Cycle,
    scored: list[tuple[Decimal, Decimal, Decimal]],
    moved: list[TransferredPeriod],
) -> dict:
    """The year's averages over this agency's periods ((general, task, total) each, in period
    order) and the transferred periods, each weighted by the months it covers (Decree 335
    Art 17.3, Art 19.1: the mean of all months)."""
    here = 1 if cycle.period_kind == PeriodKind.MONTH else 3

    def mean(mine: int, theirs: str) -> Decimal:
        return periodic.weighted_average(
            [(s[mine], here) for s in scored] + [(getattr(t, theirs), t.months) for t in moved]
        )

    return {
        "period_scores": [s[2] for s in scored] + [t.total for t in moved],
        "score": mean(2, "total"),
        "general": mean(0, "general"),
        "task": mean(1, "task"),
    }
