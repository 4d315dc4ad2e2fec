"""The pieces every data generator builds the same way (the demo agency, agency.py, and each
generated agency of the province, province.py): units from a plan, a person, their sign-in and
the open round. Everything goes through the services the screens use."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date
from typing import Protocol

from ..models import Agency, Cycle, RoleName, Staff, Unit, User
from ..services import accounts, cycles, org
from ..services import staff as staff_service

DEMO_PASSWORD = "XepLoai@2026"  # noqa: S105 - demo data only, printed on purpose
# A unit's head is compared with the other heads, not with the people they lead (the quota's
# similar-task groups, D335 Art 20.5(a), D233 Art 12.6(a)).
HEADS_TASK_GROUP = "Lãnh đạo đơn vị"


class UnitLike(Protocol):
    code: str
    name: str
    kind: str
    parent: str | None


def create_units(agency: Agency, plans: Iterable[UnitLike]) -> dict[str, Unit]:
    """The agency's units in plan order (a parent before its constituents), each with its
    evaluation regulation; unit code -> Unit."""
    units: dict[str, Unit] = {}
    for plan in plans:
        units[plan.code] = org.create_unit(
            agency,
            code=plan.code,
            name=plan.name,
            kind=plan.kind,
            parent_id=units[plan.parent].id if plan.parent else None,
            has_regulation=True,
        )
    return units


def create_person(
    agency: Agency,
    rng: random.Random,
    *,
    code: str,
    name: tuple[str, str],
    unit: Unit,
    title: str,
    group: str,
    position: str,
    task_group: str,
    born_by: int,
    started_by: int,
    party_rate: float,
) -> Staff:
    """One person of a generated unit (name and gender already drawn); the birth date, party
    membership and start date are drawn from `rng` in that order, so a seed gives the same
    people every time."""
    full_name, gender = name
    return staff_service.create_staff(
        agency,
        {
            "code": code,
            "full_name": full_name,
            "birth_date": date(rng.randint(1966, born_by), rng.randint(1, 12), rng.randint(1, 28)),
            "gender": gender,
            "title": title,
            "group": group,
            "position": position,
            "task_group": task_group if position != "unit_head" else HEADS_TASK_GROUP,
            "party_member": rng.random() < party_rate,
            "unit_id": unit.id,
            "start_date": date(rng.randint(2000, started_by), rng.randint(1, 12), 1),
            "end_date": None,
        },
    )


def staff_account(
    agency: Agency,
    person: Staff,
    roles: list[tuple[RoleName, int | None]],
    *,
    password_hash: str | None = None,
) -> User:
    """The person's sign-in: their staff code in lower case, the demo password."""
    return accounts.create_user(
        agency,
        person.code.lower(),
        DEMO_PASSWORD,
        staff=person,
        roles=roles,
        password_hash=password_hash,
    )


def open_round(agency: Agency, year: int, deadlines: dict, *, closed: bool = False) -> Cycle:
    """The agency's round of `year` with the product defaults (docs/rules/decisions.md),
    opened, and closed again for a past year."""
    cycle = cycles.create_cycle(
        agency,
        {
            "year": year,
            "period_kind": "quarter",
            **deadlines,
            "quota_base": "htt_or_above",
            "outstanding_unit": False,
            "cadre_rules": "qd366",
            "head_cap_scope": "service_unit_head",
            "classify_contract_workers": False,
        },
    )
    cycles.open_cycle(cycle)
    if closed:
        cycles.close_cycle(cycle)
    return cycle
