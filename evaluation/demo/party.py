"""The Party side of the demo: the Sở's party organisation with three cells covering the agency,
and the party round run by the simulator after the State round is approved."""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import select

from ..extensions import db
from ..models import (
    Agency,
    MemberCategory,
    MemberStatus,
    PartyCell,
    PartyMembership,
    PartyOrganisation,
    PartyOrgKind,
    Staff,
    User,
)
from ..services import ValidationError
from ..services import party as party_service

# Cell code, name, the units it covers (a cell need not match one unit).
CELLS = (
    ("CB1", "Chi bộ Văn phòng - Thanh tra", ("BGD", "VP", "TTRA", "DU")),
    ("CB2", "Chi bộ các phòng chuyên môn", ("TCCB", "CCVC", "XDCQ")),
    ("CB3", "Chi bộ Trung tâm Lưu trữ lịch sử", ("TTLT", "TTLT-HC", "TTLT-TT", "TTLT-BQ")),
)


def load_party(
    agency: Agency, people: dict[str, list[Staff]], secretaries: dict[str, Staff], seed: int
) -> PartyOrganisation:
    """The organisation, its three cells and their members (the party members of the staff
    list; each secretary is a member)."""
    rng = random.Random(f"party|{seed}")
    org = PartyOrganisation(
        agency_id=agency.id,
        code="DBSNV",
        name="Đảng bộ Sở Nội vụ",
        kind=PartyOrgKind.DANG_BO_CO_SO,
        superior_committee="ĐẢNG BỘ CÁC CƠ QUAN ĐẢNG TỈNH",
        committee="ĐẢNG ỦY SỞ NỘI VỤ",
        symbol="ĐU",
        place=agency.place,
    )
    db.session.add(org)
    db.session.flush()
    for code, name, unit_codes in CELLS:
        secretary = secretaries[code]
        cell = PartyCell(organisation_id=org.id, code=code, name=name, secretary_id=secretary.id)
        db.session.add(cell)
        db.session.flush()
        for unit_code in unit_codes:
            for person in people.get(unit_code, []):
                if person.group.value == "nguoi_lao_dong":
                    continue
                if person is not secretary and not person.party_member:
                    continue
                person.party_member = True
                joined = date(rng.randint(1995, 2023), rng.randint(1, 12), rng.randint(1, 28))
                probationary = joined.year >= 2025
                db.session.add(
                    PartyMembership(
                        agency_id=agency.id,
                        staff_id=person.id,
                        cell_id=cell.id,
                        joined_on=joined,
                        status=MemberStatus.PROBATIONARY if probationary else MemberStatus.FULL,
                        full_on=None if probationary else date(joined.year + 1, joined.month, 1),
                        category=MemberCategory.LEADER
                        if person.position.value != "staff"
                        else MemberCategory.NON_LEADER,
                    )
                )
    db.session.flush()
    return org


def _user_of(staff_id: int | None) -> User | None:
    if staff_id is None:
        return None
    return db.session.scalar(select(User).where(User.staff_id == staff_id))


def simulate_party(agency: Agency, year: int, seed: int, hr: User, summary) -> None:
    """The party round after the State round: open, self-reviews, the cells' proposals, the
    committee's decisions within the quota. Refusals are recorded in the summary."""
    org = party_service.organisation_of(agency.id)
    if org is None:
        return
    try:
        party_round = party_service.open_round(org, year, hr)
    except ValidationError as error:
        summary.refused.append(f"Đợt kiểm điểm đảng viên chưa mở được — {error}")
        return
    rng = random.Random(f"party-round|{seed}|{year}")
    reviews = party_service.reviews(party_round)
    state = party_service.state_results(agency.id, year, [r.staff_id for r in reviews])
    for review in reviews:
        member = _user_of(review.staff_id)
        level = state[review.staff_id].level or "HTT"
        general = rng.choice((24, 25.5, 27, 28.5))
        task = {"HTXS": 64, "HTT": 56, "HTNV": 40, "KHTNV": 30}[level] + rng.choice((0, 1.5, 3))
        if member is not None:
            party_service.submit_self_review(
                party_round,
                member,
                items={
                    "politics": "Kiên định lập trường chính trị, chấp hành nghiêm đường lối.",
                    "ethics": "Giữ gìn phẩm chất đạo đức, lối sống giản dị.",
                    "discipline": "Chấp hành tốt nội quy, quy chế của cơ quan.",
                    "tasks": "Hoàn thành các nhiệm vụ được giao đúng tiến độ.",
                    "shortcomings": "Đôi khi còn chậm trong tham mưu văn bản.",
                    "plan": "Tiếp tục nâng cao chuyên môn, nghiệp vụ.",
                },
                general_score=general,
                task_score=task,
                self_level=level,
            )
            summary.party_self_reviews += 1
        secretary = _user_of(review.cell.secretary_id)
        if secretary is not None:
            party_service.record_cell_review(
                party_round,
                review.staff_id,
                "Chi bộ thống nhất với bản tự kiểm điểm của đồng chí.",
                level,
                secretary,
            )
    committee = next(
        (
            u
            for u in db.session.scalars(select(User).where(User.agency_id == agency.id))
            if party_service.can_decide(u, org)
        ),
        None,
    )
    if committee is None:
        summary.refused.append("Không có tài khoản cấp ủy để quyết định mức xếp loại đảng viên")
        return
    # HTXS candidates last: the base is known when the quota is spent.
    ordered = sorted(
        reviews, key=lambda r: r.cell_level is not None and r.cell_level.value == "HTXS"
    )
    for review in ordered:
        wanted = review.cell_level.value if review.cell_level else "HTT"
        try:
            with db.session.begin_nested():
                party_service.decide(party_round, review.staff_id, wanted, "", committee)
        except ValidationError:
            with db.session.begin_nested():
                party_service.decide(
                    party_round, review.staff_id, "HTT", "Vượt tỷ lệ: xếp mức thấp hơn.", committee
                )
            summary.party_lowered += 1
        summary.party_decided += 1
