"""Factories with realistic Vietnamese data. They go through the services, like the app."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import Agency, AgencyKind, Cycle, RoleName, Staff, Unit, User
from evaluation.services import accounts, cycles, org
from evaluation.services import staff as staff_service

PASSWORD = "mat-khau-thu-nghiem"  # noqa: S105

NAMES = [
    ("Nguyễn Thị Ánh Tuyết", "female"),
    ("Trương Quốc Hưng", "male"),
    ("Đặng Thùy Dương", "female"),
    ("Lê Văn Đức", "male"),
    ("Phạm Minh Châu", "female"),
    ("Vũ Đình Khải", "male"),
    ("Hoàng Thị Lụa", "female"),
    ("Bùi Xuân Trường", "male"),
    ("Đỗ Ngọc Hân", "female"),
    ("Ngô Thành Lợi", "male"),
    ("Dương Thị Mỹ Lệ", "female"),
    ("Lý Công Uẩn", "male"),
]

_counter = {"n": 0}


def make_agency(code: str = "SNV", name: str = "Sở Nội vụ tỉnh Hà Nam") -> Agency:
    agency = Agency(
        code=code,
        name=name,
        governing_body="UBND TỈNH HÀ NAM",
        kind=AgencyKind.ADMINISTRATIVE,
        place="Hà Nam",
        notice_symbol=code,
    )
    db.session.add(agency)
    db.session.flush()
    return agency


def make_unit(
    agency: Agency, code: str, name: str, kind: str = "department", parent: Unit | None = None
) -> Unit:
    return org.create_unit(
        agency, code=code, name=name, kind=kind, parent_id=parent.id if parent else None
    )


def make_staff(
    agency: Agency,
    unit: Unit,
    *,
    name: str | None = None,
    group: str = "cong_chuc",
    position: str = "staff",
    code: str | None = None,
    **extra,
) -> Staff:
    _counter["n"] += 1
    n = _counter["n"]
    full_name, gender = (
        NAMES[n % len(NAMES)] if name is None else (name, dict(NAMES).get(name, "male"))
    )
    data = {
        "code": code or f"{agency.code}{n:04d}",
        "full_name": full_name,
        "birth_date": date(1985, 1 + n % 12, 1 + n % 28),
        "gender": gender,
        "title": "Chuyên viên",
        "group": group,
        "position": position,
        "task_group": "Chuyên môn",
        "party_member": n % 2 == 0,
        "unit_id": unit.id,
        "start_date": date(2015, 1, 1),
        "end_date": None,
    }
    data.update(extra)
    return staff_service.create_staff(agency, data)


def make_user(agency: Agency, username: str, roles, staff: Staff | None = None) -> User:
    return accounts.create_user(agency, username, PASSWORD, staff=staff, roles=roles)


def make_cycle(
    agency: Agency,
    year: int | None = None,
    *,
    status: str = "open",
    period_kind: str = "quarter",
    **extra,
) -> Cycle:
    """A cycle of `year`, by default the evaluation year of the test's day (tests/conftest.py),
    with the default deadlines of that year."""
    year = year if year is not None else _time.evaluation_year()
    data = {
        "year": year,
        "period_kind": period_kind,
        **cycles.default_deadlines(year, agency.special_deadline),
        "quota_base": "htt_or_above",
        "outstanding_unit": False,
        "cadre_rules": "qd366",
        "head_cap_scope": "service_unit_head",
        "classify_contract_workers": False,
    }
    data.update(extra)
    cycle = cycles.create_cycle(agency, data)
    if status in ("open", "closed"):
        cycles.open_cycle(cycle)
    if status == "closed":
        cycles.close_cycle(cycle)
    return cycle


@dataclass
class World:
    agency: Agency
    other_agency: Agency
    units: dict[str, Unit]
    staff: dict[str, Staff]
    users: dict[str, User]
    cycle: Cycle
    other: dict[str, object] = field(default_factory=dict)


def build_world() -> World:
    agency = make_agency()
    root = make_unit(agency, "VP", "Văn phòng Sở")
    dept = make_unit(agency, "CCVC", "Phòng Công chức, viên chức")
    other_dept = make_unit(agency, "TTRA", "Thanh tra Sở")
    center = make_unit(agency, "TT", "Trung tâm Lưu trữ lịch sử", "public_service")
    sub = make_unit(agency, "TT-BQ", "Phòng Bảo quản", "constituent", parent=center)
    head = make_staff(
        agency, dept, name="Nguyễn Thị Ánh Tuyết", position="unit_head", code="HEAD01"
    )
    org.set_head(dept, head.id)
    clerk = make_staff(agency, dept, name="Trương Quốc Hưng", code="CC0001")
    colleague = make_staff(agency, dept, name="Đặng Thùy Dương", code="CC0002")
    outsider = make_staff(agency, other_dept, name="Lê Văn Đức", code="TT0001")
    hr_person = make_staff(agency, root, name="Phạm Minh Châu", code="HR0001")
    party = make_staff(agency, root, name="Vũ Đình Khải", code="DU0001")
    employee = make_staff(agency, sub, name="Hoàng Thị Lụa", group="vien_chuc", code="VC0001")
    users = {
        "staff": make_user(agency, "congchuc", [(RoleName.STAFF, None)], clerk),
        "unit_head": make_user(
            agency, "truongphong", [(RoleName.UNIT_HEAD, dept.id), (RoleName.STAFF, None)], head
        ),
        "hr": make_user(agency, "tccb", [(RoleName.HR, None), (RoleName.STAFF, None)], hr_person),
        "party_committee": make_user(
            agency, "capuy", [(RoleName.PARTY_COMMITTEE, None), (RoleName.STAFF, None)], party
        ),
        "admin": make_user(agency, "admin", [(RoleName.ADMIN, None)]),
        "colleague": make_user(agency, "dongnghiep", [(RoleName.STAFF, None)], colleague),
        "outsider": make_user(agency, "thanhtra", [(RoleName.STAFF, None)], outsider),
    }
    cycle = make_cycle(agency)

    other_agency = make_agency("SYT", "Sở Y tế tỉnh Hà Nam")
    o_unit = make_unit(other_agency, "VP", "Văn phòng Sở Y tế")
    o_staff = make_staff(other_agency, o_unit, name="Bùi Xuân Trường", code="YT0001")
    o_user = make_user(other_agency, "tccb-yte", [(RoleName.HR, None)], o_staff)
    o_cycle = make_cycle(other_agency)
    db.session.commit()
    return World(
        agency=agency,
        other_agency=other_agency,
        units={"root": root, "dept": dept, "other_dept": other_dept, "center": center, "sub": sub},
        staff={
            "head": head,
            "clerk": clerk,
            "colleague": colleague,
            "outsider": outsider,
            "hr": hr_person,
            "party": party,
            "employee": employee,
        },
        users=users,
        cycle=cycle,
        other={"unit": o_unit, "staff": o_staff, "user": o_user, "cycle": o_cycle},
    )


ORGANISATION_HTT = {
    "score": "80",
    "tasks_on_time_quality_pct": "100",
    "exceeded_pct": "0",
    "tasks_completed_pct": "100",
    "behind_schedule_pct": "0",
    "plan_completed_pct": "100",
    "shortcomings_remedied": True,
    "self_level": "HTT",
}


def recognise(
    world, unit_key: str = "dept", level: str = "HTT", reason: str = "", by: User | None = None
):
    """The organisation's head self-assesses it (HTT facts) and HR, as its recognising
    authority in the test world, recognises it: its head's level is capped by it (D335 Art
    20.6)."""
    from evaluation.services import unit_evaluations

    unit = world.units[unit_key]
    head_user = db.session.scalars(select(User).where(User.staff_id == unit.head_id)).first()
    unit_evaluations.self_assess(world.cycle, unit, ORGANISATION_HTT, head_user)
    return unit_evaluations.decide_unit(
        world.cycle,
        unit,
        level,
        reason or ("" if level == "HTT" else "Theo kết quả"),
        by or world.users["hr"],
    )
