"""A whole province of agencies for scale tests: `flask demo --province N`.

Everything goes through the same services as the screens (org, staff, accounts, cycles), so
every row has its audit entry; speed comes from committing once per agency, forgetting the
loaded objects after each commit, and hashing the shared demo password once.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select

from .. import _time
from ..extensions import db
from ..models import Agency, AgencyKind, RoleName, Staff
from ..services import accounts, cycles, org
from .agency import vietnamese_name
from .builders import DEMO_PASSWORD, create_person, create_units, open_round, staff_account

PEOPLE_PER_AGENCY = 67  # 20,000 staff -> about 300 agencies
CODE_PREFIX = "BN"  # agency codes BN001…; staff codes BN001-0001, usernames in lower case

DISTRICTS = [
    "Gia Bình",
    "Lương Tài",
    "Quế Võ",
    "Thuận Thành",
    "Tiên Du",
    "Yên Phong",
    "Từ Sơn",
    "Việt Yên",
    "Hiệp Hòa",
    "Lạng Giang",
]
COMMUNES = [
    "Đại Lai",
    "Song Giang",
    "Nhân Thắng",
    "Xuân Lai",
    "Đông Cứu",
    "Lãng Ngâm",
    "Quỳnh Phú",
    "Thái Bảo",
    "Bình Dương",
    "Cao Đức",
    "Vạn Ninh",
    "Giang Sơn",
    "Lâm Thao",
    "Phú Hòa",
    "Trung Kênh",
    "Minh Tân",
    "An Thịnh",
    "Mỹ Hương",
    "Quảng Phú",
    "Tân Lãng",
    "Phượng Mao",
    "Việt Hùng",
    "Bằng An",
    "Đào Viên",
    "Nhân Hòa",
    "Hán Quảng",
    "Mão Điền",
    "Hoài Thượng",
    "Song Liễu",
    "Ngũ Thái",
    "Liên Bão",
    "Lạc Vệ",
    "Hiên Vân",
    "Tri Phương",
    "Đông Tiến",
    "Dũng Liệt",
    "Tam Giang",
    "Văn Môn",
    "Đông Thọ",
    "Yên Trung",
]
PROVINCE = "Bắc Ninh"
CHAIRMAN = "Chủ tịch Ủy ban nhân dân tỉnh"  # recognises the Sở and communes (D335 Art 5.2)
HOME_AFFAIRS = "SNV"  # the Sở Nội vụ: its HR follows the province's recognition
DEPARTMENTS = [
    ("SNV", "Sở Nội vụ"),
    ("STC", "Sở Tài chính"),
    ("STP", "Sở Tư pháp"),
    ("SCT", "Sở Công Thương"),
    ("SGDDT", "Sở Giáo dục và Đào tạo"),
    ("SYT", "Sở Y tế"),
    ("SXD", "Sở Xây dựng"),
    ("SNNMT", "Sở Nông nghiệp và Môi trường"),
    ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SDTTG", "Sở Dân tộc và Tôn giáo"),
    ("SNGV", "Sở Ngoại vụ"),
    ("TTT", "Thanh tra tỉnh"),
    ("VPUB", "Văn phòng Ủy ban nhân dân tỉnh"),
]
SCHOOL_KINDS = ["Trường Trung học phổ thông", "Trường Trung học cơ sở", "Trường Tiểu học"]
SCHOOL_NAMES = [
    "Hàn Thuyên",
    "Lý Thái Tổ",
    "Nguyễn Đăng Đạo",
    "Thuận Thành số 1",
    "Quế Võ số 1",
    "Gia Bình số 1",
    "Lương Tài số 2",
    "Yên Phong số 1",
    "Tiên Du số 1",
    "Hoàng Quốc Việt",
    "Chuyên Bắc Ninh",
    "Ngô Gia Tự",
    "Lê Văn Thịnh",
    "Kinh Bắc",
]


@dataclass(frozen=True)
class UnitSpec:
    code: str
    name: str
    kind: str = "department"
    parent: str | None = None
    group: str = "cong_chuc"
    task_group: str = "Chuyên môn nghiệp vụ"
    titles: tuple[str, ...] = ("Trưởng phòng", "Phó Trưởng phòng", "Chuyên viên")
    weight: float = 1.0  # share of the agency's people


@dataclass
class AgencySpec:
    code: str
    name: str
    governing_body: str
    kind: AgencyKind
    notice_symbol: str
    size: int
    units: list[UnitSpec] = field(default_factory=list)
    leader_unit: str = ""  # its head heads the agency (every top-level unit)
    hr_unit: str = ""  # one of its people gets the HR role


def _department_units() -> list[UnitSpec]:
    leaders = ("Giám đốc Sở", "Phó Giám đốc Sở")
    return [
        UnitSpec("BGD", "Ban Giám đốc", task_group="Lãnh đạo Sở", titles=leaders, weight=0.4),
        UnitSpec(
            "VP",
            "Văn phòng Sở",
            titles=("Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên", "Văn thư"),
        ),
        UnitSpec(
            "TTRA",
            "Thanh tra Sở",
            task_group="Thanh tra",
            titles=("Chánh Thanh tra", "Phó Chánh Thanh tra", "Thanh tra viên"),
        ),
        UnitSpec("TCCB", "Phòng Tổ chức cán bộ"),
        UnitSpec("KHTC", "Phòng Kế hoạch - Tài chính"),
        UnitSpec("QL1", "Phòng Quản lý chuyên ngành", weight=1.4),
        UnitSpec("QL2", "Phòng Pháp chế - Tổng hợp"),
        UnitSpec(
            "TT",
            "Trung tâm Dịch vụ công",
            kind="public_service",
            group="vien_chuc",
            task_group="Sự nghiệp",
            titles=("Giám đốc Trung tâm",),
            weight=0.1,
        ),
        UnitSpec(
            "TT-HC",
            "Phòng Hành chính - Tổng hợp",
            kind="constituent",
            parent="TT",
            group="vien_chuc",
            task_group="Hành chính",
        ),
        UnitSpec(
            "TT-NV",
            "Phòng Nghiệp vụ",
            kind="constituent",
            parent="TT",
            group="vien_chuc",
            task_group="Sự nghiệp",
            titles=("Trưởng phòng", "Phó Trưởng phòng", "Viên chức"),
            weight=1.3,
        ),
    ]


def _district_units() -> list[UnitSpec]:
    return [
        UnitSpec(
            "LD",
            "Thường trực Ủy ban nhân dân",
            group="can_bo",
            task_group="Lãnh đạo Ủy ban",
            titles=("Chủ tịch UBND", "Phó Chủ tịch UBND"),
            weight=0.4,
        ),
        UnitSpec(
            "VP",
            "Văn phòng HĐND và UBND",
            titles=("Chánh Văn phòng", "Phó Chánh Văn phòng", "Chuyên viên"),
        ),
        UnitSpec("NV", "Phòng Nội vụ"),
        UnitSpec("TCKH", "Phòng Tài chính - Kế hoạch"),
        UnitSpec("TP", "Phòng Tư pháp", weight=0.6),
        UnitSpec("VHTT", "Phòng Văn hóa và Thông tin", weight=0.8),
        UnitSpec("KT", "Phòng Kinh tế", weight=1.2),
        UnitSpec("TNMT", "Phòng Tài nguyên và Môi trường"),
        UnitSpec("GDDT", "Phòng Giáo dục và Đào tạo"),
    ]


def _commune_units() -> list[UnitSpec]:
    return [
        UnitSpec(
            "LD",
            "Lãnh đạo Ủy ban nhân dân",
            group="can_bo",
            task_group="Cán bộ chuyên trách",
            titles=("Chủ tịch UBND xã", "Phó Chủ tịch UBND xã"),
            weight=0.6,
        ),
        UnitSpec(
            "VPTK",
            "Văn phòng - Thống kê",
            titles=("Chánh Văn phòng", "Phó Chánh Văn phòng", "Công chức Văn phòng - Thống kê"),
        ),
        UnitSpec(
            "DCXD",
            "Địa chính - Xây dựng - Môi trường",
            titles=("Trưởng bộ phận", "Phó Trưởng bộ phận", "Công chức Địa chính"),
        ),
        UnitSpec(
            "TPHT",
            "Tư pháp - Hộ tịch",
            titles=("Trưởng bộ phận", "Phó Trưởng bộ phận", "Công chức Tư pháp - Hộ tịch"),
            weight=0.7,
        ),
        UnitSpec(
            "VHXH",
            "Văn hóa - Xã hội",
            titles=("Trưởng bộ phận", "Phó Trưởng bộ phận", "Công chức Văn hóa - Xã hội"),
            weight=0.7,
        ),
        UnitSpec(
            "TCKT",
            "Tài chính - Kế toán",
            titles=("Trưởng bộ phận", "Phó Trưởng bộ phận", "Kế toán viên"),
            weight=0.6,
        ),
    ]


def _hospital_units() -> list[UnitSpec]:
    clinical = ("Trưởng khoa", "Phó Trưởng khoa", "Bác sĩ", "Điều dưỡng")
    return [
        UnitSpec(
            "BGD",
            "Ban Giám đốc",
            group="vien_chuc",
            task_group="Lãnh đạo Bệnh viện",
            titles=("Giám đốc", "Phó Giám đốc"),
            weight=0.2,
        ),
        UnitSpec(
            "KHTH",
            "Phòng Kế hoạch tổng hợp",
            group="vien_chuc",
            task_group="Hành chính",
            titles=("Trưởng phòng", "Phó Trưởng phòng", "Viên chức"),
            weight=0.6,
        ),
        UnitSpec(
            "TCHC",
            "Phòng Tổ chức - Hành chính",
            group="vien_chuc",
            task_group="Hành chính",
            titles=("Trưởng phòng", "Phó Trưởng phòng", "Viên chức"),
            weight=0.6,
        ),
        UnitSpec(
            "LS",
            "Khối lâm sàng",
            kind="public_service",
            group="vien_chuc",
            task_group="Chuyên môn y tế",
            titles=("Phó Giám đốc phụ trách chuyên môn",),
            weight=0.05,
        ),
        *(
            UnitSpec(
                f"LS-{code}",
                name,
                kind="constituent",
                parent="LS",
                group="vien_chuc",
                task_group="Chuyên môn y tế",
                titles=clinical,
                weight=1.5,
            )
            for code, name in (
                ("NOI", "Khoa Nội tổng hợp"),
                ("NGOAI", "Khoa Ngoại tổng hợp"),
                ("SAN", "Khoa Phụ sản"),
                ("NHI", "Khoa Nhi"),
                ("HSCC", "Khoa Hồi sức tích cực - Chống độc"),
                ("CDHA", "Khoa Chẩn đoán hình ảnh"),
            )
        ),
    ]


def _school_units() -> list[UnitSpec]:
    teacher = ("Tổ trưởng", "Tổ phó", "Giáo viên")
    return [
        UnitSpec(
            "BGH",
            "Ban Giám hiệu",
            group="vien_chuc",
            task_group="Quản lý trường học",
            titles=("Hiệu trưởng", "Phó Hiệu trưởng"),
            weight=0.25,
        ),
        UnitSpec(
            "VP",
            "Tổ Văn phòng",
            group="vien_chuc",
            task_group="Hành chính",
            titles=("Tổ trưởng", "Tổ phó", "Nhân viên"),
            weight=0.5,
        ),
        *(
            UnitSpec(
                code,
                name,
                kind="constituent",
                group="vien_chuc",
                task_group="Giảng dạy",
                titles=teacher,
            )
            for code, name in (
                ("TOAN", "Tổ Toán - Tin"),
                ("VAN", "Tổ Ngữ văn"),
                ("NN", "Tổ Ngoại ngữ"),
                ("KHTN", "Tổ Khoa học tự nhiên"),
                ("KHXH", "Tổ Khoa học xã hội"),
            )
        ),
    ]


def plan_province(staff_total: int, seed: int = 2026) -> list[AgencySpec]:
    """About staff_total / 67 agencies with sizes summing exactly to staff_total."""
    rng = random.Random(seed)
    count = max(1, round(staff_total / PEOPLE_PER_AGENCY))
    # Proportions of a real province: a dozen Sở, the districts, many communes, schools and
    # hospitals. (kind, relative size) per slot; the commune is the smallest.
    slots: list[tuple[str, float]] = []
    n_dept = min(len(DEPARTMENTS), max(1, count * 4 // 100))
    n_district = min(len(DISTRICTS), max(0, count * 3 // 100))
    n_hospital = max(0, count * 5 // 100)
    n_school = max(0, count * 30 // 100)
    n_commune = max(0, count - n_dept - n_district - n_hospital - n_school)
    slots += [("department", 1.6)] * n_dept + [("district", 1.3)] * n_district
    slots += [("hospital", 4.0)] * n_hospital + [("school", 0.9)] * n_school
    slots += [("commune", 0.45)] * n_commune
    slots = slots[:count]
    total_weight = sum(w for _k, w in slots)
    sizes = [max(8, int(staff_total * w / total_weight)) for _k, w in slots]
    # Make the sizes add up exactly (the rounding and the minimum shift a few people).
    diff = staff_total - sum(sizes)
    i = 0
    while diff != 0 and sizes:
        j = i % len(sizes)
        if diff > 0:
            sizes[j] += 1
            diff -= 1
        elif sizes[j] > 8:
            sizes[j] -= 1
            diff += 1
        i += 1
        if i > 10 * staff_total + 100:  # fewer people than the minimum allows: accept it
            break
    plans: list[AgencySpec] = []
    communes = [(c, d) for d in DISTRICTS for c in COMMUNES]
    rng.shuffle(communes)
    counters = {"department": 0, "district": 0, "hospital": 0, "school": 0, "commune": 0}
    for index, ((kind, _w), size) in enumerate(zip(slots, sizes, strict=True), start=1):
        k = counters[kind]
        counters[kind] += 1
        code = f"{CODE_PREFIX}{index:03d}"
        if kind == "department":
            symbol, name = DEPARTMENTS[k]
            spec = AgencySpec(
                code, name, "UBND TỈNH BẮC NINH", AgencyKind.ADMINISTRATIVE, symbol, size
            )
            spec.units, spec.leader_unit, spec.hr_unit = _department_units(), "BGD", "TCCB"
        elif kind == "district":
            district = DISTRICTS[k]
            spec = AgencySpec(
                code,
                f"Ủy ban nhân dân huyện {district}",
                "UBND TỈNH BẮC NINH",
                AgencyKind.ADMINISTRATIVE,
                "UBND",
                size,
            )
            spec.units, spec.leader_unit, spec.hr_unit = _district_units(), "LD", "NV"
        elif kind == "hospital":
            district = DISTRICTS[k % len(DISTRICTS)]
            name = "Bệnh viện Đa khoa tỉnh Bắc Ninh" if k == 0 else f"Trung tâm Y tế {district}"
            if k >= len(DISTRICTS) + 1:
                name = f"Bệnh viện Đa khoa khu vực số {k - len(DISTRICTS)}"
            spec = AgencySpec(code, name, "SỞ Y TẾ BẮC NINH", AgencyKind.PUBLIC_SERVICE, "BV", size)
            spec.units, spec.leader_unit, spec.hr_unit = _hospital_units(), "BGD", "TCHC"
        elif kind == "school":
            school = SCHOOL_NAMES[k % len(SCHOOL_NAMES)]
            level = SCHOOL_KINDS[(k // len(SCHOOL_NAMES)) % len(SCHOOL_KINDS)]
            suffix = f" ({DISTRICTS[k % len(DISTRICTS)]})" if k >= len(SCHOOL_NAMES) else ""
            spec = AgencySpec(
                code,
                f"{level} {school}{suffix}",
                "SỞ GIÁO DỤC VÀ ĐÀO TẠO BẮC NINH",
                AgencyKind.PUBLIC_SERVICE,
                "TRG",
                size,
            )
            spec.units, spec.leader_unit, spec.hr_unit = _school_units(), "BGH", "VP"
        else:
            commune, district = communes[k % len(communes)]
            spec = AgencySpec(
                code,
                f"Ủy ban nhân dân xã {commune}, huyện {district}",
                f"UBND HUYỆN {district.upper()}",
                AgencyKind.ADMINISTRATIVE,
                "UBND",
                size,
            )
            spec.units, spec.leader_unit, spec.hr_unit = _commune_units(), "LD", "VPTK"
        plans.append(spec)
    return plans


def _unit_sizes(spec: AgencySpec) -> dict[str, int]:
    """Split the agency's people over its units by weight; every unit gets at least one."""
    total = sum(u.weight for u in spec.units)
    sizes = {u.code: max(1, int(spec.size * u.weight / total)) for u in spec.units}
    order = [u.code for u in spec.units if u.kind != "public_service"] or list(sizes)
    i = 0
    while sum(sizes.values()) < spec.size:
        sizes[order[i % len(order)]] += 1
        i += 1
    while sum(sizes.values()) > spec.size:
        biggest = max(order, key=lambda c: sizes[c])
        if sizes[biggest] <= 1:
            break
        sizes[biggest] -= 1
    return sizes


