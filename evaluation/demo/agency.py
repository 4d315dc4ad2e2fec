"""A realistic demo agency, built through the same services as the screens."""

from __future__ import annotations

import random
from dataclasses import dataclass

from sqlalchemy import select

from .. import _time
from ..extensions import db
from ..models import Agency, AgencyKind, CycleStatus, RoleName, Staff, User
from ..services import accounts, cycles, org
from .builders import DEMO_PASSWORD, create_person, create_units, open_round, staff_account

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Đinh",
    "Trương",
    "Lương",
    "Tạ",
]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành", "Công", "Xuân", "Ngọc", "Quang"]
MIDDLE_F = ["Thị", "Thu", "Ngọc", "Thanh", "Thị Thu", "Thị Minh", "Hồng", "Phương", "Bích"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hiếu",
    "Hùng",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Vinh",
    "Trọng",
    "Lộc",
    "Huy",
]
GIVEN_F = [
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hằng",
    "Hạnh",
    "Hoa",
    "Huyền",
    "Lan",
    "Linh",
    "Mai",
    "Ngân",
    "Nhung",
    "Oanh",
    "Phượng",
    "Quyên",
    "Thảo",
    "Trang",
    "Tuyết",
    "Yến",
]


@dataclass(frozen=True)
class UnitPlan:
    code: str
    name: str
    kind: str
    parent: str | None
    size: int
    group: str
    task_group: str
    titles: tuple[str, ...]


PLAN = [
    UnitPlan(
        "BGD",
        "Ban Giám đốc",
        "department",
        None,
        4,
        "cong_chuc",
        "Lãnh đạo Sở",
        ("Giám đốc Sở", "Phó Giám đốc Sở"),
    ),
    UnitPlan(
        "VP",
        "Văn phòng Sở",
        "department",
        None,
        12,
        "cong_chuc",
        "Văn phòng - tổng hợp",
        ("Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên", "Văn thư"),
    ),
    UnitPlan(
        "TTRA",
        "Thanh tra Sở",
        "department",
        None,
        8,
        "cong_chuc",
        "Thanh tra",
        ("Chánh Thanh tra", "Phó Chánh Thanh tra", "Thanh tra viên"),
    ),
    UnitPlan(
        "TCCB",
        "Phòng Tổ chức, biên chế và tổ chức phi chính phủ",
        "department",
        None,
        10,
        "cong_chuc",
        "Chuyên môn nghiệp vụ",
        ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên"),
    ),
    UnitPlan(
        "CCVC",
        "Phòng Công chức, viên chức",
        "department",
        None,
        10,
        "cong_chuc",
        "Chuyên môn nghiệp vụ",
        ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên chính", "Chuyên viên"),
    ),
    UnitPlan(
        "XDCQ",
        "Phòng Xây dựng chính quyền và công tác thanh niên",
        "department",
        None,
        9,
        "cong_chuc",
        "Chuyên môn nghiệp vụ",
        ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên"),
    ),
    UnitPlan(
        "DU",
        "Văn phòng Đảng ủy và các đoàn thể",
        "department",
        None,
        4,
        "can_bo",
        "Công tác Đảng, đoàn thể",
        ("Phó Bí thư Đảng ủy chuyên trách", "Chủ tịch Công đoàn", "Bí thư Đoàn Thanh niên"),
    ),
    UnitPlan(
        "TTLT",
        "Trung tâm Lưu trữ lịch sử",
        "public_service",
        None,
        0,
        "vien_chuc",
        "Lưu trữ",
        ("Giám đốc Trung tâm",),
    ),
    UnitPlan(
        "TTLT-HC",
        "Phòng Hành chính - Tổng hợp",
        "constituent",
        "TTLT",
        8,
        "vien_chuc",
        "Hành chính",
        ("Trưởng phòng", "Phó Trưởng phòng", "Kế toán viên", "Cán sự"),
    ),
    UnitPlan(
        "TTLT-TT",
        "Phòng Thu thập, chỉnh lý tài liệu",
        "constituent",
        "TTLT",
        10,
        "vien_chuc",
        "Lưu trữ",
        ("Trưởng phòng", "Phó Trưởng phòng", "Lưu trữ viên"),
    ),
    UnitPlan(
        "TTLT-BQ",
        "Phòng Bảo quản, phát huy giá trị tài liệu",
        "constituent",
        "TTLT",
        10,
        "vien_chuc",
        "Lưu trữ",
        ("Trưởng phòng", "Phó Trưởng phòng", "Lưu trữ viên"),
    ),
]


def vietnamese_name(rng: random.Random) -> tuple[str, str]:
    gender = rng.choice(["male", "female"])
    middle, given = (MIDDLE_M, GIVEN_M) if gender == "male" else (MIDDLE_F, GIVEN_F)
    return f"{rng.choice(FAMILY)} {rng.choice(middle)} {rng.choice(given)}", gender


DEMO_CODE = "SNV-BN"


def demo_loaded() -> bool:
    return db.session.scalars(select(Agency).where(Agency.code == DEMO_CODE)).first() is not None


