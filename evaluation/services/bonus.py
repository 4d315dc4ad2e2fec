"""The bonus basis (Decree 335 Art 23.1(d), 23.2(d), 23.3(e); Decree 73/2024/NĐ-CP Art 4;
docs/rules/rules.md §5.5): the agency's regulation as data (coefficients by level and by band
of periodic score) and each person's share of a fund for a quarter, a half-year or the year,
split by ``scoring.bonus.split`` so the shares add up to the fund to the đồng."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from flask_babel import gettext as _
from sqlalchemy import select

from exports.bonus import BonusData, BonusRow
from scoring import bonus as rule
from scoring.levels import LEVELS
from scoring.vocabulary import LEVEL_NAMES

from .._time import today
from ..extensions import db
from ..models import Agency, BonusRegulation, Cycle, Decision, Staff
from ..text import by_full_name
from . import ValidationError
from .audit import record, snapshot
from .periodic_results import all_results

MAX_COEFFICIENT = Decimal(100)
MAX_FUND = 10**15  # a trillion đồng is already far above any agency's fund
PERIODS = ("q1", "q2", "q3", "q4", "h1", "h2", "year")


def regulation_of(agency_id: int) -> BonusRegulation | None:
    return db.session.scalars(
        select(BonusRegulation).where(BonusRegulation.agency_id == agency_id)
    ).first()


def _coefficient(text: str | None, field: str, errors: list) -> Decimal | None:
    raw = (text or "").strip().replace(",", ".")
    if not raw:
        errors.append((field, _("Chưa nhập hệ số.")))
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value > MAX_COEFFICIENT:
        errors.append((field, _("Hệ số phải là một số từ 0 đến 100 (ví dụ 1,2).")))
        return None
    return value


def parse_bands(text: str, errors: list) -> list[rule.Band]:
    """One band a line: the lowest score, then the coefficient ("90 1,2" or "90; 1,2")."""
    bands: list[rule.Band] = []
    for n, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p for p in re.split(r"[\s;|]+", line.strip()) if p]
        if len(parts) != 2:
            errors.append(
                ("bands", _("Dòng %(n)s: cần hai số, điểm thấp nhất và hệ số (ví dụ 90 1,2).", n=n))
            )
            continue
        floor = _coefficient(parts[0], "bands", [])
        coefficient = _coefficient(parts[1], "bands", [])
        if floor is None or coefficient is None:
            errors.append(("bands", _("Dòng %(n)s: điểm và hệ số phải là số từ 0 đến 100.", n=n)))
            continue
        if any(b.floor == floor for b in bands):
            errors.append(("bands", _("Dòng %(n)s: mức điểm này đã có ở dòng trên.", n=n)))
            continue
        bands.append(rule.Band(floor, coefficient))
    if not bands and not any(f == "bands" for f, _m in errors):
        errors.append(("bands", _("Chưa nhập khung điểm nào.")))
    return sorted(bands, key=lambda b: -b.floor)


def save_regulation(agency: Agency, data: dict, version: int | None = None) -> BonusRegulation:
    """Store the agency's coefficients; every problem listed, nothing changed on error."""
    errors: list[tuple[str, str]] = []
    levels = {lv: _coefficient(data.get(lv.lower()), lv.lower(), errors) for lv in LEVELS}
    bands = parse_bands(data.get("bands", ""), errors)
    title = (data.get("title") or "").strip()
    if not title:
        errors.append(("title", _("Chưa nhập tên quy chế.")))
    if errors:
        raise ValidationError(errors)
    reg = regulation_of(agency.id)
    if reg is not None and version is not None and reg.version != version:
        raise ValidationError(_("Quy chế vừa được người khác sửa: hãy tải lại trang."))
    before = snapshot(reg, ("title", "level_coefficients", "score_bands")) if reg else None
    if reg is None:
        reg = BonusRegulation(agency_id=agency.id)
        db.session.add(reg)
    reg.title = title
    reg.level_coefficients = {lv: str(c) for lv, c in levels.items()}
    reg.score_bands = [{"floor": str(b.floor), "coefficient": str(b.coefficient)} for b in bands]
    db.session.flush()
    record(
        "save",
        "bonus_regulation",
        reg.id,
        agency_id=agency.id,
        before=before,
        after=snapshot(reg, ("title", "level_coefficients", "score_bands")),
    )
    return reg


def bands_text(reg: BonusRegulation | None) -> str:
    if reg is None:
        return ""
    return "\n".join(f"{b['floor']} {b['coefficient']}" for b in reg.score_bands).replace(".", ",")