def load_agency(
    spec: AgencySpec, rng: random.Random, password_hash: str, live: cycles.LiveRound
) -> Agency:
    """One agency with its units, people, accounts and the cycle open on the day it is loaded
    (cycles.live_round), flushed, not committed."""
    year = live.year
    outside = spec.kind == AgencyKind.ADMINISTRATIVE
    agency = Agency(
        code=spec.code,
        name=spec.name,
        governing_body=spec.governing_body,
        kind=spec.kind,
        place=PROVINCE,
        notice_symbol=spec.notice_symbol,
        special_deadline=live.special_deadline,
        province=PROVINCE,
        home_affairs=spec.notice_symbol == HOME_AFFAIRS,
        superior_post=CHAIRMAN if outside else "",
        superior_name="Nguyễn Văn Phong" if outside else "",
    )
    db.session.add(agency)
    db.session.flush()
    units = create_units(agency, spec.units)
    counter = 0
    heads: dict[str, Staff] = {}
    hr_person: Staff | None = None
    people: list[tuple[Staff, str]] = []
    for u in spec.units:
        for i in range(_unit_sizes(spec)[u.code]):
            counter += 1
            name, gender = vietnamese_name(rng)
            if i == 0:
                position, title = "unit_head", u.titles[0]
            elif i < 3 and len(u.titles) > 2:
                position, title = "manager", u.titles[1]
            else:
                position, title = "staff", u.titles[-1]
            group = u.group
            if position == "staff" and rng.random() < 0.04:  # drivers, guards, cleaners
                group, title = "nguoi_lao_dong", rng.choice(("Lái xe", "Bảo vệ", "Tạp vụ"))
            person = create_person(
                agency,
                rng,
                code=f"{spec.code}-{counter:04d}",
                name=(name, gender),
                unit=units[u.code],
                title=title,
                group=group,
                position=position,
                task_group=u.task_group,
                born_by=2000,
                started_by=year - 1,
                party_rate=0.55,
            )
            people.append((person, u.code))
            if i == 0:
                org.set_head(units[u.code], person.id)
                heads[u.code] = person
            elif u.code == spec.hr_unit and hr_person is None:
                hr_person = person
    leader = heads.get(spec.leader_unit)
    agency.head = leader  # the competent authority of everyone but the head (services/authority)
    top_units = [units[u.code].id for u in spec.units if u.parent is None]
    for person, unit_code in people:
        roles: list[tuple[RoleName, int | None]] = [(RoleName.STAFF, None)]
        if person is leader:
            roles += [(RoleName.UNIT_HEAD, uid) for uid in top_units]
        elif heads.get(unit_code) is person:
            roles.append((RoleName.UNIT_HEAD, units[unit_code].id))
        if person is hr_person:
            roles.append((RoleName.HR, None))
        staff_account(agency, person, roles, password_hash=password_hash)
    open_round(agency, year, live.deadlines)
    return agency