def load_demo(seed: int = 2026) -> dict[str, str]:
    """Create the demo agency; returns {username: role description} for the printed sign-ins."""
    rng = random.Random(seed)
    agency = Agency(
        code=DEMO_CODE,
        name="Sở Nội vụ tỉnh Bắc Ninh",
        governing_body="UBND TỈNH BẮC NINH",
        kind=AgencyKind.ADMINISTRATIVE,
        place="Bắc Ninh",
        notice_symbol="SNV",
    )
    db.session.add(agency)
    db.session.flush()
    units = create_units(agency, PLAN)
    counter = 0
    people: dict[str, list[Staff]] = {}
    for plan in PLAN:
        size = plan.size or 1
        for i in range(size):
            counter += 1
            name, gender = vietnamese_name(rng)
            title = (
                plan.titles[0]
                if i == 0
                else plan.titles[min(len(plan.titles) - 1, 1 if i < 3 else len(plan.titles) - 1)]
            )
            if i == 0:
                position = "unit_head"
            elif (i < 3 and len(plan.titles) > 2) or title.startswith("Phó "):
                position = "manager"  # a deputy director too, not "Nhân viên"
            else:
                position = "staff"
            group = plan.group
            if plan.code == "VP" and i >= size - 2:  # drivers and guards on labour contracts
                group, title, position = "nguoi_lao_dong", ("Lái xe", "Bảo vệ")[i % 2], "staff"
            person = create_person(
                agency,
                rng,
                code=f"SNV{counter:04d}",
                name=(name, gender),
                unit=units[plan.code],
                title=title,
                group=group,
                position=position,
                task_group=plan.task_group,
                born_by=1999,
                started_by=2022,
                party_rate=0.6,
            )
            people.setdefault(plan.code, []).append(person)
            if i == 0:
                org.set_head(units[plan.code], person.id)
    # Ban Giám đốc: the director is the head of the agency; deputies are managers.
    sign_ins: dict[str, str] = {}

    def account(username: str, person: Staff | None, roles, description: str) -> None:
        accounts.create_user(agency, username, DEMO_PASSWORD, staff=person, roles=roles)
        sign_ins[username] = description

    director = people["BGD"][0]
    # Who decides whom (services/authority): the Director for the Sở, the Centre's head for the
    # Centre (its own header and symbol), the Chairman of the province for the Director.
    agency.head = director
    agency.superior_post = "Chủ tịch Ủy ban nhân dân tỉnh"
    agency.superior_name = "Nguyễn Văn Phong"
    units["TTLT"].symbol = "TTLT"
    hr_person = people["TCCB"][3]
    party_person = people["DU"][0]
    head_person = people["CCVC"][0]
    civil_servant = people["CCVC"][4]
    service_head = people["TTLT"][0]
    account("admin", None, [(RoleName.ADMIN, None)], "Quản trị hệ thống")
    account(
        "tccb",
        hr_person,
        [(RoleName.HR, None), (RoleName.STAFF, None)],
        f"Tổ chức cán bộ — {hr_person.full_name}",
    )
    account(
        "giamdoc",
        director,
        [(RoleName.UNIT_HEAD, units["BGD"].id), (RoleName.STAFF, None)]
        + [
            (RoleName.UNIT_HEAD, u.id)
            for c, u in units.items()
            if not PLAN_PARENT.get(c) and c != "BGD"
        ],
        f"Giám đốc Sở — {director.full_name}",
    )
    account(
        "truongphong",
        head_person,
        [(RoleName.UNIT_HEAD, units["CCVC"].id), (RoleName.STAFF, None)],
        f"Trưởng phòng Công chức, viên chức — {head_person.full_name}",
    )
    account(
        "capuy",
        party_person,
        [(RoleName.PARTY_COMMITTEE, None), (RoleName.STAFF, None)],
        f"Cấp ủy — {party_person.full_name}",
    )
    account(
        "congchuc",
        civil_servant,
        [(RoleName.STAFF, None)],
        f"Công chức — {civil_servant.full_name}",
    )
    account(
        "trungtam",
        service_head,
        [(RoleName.UNIT_HEAD, units["TTLT"].id), (RoleName.STAFF, None)],
        f"Giám đốc Trung tâm Lưu trữ — {service_head.full_name}",
    )
    taken = {
        p.id for p in (director, hr_person, party_person, head_person, civil_servant, service_head)
    }
    for plist in people.values():  # every other person signs in with their staff code
        for person in plist:
            if person.id not in taken:
                roles = [(RoleName.STAFF, None)]
                if person.position.value == "unit_head":
                    roles.append((RoleName.UNIT_HEAD, person.unit_id))
                staff_account(agency, person, roles)

    # The catalogue of products the Director approved for the year (Decree 335 Art 13).
    from .catalogue import load_catalogue

    director_user = db.session.scalars(
        select(User).where(User.agency_id == agency.id, User.username == "giamdoc")
    ).one()
    load_catalogue(agency, units, director_user, cycles.live_round(_time.today()).year)

    # The Party side: the Sở's party organisation, three cells covering the agency.
    from .party import load_party

    load_party(
        agency,
        people,
        {"CB1": people["VP"][0], "CB2": head_person, "CB3": service_head},
        seed,
    )
    sign_ins["truongphong"] += " (bí thư Chi bộ các phòng chuyên môn)"

    # The open round is built around the day the demo is loaded (every window still ahead);
    # the year before is closed.
    live = cycles.live_round(_time.today())
    agency.special_deadline = live.special_deadline
    rounds = (
        (live.year - 1, CycleStatus.CLOSED, cycles.default_deadlines(live.year - 1, False)),
        (live.year, CycleStatus.OPEN, live.deadlines),
    )
    for year, status, deadlines in rounds:
        open_round(agency, year, deadlines, closed=status == CycleStatus.CLOSED)
    sign_ins["snv0001…"] = "mọi cán bộ khác: tên đăng nhập là mã cán bộ viết thường"
    return sign_ins


PLAN_PARENT = {p.code: p.parent for p in PLAN}