def parse_fund(text: str | None) -> int:
    """A whole number of đồng, typed with or without thousands dots or spaces."""
    raw = re.sub(r"[\s.,]", "", text or "")
    if not raw.isdigit() or not 0 < int(raw) <= MAX_FUND:
        raise ValidationError(("fund", _("Quỹ phải là số đồng nguyên dương (ví dụ 150.000.000).")))
    return int(raw)


@dataclass(frozen=True)
class Line:
    staff: Staff
    basis_score: Decimal | None  # a quarter or half-year: its score
    basis_level: str | None  # the year: the approved level
    share: rule.Share


@dataclass(frozen=True)
class Split:
    period: str
    fund: int
    lines: list[Line]

    @property
    def coefficient_sum(self) -> Decimal:
        return sum((ln.share.coefficient for ln in self.lines), Decimal(0))

    @property
    def total(self) -> int:
        return sum(ln.share.amount for ln in self.lines)


def _bases(cycle: Cycle, period: str) -> list[tuple[Staff, Decimal | None, str | None]]:
    if period == "year":
        rows = db.session.execute(
            select(Staff, Decision.level)
            .join(Decision, Decision.staff_id == Staff.id)
            .where(
                Decision.cycle_id == cycle.id,
                Decision.approved,  # approved with the unit's list, not replaced
                Decision.level.is_not(None),
            )
        ).all()
        return [(s, None, lv.value) for s, lv in sorted(rows, key=lambda r: by_full_name(r[0]))]
    kind, index = ("quarter" if period[0] == "q" else "half"), int(period[1])
    out = []
    for person, results in all_results(cycle, None):
        hit = next((r for r in results if r.kind == kind and r.index == index), None)
        if hit is not None:
            out.append((person, hit.score, None))
    return out


def split_fund(cycle: Cycle, period: str, fund: int) -> Split:
    """Each person's share of ``fund`` for ``period`` (q1-q4, h1-h2: by the band of their
    periodic score; year: by their approved level), under the agency's regulation."""
    if period not in PERIODS:
        raise ValidationError(("period", _("Kỳ không hợp lệ.")))
    reg = regulation_of(cycle.agency_id)
    if reg is None:
        raise ValidationError(_("Cơ quan chưa nhập quy chế tiền thưởng."))
    bands = [rule.Band(Decimal(b["floor"]), Decimal(b["coefficient"])) for b in reg.score_bands]
    levels = {lv: Decimal(c) for lv, c in reg.level_coefficients.items()}
    bases = _bases(cycle, period)
    if not bases:
        raise ValidationError(("period", _("Chưa có ai có kết quả của kỳ này.")))
    coefficients = [
        levels.get(level, Decimal(0)) if level else rule.coefficient_for_score(score, bands)
        for _s, score, level in bases
    ]
    shares = rule.split(fund, coefficients)
    lines = [
        Line(s, score, level, share) for (s, score, level), share in zip(bases, shares, strict=True)
    ]
    return Split(period, fund, lines)


def period_label(cycle: Cycle, period: str) -> str:
    if period == "year":
        return _("Năm %(y)s", y=cycle.year)
    if period[0] == "q":
        return _("Quý %(n)s năm %(y)s", n=period[1], y=cycle.year)
    if period == "h1":
        return _("6 tháng đầu năm %(y)s", y=cycle.year)
    return _("6 tháng cuối năm %(y)s", y=cycle.year)


def workbook_data(cycle: Cycle, split: Split) -> BonusData:
    """The plain records of the bonus workbook (exports/bonus.py), in Vietnamese like every
    document the agency files (the caller forces the locale)."""
    from ..text import number

    reg = regulation_of(cycle.agency_id)
    label = period_label(cycle, split.period)
    rows = tuple(
        BonusRow(
            code=ln.staff.code,
            name=ln.staff.full_name,
            unit=ln.staff.unit.name if ln.staff.unit else "",
            basis=LEVEL_NAMES[ln.basis_level]
            if ln.basis_level
            else _("Điểm: %(s)s", s=number(ln.basis_score)),
            coefficient=ln.share.coefficient,
            exact=Decimal(ln.share.exact.numerator) / Decimal(ln.share.exact.denominator),
            floor=ln.share.floor,
            extra=ln.share.extra,
            amount=ln.share.amount,
        )
        for ln in split.lines
    )
    return BonusData(
        agency_name=cycle.agency.name,
        period_label=label,
        regulation_title=reg.title if reg else "",
        fund=split.fund,
        coefficient_sum=split.coefficient_sum,
        generated_on=today(),
        rows=rows,
    )
