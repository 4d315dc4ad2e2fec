"""The clock of a petition (kiến nghị): answered within 7 working days of receipt (Decree 335
Art 22; docs/rules/verification.md row 35). Receipt is the day the petition was filed in the
system (Vietnam date); working days skip weekends and Vietnamese public holidays
(evaluation.workdays). The answer, who gave it and when are kept on the petition itself."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .. import _time
from ..models import Petition, PetitionStatus
from ..workdays import petition_due, working_days_between

SOON = 2  # working days left at which the authority is reminded


@dataclass(frozen=True)
class Clock:
    received_on: date
    due_on: date
    answered_on: date | None
    state: str  # open | due_soon | overdue | answered | answered_late
    days_left: int  # working days from today to the due date (0 once due or answered)

    @property
    def late(self) -> bool:
        return self.state in ("overdue", "answered_late")


def vn_date(moment) -> date:
    return _time.local_date(moment)


def clock(petition: Petition, today: date | None = None) -> Clock:
    today = today or _time.today()
    received = vn_date(petition.created_at)
    due = petition_due(received)
    answered = vn_date(petition.answered_at) if petition.answered_at else None
    if answered is not None or petition.status != PetitionStatus.OPEN:
        on = answered or today
        return Clock(received, due, answered, "answered_late" if on > due else "answered", 0)
    if today > due:
        return Clock(received, due, None, "overdue", 0)
    left = working_days_between(today, due)
    return Clock(received, due, None, "due_soon" if left <= SOON else "open", left)
