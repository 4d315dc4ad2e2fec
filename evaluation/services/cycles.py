"""Yearly cycles: create with lawful default deadlines, open, close; the regime per group."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import (
    Agency,
    CadreRules,
    Cycle,
    CycleStatus,
    HeadCapScope,
    PeriodKind,
    QuotaBase,
)
from ..workflow import transition
from . import ValidationError
from .audit import record, snapshot

CYCLE_FIELDS = (
    "year",
    "period_kind",
    "status",
    "self_assessment_deadline",
    "review_opens_on",
    "review_closes_on",
    "classification_deadline",
    "quota_base",
    "outstanding_unit",
    "cadre_rules",
    "head_cap_scope",
    "classify_contract_workers",
)


def default_deadlines(year: int, special: bool) -> dict[str, date]:
    """Classification before 15 December (before 15 January next year for special agencies)."""
    classify = date(year + 1, 1, 14) if special else date(year, 12, 14)
    return {
        "self_assessment_deadline": date(year, 11, 30) if not special else date(year, 12, 20),
        "review_opens_on": date(year, 12, 1) if not special else date(year, 12, 21),
        "review_closes_on": date(year, 12, 7) if not special else date(year + 1, 1, 5),
        "classification_deadline": classify,
    }


def latest_allowed_classification(agency: Agency, year: int) -> date:
    return _latest_allowed(year, agency.special_deadline)


def _latest_allowed(year: int, special: bool) -> date:
    return date(year + 1, 1, 14) if special else date(year, 12, 14)


# A demo opened on a given day leaves people this long to fill their forms, then a week of peer
# review before the meetings and decisions.
LIVE_SELF_ASSESSMENT_DAYS = 14
LIVE_REVIEW_DAYS = 7


@dataclass(frozen=True)
class LiveRound:
    year: int
    special_deadline: bool
    deadlines: dict[str, date]


def live_round(day: date) -> LiveRound:
    """The round a demo opens on `day` so that every role can walk the whole cycle from there:
    the self-assessment open for two more weeks at least, then the review window, then the
    meetings and decisions before the legal limit (15 December; 15 January of the next year for
    agencies with a special deadline, Decree 335 Art 19.2).

    Late in the year the normal limit cannot hold two more weeks of self-assessment: the demo
    agency then takes the special deadline. Too late even for that (the last days of December),
    the round of the next year opens instead."""
    for year, special in ((day.year, False), (day.year, True), (day.year + 1, False)):
        dates = default_deadlines(year, special)
        assess = max(dates["self_assessment_deadline"], day + timedelta(LIVE_SELF_ASSESSMENT_DAYS))
        opens = max(dates["review_opens_on"], assess + timedelta(1))
        closes = max(dates["review_closes_on"], opens + timedelta(LIVE_REVIEW_DAYS - 1))
        classify = max(dates["classification_deadline"], closes + timedelta(1))
        if classify <= _latest_allowed(year, special):
            return LiveRound(
                year,
                special,
                {
                    "self_assessment_deadline": assess,
                    "review_opens_on": opens,
                    "review_closes_on": closes,
                    "classification_deadline": classify,
                },
            )
    raise AssertionError("the next year's default round always fits")  # pragma: no cover


def _validate(agency: Agency, data: dict, cycle: Cycle | None) -> None:
    errors: list[tuple[str, str]] = []
    year = data["year"]
    clash = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == agency.id, Cycle.year == year)
    ).first()
    if clash is not None and clash is not cycle:
        errors.append(("year", _("Năm %(year)s đã có kỳ đánh giá.", year=year)))
    limit = latest_allowed_classification(agency, year)
    if data["classification_deadline"] > limit:
        errors.append(
            (
                "classification_deadline",
                _("Hạn xếp loại phải trước ngày %(d)s.", d=f"{limit.day + 1:02d}/{limit:%m/%Y}"),
            )
        )
    if data["review_closes_on"] < data["review_opens_on"]:
        errors.append(("review_closes_on", _("Ngày đóng không được trước ngày mở.")))
    if data["classification_deadline"] < data["review_closes_on"]:
        errors.append(
            (
                "classification_deadline",
                _("Hạn xếp loại không được trước khi đóng góp ý đồng nghiệp."),
            )
        )
    if errors:
        raise ValidationError(errors)


ENUM_FIELDS = {
    "period_kind": PeriodKind,
    "quota_base": QuotaBase,
    "cadre_rules": CadreRules,
    "head_cap_scope": HeadCapScope,
}


def _coerce(data: dict) -> dict:
    return {k: ENUM_FIELDS[k](v) if k in ENUM_FIELDS else v for k, v in data.items()}


def create_cycle(agency: Agency, data: dict) -> Cycle:
    data = _coerce(data)
    _validate(agency, data, None)
    cycle = Cycle(agency_id=agency.id, status=CycleStatus.DRAFT, **data)
    db.session.add(cycle)
    db.session.flush()
    record("create", "cycle", cycle.id, agency_id=agency.id, after=snapshot(cycle, CYCLE_FIELDS))
    return cycle


def update_cycle(cycle: Cycle, data: dict) -> Cycle:
    if cycle.status == CycleStatus.CLOSED:
        raise ValidationError(_("Kỳ đánh giá đã đóng, không thể sửa."))
    data = _coerce(data)
    _validate(cycle.agency, data, cycle)
    before = snapshot(cycle, CYCLE_FIELDS)
    for key, value in data.items():
        setattr(cycle, key, value)
    db.session.flush()
    record(
        "update",
        "cycle",
        cycle.id,
        agency_id=cycle.agency_id,
        before=before,
        after=snapshot(cycle, CYCLE_FIELDS),
    )
    return cycle


def open_cycle(cycle: Cycle) -> None:
    transition(cycle, "cycle", "open", agency_id=cycle.agency_id)


def close_cycle(cycle: Cycle) -> None:
    transition(cycle, "cycle", "closed", agency_id=cycle.agency_id)


def current_cycle(agency_id: int) -> Cycle | None:
    """The open cycle of the agency (the latest year if several are open)."""
    return db.session.scalars(
        select(Cycle)
        .where(Cycle.agency_id == agency_id, Cycle.status == CycleStatus.OPEN)
        .order_by(Cycle.year.desc())
    ).first()


@dataclass(frozen=True)
class RegimeRow:
    group: str
    position: str
    regime: str
    basis: str
    note: str


def regime_table(cycle: Cycle) -> list[RegimeRow]:
    """Which rule set applies to each staff group this year, with its legal basis (scoring/)."""
    from scoring import describe_regimes  # the law lives in scoring/, shown here as is

    return [
        RegimeRow(**row)
        for row in describe_regimes(
            cycle.year,
            cadre_rules=cycle.cadre_rules.value,
            classify_contract_workers=cycle.classify_contract_workers,
        )
    ]