def province_loaded() -> bool:
    return (
        db.session.scalars(select(Agency).where(Agency.code == f"{CODE_PREFIX}001")).first()
        is not None
    )


def simulation_available() -> Callable | None:
    """The year simulator if this build has it (evaluation/demo/simulation.py, imported lazily)."""
    try:
        from . import simulation  # type: ignore[attr-defined]
    except ImportError:
        return None
    return getattr(simulation, "simulate_year", None)


def load_province(
    staff_total: int,
    *,
    seed: int = 2026,
    simulate: bool = True,
    progress: Callable[[str], None] | None = None,
) -> dict:
    """Create the province, committing after each agency; returns counts for the summary."""
    rng = random.Random(seed)
    live = cycles.live_round(_time.today())
    year = live.year
    password_hash = accounts.hash_password(DEMO_PASSWORD)  # once for every generated account
    simulate_year = simulation_available() if simulate else None
    plans = plan_province(staff_total, seed)
    agency_ids: list[int] = []
    people = 0
    for n, spec in enumerate(plans, start=1):
        agency = load_agency(spec, rng, password_hash, live)
        db.session.commit()
        agency_ids.append(agency.id)
        people += spec.size
        db.session.expunge_all()  # keep the identity map small: each agency stands alone
        if progress and (n % 10 == 0 or n == len(plans)):
            progress(f"  {n}/{len(plans)} cơ quan, {people} người")
    simulated = 0
    if simulate_year is not None:
        for n, agency_id in enumerate(agency_ids, start=1):
            agency = db.session.get(Agency, agency_id)
            simulate_year(agency, year, seed=seed + n)
            db.session.commit()
            db.session.expunge_all()
            simulated += 1
            if progress and (n % 10 == 0 or n == len(agency_ids)):
                progress(f"  mô phỏng năm {year}: {n}/{len(agency_ids)} cơ quan")
    return {
        "agencies": len(plans),
        "staff": people,
        "simulated": simulated,
        "simulation": simulate_year is not None,
        "first": plans[0] if plans else None,
    }
