"""The party round (docs/rules/rules.md §2.4, §7.3, A13): the State result first, the cap and the
KHTNV link per member, the quota per grassroots organisation (also under parallel decisions on
PostgreSQL), roles and scope, the import of party members from Excel (all or nothing)."""

from __future__ import annotations

import io
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import (
    AuditLog,
    Decision,
    DecisionStatus,
    Level,
    MemberCategory,
    MemberStatus,
    PartyCell,
    PartyMemberReview,
    PartyMembership,
    PartyOrganisation,
    PartyOrgKind,
    RoleName,
)
from evaluation.services import ValidationError
from evaluation.services import imports as import_service
from evaluation.services import party as service
from exports import excel
from tests import factories
from tests.concurrency import race


def messages(error: ValidationError) -> str:
    return " ".join(m for _f, m in error.errors)


class PartyWorld:
    def __init__(self, world, extra: int = 0):
        self.world = world
        agency = world.agency
        self.org = PartyOrganisation(
            agency_id=agency.id,
            code="DBSNV",
            name="Đảng bộ Sở Nội vụ",
            kind=PartyOrgKind.DANG_BO_CO_SO,
            superior_committee="ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
            committee="ĐẢNG ỦY SỞ NỘI VỤ",
            symbol="ĐU",
            place="Hà Nam",
        )
        db.session.add(self.org)
        db.session.flush()
        s = world.staff
        # Cell 1 covers two units (a cell need not match a unit); its secretary is the head.
        self.cell1 = PartyCell(
            organisation_id=self.org.id, code="CB1", name="Chi bộ 1", secretary_id=s["head"].id
        )
        self.cell2 = PartyCell(
            organisation_id=self.org.id, code="CB2", name="Chi bộ 2", secretary_id=s["hr"].id
        )
        db.session.add_all([self.cell1, self.cell2])
        db.session.flush()
        self.people = [s["head"], s["clerk"], s["colleague"], s["outsider"]]
        self.people += [
            factories.make_staff(agency, world.units["dept"], code=f"DV{i:03d}")
            for i in range(extra)
        ]
        cell2_people = [s["hr"], s["party"], s["employee"]]
        for person in self.people:
            self._member(person, self.cell1)
        for person in cell2_people:
            self._member(person, self.cell2)
        self.people += cell2_people
        db.session.commit()

    def _member(self, person, cell) -> None:
        db.session.add(
            PartyMembership(
                agency_id=self.world.agency.id,
                staff_id=person.id,
                cell_id=cell.id,
                joined_on=date(2012, 3, 1),
                status=MemberStatus.FULL,
                full_on=date(2013, 3, 1),
                category=MemberCategory.NON_LEADER,
            )
        )

    def state(self, person, level: str | None, approved: bool = True) -> None:
        """The State round's current decision of the same year (its own flow is tested in
        test_decisions.py)."""
        cycle = self.world.cycle
        old = db.session.scalar(
            select(Decision).where(Decision.cycle_id == cycle.id, Decision.staff_id == person.id)
        )
        if old is not None:
            db.session.delete(old)
            db.session.flush()
        if level is not None:
            db.session.add(
                Decision(
                    cycle_id=cycle.id,
                    staff_id=person.id,
                    level=Level(level),
                    status=DecisionStatus.APPROVED if approved else DecisionStatus.DECIDED,
                    unit_id=person.unit_id,
                )
            )
        db.session.commit()

    def all_state(self, level: str = "HTT") -> None:
        for person in self.people:
            self.state(person, level)

    def open(self):
        party_round = service.open_round(self.org, self.world.cycle.year, self.world.users["hr"])
        db.session.commit()
        return party_round


@pytest.fixture
def pw(world):
    return PartyWorld(world)


def test_party_round_opens_only_after_the_state_round_is_approved(pw):
    hr = pw.world.users["hr"]
    year = pw.world.cycle.year
    pw.all_state("HTT")
    pw.state(pw.world.staff["clerk"], "HTT", approved=False)
    pw.state(pw.world.staff["colleague"], None)
    with pytest.raises(ValidationError) as error:
        service.open_round(pw.org, year, hr)
    text = messages(error.value)
    assert "chưa được phê duyệt" in text
    assert "Trương Quốc Hưng" in text and "Đặng Thùy Dương" in text
    assert service.round_of(pw.org, year) is None
    with pytest.raises(ValidationError):  # a plain member cannot open it
        service.open_round(pw.org, year, pw.world.users["staff"])
    pw.all_state("HTT")
    party_round = pw.open()
    assert len(service.reviews(party_round)) == len(pw.people)
    assert service.progress(pw.org, year) == {
        "members": 7,
        "self_reviewed": 0,
        "cell_proposed": 0,
        "decided": 0,
    }


def test_cap_and_khtnv_link_per_member(pw):
    s = pw.world.staff
    pw.all_state("HTT")
    pw.state(s["clerk"], "HTXS")
    pw.state(s["colleague"], "KHTNV")
    party_round = pw.open()
    committee = pw.world.users["party_committee"]
    for key in ("head", "hr", "party", "employee"):
        service.decide(party_round, s[key].id, "HTT", "", committee)
    db.session.commit()
    with pytest.raises(ValidationError) as error:  # party <= State
        service.decide(party_round, s["outsider"].id, "HTXS", "", committee)
    assert "cao hơn mức xếp loại chính quyền" in messages(error.value)
    db.session.rollback()
    with pytest.raises(ValidationError) as error:  # State KHTNV => party KHTNV
        service.decide(party_round, s["colleague"].id, "HTNV", "", committee)
    assert "Không hoàn thành nhiệm vụ" in messages(error.value)
    db.session.rollback()
    review = service.decide(party_round, s["colleague"].id, "KHTNV", "", committee)
    assert review.level == Level.KHTNV
    assert review.reasons[0]["code"] == "party_state_khtnv"
    review = service.decide(party_round, s["clerk"].id, "HTXS", "Xứng đáng", committee)
    db.session.commit()
    assert review.level == Level.HTXS
    # The board shows each member's State level and the level the link allows.
    rows = {r.review.staff_id: r for r in service.board(party_round)}
    assert rows[s["clerk"].id].state.level == "HTXS"
    audit = db.session.scalar(
        select(func.count(AuditLog.id)).where(AuditLog.entity == "party_member_review")
    )
    assert audit == 6


def test_a_member_without_a_final_state_result_is_refused(pw):
    s = pw.world.staff
    pw.all_state("HTT")
    party_round = pw.open()
    # A reclassification after the round opened: the current decision is no longer approved.
    pw.state(s["clerk"], "HTT", approved=False)
    with pytest.raises(ValidationError) as error:
        service.decide(party_round, s["clerk"].id, "HTT", "", pw.world.users["party_committee"])
    assert "chưa được phê duyệt chính thức" in messages(error.value)
    db.session.rollback()
    pw.state(s["clerk"], None)
    with pytest.raises(ValidationError) as error:
        service.decide(party_round, s["clerk"].id, "HTT", "", pw.world.users["party_committee"])
    assert "chưa có" in messages(error.value)
    db.session.rollback()
    row = next(r for r in service.board(party_round) if r.review.staff_id == s["clerk"].id)
    assert row.suggestion.decidable is False


def test_party_quota_per_grassroots_organisation(world):
    pw = PartyWorld(world, extra=3)  # 10 members: cap floor(20 % x 10) = 2
    pw.all_state("HTXS")
    party_round = pw.open()
    committee = world.users["party_committee"]
    for person in pw.people[2:]:
        service.decide(party_round, person.id, "HTT", "", committee)
    service.decide(party_round, pw.people[0].id, "HTXS", "", committee)
    service.decide(party_round, pw.people[1].id, "HTXS", "", committee)
    db.session.commit()
    with pytest.raises(ValidationError) as error:
        service.decide(party_round, pw.people[2].id, "HTXS", "", committee)
    assert "Vượt tỷ lệ" in messages(error.value) and "Tối đa 20% của 10 người" in messages(
        error.value
    )
    db.session.rollback()
    meters = service.quota_meters(party_round)
    assert (meters["organisation"].cap, meters["organisation"].used) == (2, 2)
    # The organisation adjusts the rule (scope per cell, A13): not for this year, whose round
    # has decisions (they are never rewritten), but from the next year on.
    year = world.cycle.year
    with pytest.raises(ValidationError) as error:
        service.set_rule(
            pw.org, "quota_scope", "cell", "NQ 05-NQ/ĐU", False, world.users["hr"], from_year=year
        )
    assert f"chỉ áp dụng từ năm {year + 1}" in messages(error.value)
    service.set_rule(
        pw.org,
        "quota_scope",
        "cell",
        "Nghị quyết của Đảng ủy số 05-NQ/ĐU",
        False,
        world.users["hr"],
        from_year=year + 1,
    )
    db.session.commit()
    assert set(service.quota_meters(party_round)) == {"organisation"}  # this round unchanged
    # From the next year: cell 1 (7 people) and cell 2 have their own meters.
    next_rules = service.rules_of(pw.org, year + 1)
    assert next_rules["quota_scope"] == "cell" and service.rules_of(pw.org, year)[
        "quota_scope"
    ] == ("organisation")
    from scoring import party as engine

    assert set(engine.quotas(service._fresh_levels(party_round), next_rules)) == {
        "cell:CB1",
        "cell:CB2",
    }
    with pytest.raises(ValidationError):
        service.set_rule(
            pw.org, "quota_rate", 300, "x", False, world.users["hr"], from_year=year + 1
        )
    with pytest.raises(ValidationError):
        service.set_rule(
            pw.org, "quota_rate", 25, "x", False, world.users["staff"], from_year=year + 1
        )


def test_cell_secretary_records_the_cells_review_and_member_self_reviews(pw):
    s, users = pw.world.staff, pw.world.users
    pw.all_state("HTT")
    party_round = pw.open()
    review = service.submit_self_review(
        party_round,
        users["staff"],
        items={"politics": "Kiên định", "tasks": "Hoàn thành 100%"},
        general_score="27",
        task_score="60",
        self_level="HTT",
    )
    assert review.self_level == Level.HTT and float(review.general_score) == 27
    with pytest.raises(ValidationError) as error:
        service.submit_self_review(
            party_round,
            users["staff"],
            items={},
            general_score="31",
            task_score="60",
            self_level="HTT",
        )
    assert error.value.errors[0][0] == "general_score"
    # The head is the secretary of cell 1; HR's person the secretary of cell 2.
    head = users["unit_head"]
    service.record_cell_review(party_round, s["clerk"].id, "Gương mẫu", "HTT", head)
    with pytest.raises(ValidationError):  # cell 2's member: not this secretary's cell
        service.record_cell_review(party_round, s["party"].id, "Tốt", "HTT", head)
    with pytest.raises(ValidationError):  # the committee is not the cell
        service.record_cell_review(
            party_round, s["clerk"].id, "Tốt", "HTT", users["party_committee"]
        )
    head.is_enabled = False
    db.session.flush()
    with pytest.raises(ValidationError):  # a disabled account records nothing
        service.record_cell_review(party_round, s["clerk"].id, "Tốt", "HTT", head)
    head.is_enabled = True
    db.session.flush()
    with pytest.raises(ValidationError):  # once the cell commented, the member cannot edit
        service.submit_self_review(
            party_round, users["staff"], items={}, general_score=1, task_score=1, self_level="HTT"
        )
    with pytest.raises(ValidationError):  # only the committee decides
        service.decide(party_round, s["clerk"].id, "HTT", "", head)
    assert service.progress(pw.org, pw.world.cycle.year)["cell_proposed"] == 1


def test_collectives_cells_within_the_quota_and_conditions(pw):
    pw.all_state("HTT")
    party_round = pw.open()
    users = pw.world.users
    facts = {
        "tasks_done_pct": 100,
        "on_time_quality": True,
        "exceeded_pct": 40,
        "behind_pct": 0,
        "remedied": True,
    }
    cell_review = service.record_collective_review(
        party_round, pw.cell1, report="Báo cáo", score=92, facts=facts, user=users["unit_head"]
    )
    assert cell_review.self_level == Level.HTXS
    with pytest.raises(ValidationError):  # not cell 1's secretary
        service.record_collective_review(
            party_round, pw.cell1, report="x", score=92, facts=facts, user=users["hr"]
        )
    # Two cells rated HTXS and nobody HTT: base 1 (the candidate itself), cap 0.
    with pytest.raises(ValidationError) as error:
        service.decide_collective(party_round, cell_review, "HTXS", users["party_committee"])
    assert "Vượt tỷ lệ" in messages(error.value)
    db.session.rollback()
    org_review = service.record_collective_review(
        party_round,
        None,
        report="Đảng bộ",
        score=80,
        facts={**facts, "exceeded_pct": 0},
        user=users["party_committee"],
    )
    assert org_review.self_level == Level.HTT
    with pytest.raises(ValidationError) as error:  # above what the conditions allow
        service.decide_collective(party_round, org_review, "HTXS", users["party_committee"])
    assert "cao hơn mức các điều kiện cho phép" in messages(error.value)
    db.session.rollback()
    decided = service.decide_collective(party_round, cell_review, "HTT", users["party_committee"])
    assert decided.level == Level.HTT


# --- import --------------------------------------------------------------------------------------


def _party_file(members: list[tuple], cells: list[tuple]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = excel.PARTY_SHEET
    ws.append(excel.PARTY_COLUMNS)
    for row in members:
        ws.append(row)
    ws2 = wb.create_sheet(excel.CELLS_SHEET)
    ws2.append(excel.CELL_COLUMNS)
    for row in cells:
        ws2.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_import_party_members_all_or_nothing_with_every_problem(pw):
    world = pw.world
    hr = world.users["hr"]
    bad = _party_file(
        [
            ("CC0001", "Trương Quốc Hưng", "CB9", date(2010, 1, 1), "Chính thức", None, "2B"),
            ("CC0002", "Sai Tên", "CB1", date(2030, 1, 1), "Dự bị", None, "2X"),
            ("ZZ999", "Không Có", "CB1", "31/02/2010", "Dự bị", None, "2B"),
        ],
        [("CB1", "Chi bộ 1", "NOBODY")],
    )
    batch = import_service.upload(world.agency, "party", "dangvien.xlsx", bad, hr)
    assert batch.status == "rejected"
    where = {(p["sheet"], p["row"], p["column"]) for p in batch.problems}
    assert ("Đảng viên", 2, "Mã chi bộ") in where
    assert ("Đảng viên", 2, "Ngày chính thức") in where
    assert ("Đảng viên", 3, "Ngày vào Đảng") in where
    assert ("Đảng viên", 3, "Mẫu kiểm điểm") in where
    assert ("Đảng viên", 4, "Ngày vào Đảng") in where
    # Database checks run once the file itself is clean.
    bad2 = _party_file(
        [
            ("CC0002", "Sai Tên", "CB1", date(2010, 1, 1), "Dự bị", None, "2B"),
            ("ZZ999", "Không Có", "CB1", date(2010, 1, 1), "Dự bị", None, "2B"),
        ],
        [("CB1", "Chi bộ 1", "NOBODY")],
    )
    batch = import_service.upload(world.agency, "party", "dangvien.xlsx", bad2, hr)
    where = {(p["sheet"], p["row"], p["column"]) for p in batch.problems}
    assert where == {
        ("Chi bộ", 2, "Mã cán bộ bí thư"),
        ("Đảng viên", 2, "Họ và tên"),
        ("Đảng viên", 3, "Mã cán bộ"),
    }
    assert db.session.scalar(select(func.count(PartyCell.id))) == 2  # nothing written
    good = _party_file(
        [
            (
                "CC0001",
                "Trương Quốc Hưng",
                "CB3",
                date(2010, 1, 1),
                "Chính thức",
                "01/01/2011",
                "2B",
            ),
            ("TT0001", "Lê Văn Đức", "CB3", date(2025, 6, 1), "Dự bị", None, "2A"),
        ],
        [("CB3", "Chi bộ Thanh tra", "TT0001")],
    )
    batch = import_service.upload(world.agency, "party", "dangvien.xlsx", good, hr)
    assert batch.status == "previewed", batch.problems
    summary = import_service.confirm(batch, hr)
    db.session.commit()
    assert summary == {"cells_new": 1, "members": 2}
    moved = service.membership_of(world.staff["outsider"].id)
    assert moved.cell.code == "CB3" and moved.status == MemberStatus.PROBATIONARY
    assert moved.category == MemberCategory.LEADER
    assert moved.cell.secretary_id == world.staff["outsider"].id
    assert service.membership_of(world.staff["clerk"].id).full_on == date(2011, 1, 1)


def test_party_template_reads_back(pw):
    parse = excel.read_party_workbook(excel.party_template(), today=date(2026, 12, 4))
    assert parse.ok and parse.members[0].form == "2A" and parse.cells[0].code == "CB01"


# --- parallel decisions (PostgreSQL) ------------------------------------------------------------


@pytest.mark.postgres
def test_parallel_committee_decisions_never_exceed_the_party_quota(app, world):
    pw = PartyWorld(world, extra=1)  # 8 members, all HTT then two HTXS candidates: cap 1
    pw.all_state("HTXS")
    party_round = pw.open()
    committee = world.users["party_committee"]
    second = factories.make_user(
        world.agency, "capuy2", [(RoleName.PARTY_COMMITTEE, None)], world.staff["employee"]
    )
    for person in pw.people[2:]:
        service.decide(party_round, person.id, "HTT", "", committee)
    db.session.commit()
    round_id, user_ids = party_round.id, [committee.id, second.id]
    ids = [pw.people[0].id, pw.people[1].id]

    def attempt(staff_id: int, user_id: int):
        def decide(ready) -> None:
            from evaluation.models import PartyRound, User

            r, u = db.session.get(PartyRound, round_id), db.session.get(User, user_id)
            ready()
            service.decide(r, staff_id, "HTXS", "", u)

        return decide

    outcomes = race(app, [attempt(s, u) for s, u in zip(ids, user_ids, strict=True)])
    assert sorted(outcomes) == ["ok", "refused"]
    db.session.expire_all()
    excellent = db.session.scalar(
        select(func.count(PartyMemberReview.id)).where(PartyMemberReview.level == Level.HTXS)
    )
    assert excellent == 1


# --- the pages ----------------------------------------------------------------------------------


def test_journey_secretary_proposes_committee_decides_member_sees_level(pw, client, auth):
    s = pw.world.staff
    pw.all_state("HTT")
    auth.login("tccb")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Chưa mở" in page  # the HR dashboard shows the party round beside the State one
    assert client.post("/party/open").status_code == 302
    assert "Đang mở" in client.get("/dashboard").get_data(as_text=True)
    client.post("/logout")
    # The member self-reviews.
    auth.login("congchuc")
    response = client.post(
        "/party/me",
        data={
            "item-tasks": "Hoàn thành",
            "general_score": "27",
            "task_score": "61",
            "self_level": "HTT",
        },
    )
    assert response.status_code == 302
    bad = client.post("/party/me", data={"general_score": "40", "task_score": "x"})
    assert "Điểm phải từ 0 đến 30" in bad.get_data(as_text=True)
    client.post("/logout")
    # The secretary of cell 1 (the head) records the cell's comments and proposal.
    auth.login("truongphong")
    url = f"/party/cell/{pw.cell1.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Trương Quốc Hưng" in page and "Vũ Đình Khải" not in page  # cell 2's member
    client.post(url, data={"staff_id": s["clerk"].id, "comment": "Gương mẫu", "level": "HTT"})
    assert client.get(f"/party/cell/{pw.cell2.id}").status_code == 403
    assert client.get("/party/committee").status_code == 403
    client.post("/logout")
    # The committee decides; a level above the State one is refused next to the list.
    auth.login("capuy")
    board = client.get("/party/committee").get_data(as_text=True)
    # Every State result is final: the board shows each ceiling, no error.
    assert 'class="error"' not in board and "Tối đa 20% của" in board
    page = client.post(
        "/party/committee", data={"staff_id": s["clerk"].id, "level": "HTXS"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "cao hơn mức xếp loại chính quyền" in page
    client.post("/party/committee", data={"staff_id": s["clerk"].id, "level": "HTT"})
    client.post("/logout")
    auth.login("congchuc")
    page = client.get("/party/").get_data(as_text=True)
    assert "Mức xếp loại đảng viên" in page and "Hoàn thành tốt nhiệm vụ" in page
    assert "Gương mẫu" in client.get("/party/me").get_data(as_text=True)


# --- documents (Hướng dẫn 36-HD/VPTW) -----------------------------------------------------------


def _pdf_text(content: bytes, tmp_path) -> str:
    import subprocess

    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _assert_party_header(text: str, numbered: str | None) -> None:
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "*" in text
    assert "Hà Nam, ngày" in text
    if numbered:
        assert numbered in text


def test_party_documents_carry_the_party_header(pw, client, auth, tmp_path):
    s = pw.world.staff
    pw.all_state("HTT")
    party_round = pw.open()
    committee = pw.world.users["party_committee"]
    service.submit_self_review(
        party_round,
        pw.world.users["staff"],
        items={"tasks": "<b>Hoàn thành</b> 100%"},
        general_score=27,
        task_score=60,
        self_level="HTT",
    )
    service.record_cell_review(
        party_round, s["clerk"].id, "Gương mẫu", "HTT", pw.world.users["unit_head"]
    )
    auth.login("capuy")
    response = client.get("/party/documents/notice.pdf", follow_redirects=True)
    assert "chưa quyết định mức của mọi đảng viên" in response.get_data(as_text=True)
    for person in pw.people:
        service.decide(party_round, person.id, "HTT", "", committee)
    db.session.commit()
    notice = client.get("/party/documents/notice.pdf")
    assert notice.status_code == 200 and notice.mimetype == "application/pdf"
    text = _pdf_text(notice.data, tmp_path)
    _assert_party_header(text, "Số 01-TB/ĐU")
    assert "ĐẢNG ỦY SỞ NỘI VỤ" in text and "ĐẢNG BỘ KHỐI CÁC CƠ QUAN" in text
    assert "Trương Quốc Hưng" in text and text.count("Hoàn thành tốt") == 14
    again = _pdf_text(client.get("/party/documents/notice.pdf").data, tmp_path)
    assert "Số 01-TB/ĐU" in again  # the same document keeps its number in the register
    decision = _pdf_text(client.get("/party/documents/decision.pdf").data, tmp_path)
    _assert_party_header(decision, "Số 01-QĐ/ĐU")
    assert "QUYẾT ĐỊNH" in decision
    word = client.get("/party/documents/decision.docx")
    assert word.status_code == 200
    _assert_party_header(_docx_text(word.data), "Số 01-QĐ/ĐU")
    _assert_party_header(_docx_text(client.get("/party/documents/notice.docx").data), "Số 01-TB/ĐU")
    client.post("/logout")
    auth.login("congchuc")  # the member prints their own filled form
    form = client.get(f"/party/form/{s['clerk'].id}.pdf")
    text = _pdf_text(form.data, tmp_path)
    _assert_party_header(text, None)
    assert "BẢN KIỂM ĐIỂM CÁ NHÂN" in text and "CHI BỘ 1" in text
    assert "<b>Hoàn thành</b> 100%" in text  # user text printed literally
    assert "Gương mẫu" in text and "Mẫu 2B" in text
    word = _docx_text(client.get(f"/party/form/{s['clerk'].id}.docx").data)
    _assert_party_header(word, None)
    assert "Gương mẫu" in word
    assert client.get(f"/party/form/{s['party'].id}.pdf").status_code == 403  # someone else's
    assert client.get("/party/documents/notice.pdf").status_code == 403


def test_the_simulated_party_round_decides_everyone_within_the_rules(pw):
    from evaluation.demo.party import simulate_party
    from evaluation.demo.simulation import SimulationSummary

    pw.all_state("HTXS")
    pw.state(pw.world.staff["clerk"], "HTNV")
    summary = SimulationSummary(agency="x", year=pw.world.cycle.year)
    simulate_party(pw.world.agency, pw.world.cycle.year, 7, pw.world.users["hr"], summary)
    db.session.commit()
    party_round = service.round_of(pw.org, pw.world.cycle.year)
    levels = {r.staff_id: r.level.value for r in service.reviews(party_round)}
    assert len(levels) == 7 and levels[pw.world.staff["clerk"].id] == "HTNV"
    # 6 State HTXS: the party quota (floor 20 % x 7 = 1) lowers the others to HTT.
    assert sorted(levels.values()).count("HTXS") == 1
    assert summary.party_decided == 7 and summary.party_lowered == 5


# --- the collectives' pages (Mẫu 01) ------------------------------------------------------------


def test_collective_review_pages_secretary_records_committee_decides(pw, client, auth, tmp_path):
    from evaluation.models import PartyOrgReview

    pw.all_state("HTT")
    party_round = pw.open()
    auth.login("truongphong")  # secretary of cell 1
    url = f"/party/cell/{pw.cell1.id}/collective"
    bad = client.post(url, data={"report": "Chi bộ <b>1</b>", "score": "105", "exceeded_pct": "x"})
    page = bad.get_data(as_text=True)
    assert "Điểm phải từ 0 đến 100" in page and "Nhập một số." in page
    assert "Chi bộ &lt;b&gt;1&lt;/b&gt;" in page  # what was typed comes back, escaped
    assert db.session.scalar(select(func.count(PartyOrgReview.id))) == 0  # nothing saved
    good = {
        "report": "Chi bộ <b>1</b> hoàn thành",
        "score": "92,5",
        "tasks_done_pct": "100",
        "on_time_quality": "yes",
        "exceeded_pct": "40",
        "behind_pct": "0",
        "remedied": "yes",
    }
    assert client.post(url, data=good).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Hoàn thành xuất sắc nhiệm vụ" in page and "92.5" in page
    assert client.get(f"/party/cell/{pw.cell2.id}/collective").status_code == 403
    assert client.get("/party/collectives").status_code == 403
    client.post("/logout")
    auth.login("tccb")  # secretary of cell 2: its review misses the conditions of HTXS
    client.post(
        f"/party/cell/{pw.cell2.id}/collective",
        data={**good, "report": "Chi bộ 2", "score": "95", "exceeded_pct": "10"},
    )
    client.post("/logout")
    auth.login("capuy")
    org_page = client.post(
        "/party/organisation/review", data={**good, "report": "Đảng bộ", "score": "88"}
    )
    assert org_page.status_code == 302
    board = client.get("/party/collectives").get_data(as_text=True)
    assert "Chi bộ 1" in board and "Chi bộ 2" in board and "Đảng bộ Sở Nội vụ" in board
    assert "ít nhất 30% nhiệm vụ vượt mức" in board  # cell 2's missing condition, with reason
    reviews = {r.subject: r for r in db.session.scalars(select(PartyOrgReview)).all()}
    # Cell 1 HTXS: only two cells, neither HTT yet: the quota (20 % of 1) refuses it.
    page = client.post(
        "/party/collectives",
        data={"review_id": reviews["CB1"].id, "level": "HTXS"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "Vượt tỷ lệ" in page
    page = client.post(
        "/party/collectives",
        data={"review_id": reviews["CB2"].id, "level": "HTXS"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "cao hơn mức các điều kiện cho phép" in page
    client.post("/party/collectives", data={"review_id": reviews["CB1"].id, "level": "HTT"})
    client.post("/party/collectives", data={"review_id": reviews["CB2"].id, "level": "HTT"})
    db.session.expire_all()
    assert [db.session.get(PartyOrgReview, reviews[k].id).level for k in ("CB1", "CB2")] == [
        Level.HTT,
        Level.HTT,
    ]
    audit = db.session.scalars(select(AuditLog).where(AuditLog.entity == "party_org_review")).all()
    assert {a.action for a in audit} == {"collective_review", "decide"}
    pdf = client.get(f"/party/collective/{reviews['CB1'].id}.pdf")
    text = _pdf_text(pdf.data, tmp_path)
    _assert_party_header(text, None)
    assert "BÁO CÁO KIỂM ĐIỂM TẬP THỂ CHI BỘ 1" in text and "CHI BỘ 1" in text
    assert "Chi bộ <b>1</b> hoàn thành" in text and "92,5/100" in text
    assert "quyết định xếp loại: Hoàn thành tốt" in text  # the committee's level
    assert "T/M CHI BỘ" in text and "BÍ THƯ" in text
    word = _docx_text(client.get(f"/party/collective/{reviews['*'].id}.docx").data)
    _assert_party_header(word, None)
    assert "BÁO CÁO KIỂM ĐIỂM TẬP THỂ ĐẢNG BỘ SỞ NỘI VỤ" in word and "ĐẢNG ỦY SỞ NỘI VỤ" in word
    assert "Cấp ủy cấp trên quyết định xếp loại" in word
    # A decided cell's report is locked.
    client.post("/logout")
    auth.login("truongphong")
    page = client.post(url, data={**good, "score": "50"}).get_data(as_text=True)
    assert "không sửa được báo cáo" in page
    assert float(db.session.get(PartyOrgReview, reviews["CB1"].id).score) == 92.5
    assert party_round.status == "open"


# --- the structure typed on a page --------------------------------------------------------------


def test_structure_page_creates_the_organisation_and_its_cells(world, client, auth):
    auth.login("capuy")
    assert "Khai báo tổ chức đảng" in client.get("/party/").get_data(as_text=True)
    bad = client.post("/party/structure", data={"code": "DB", "kind": "dang_bo_co_so"})
    page = bad.get_data(as_text=True)
    assert page.count("Bắt buộc nhập.") == 3  # name, committee, symbol: next to each field
    assert db.session.scalar(select(func.count(PartyOrganisation.id))) == 0
    data = {
        "code": "DBSNV",
        "name": "Đảng bộ Sở Nội vụ",
        "kind": "dang_bo_co_so",
        "superior_committee": "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        "committee": "ĐẢNG ỦY SỞ NỘI VỤ",
        "symbol": "ĐU",
        "place": "Hà Nam",
    }
    assert client.post("/party/structure", data=data).status_code == 302
    org = db.session.scalar(select(PartyOrganisation))
    assert org.committee == "ĐẢNG ỦY SỞ NỘI VỤ" and org.agency_id == world.agency.id
    assert client.post("/party/structure", data={**data, "place": "Phủ Lý"}).status_code == 302
    db.session.refresh(org)
    assert (
        org.place == "Phủ Lý" and db.session.scalar(select(func.count(PartyOrganisation.id))) == 1
    )
    head = world.staff["head"]
    cell = {"code": "CB1", "name": "Chi bộ Văn phòng", "secretary_id": head.id, "unit_id": 0}
    assert client.post("/party/structure/cells/new", data=cell).status_code == 302
    again = client.post("/party/structure/cells/new", data={**cell, "name": "Khác"})
    assert "Mã này đã được dùng." in again.get_data(as_text=True)
    other = client.post(
        "/party/structure/cells/new",
        data={**cell, "code": "CB2", "secretary_id": world.other["staff"].id},
    )
    assert "Lựa chọn không hợp lệ." in other.get_data(as_text=True)  # another agency's person
    saved = db.session.scalars(select(PartyCell)).all()
    assert [(c.code, c.secretary_id, c.active) for c in saved] == [("CB1", head.id, True)]
    client.post(
        f"/party/structure/cells/{saved[0].id}",
        data={**cell, "name": "Chi bộ Văn phòng Sở", "secretary_id": 0},
    )  # the box unticked: the cell is closed, never deleted
    db.session.refresh(saved[0])
    assert saved[0].name == "Chi bộ Văn phòng Sở" and saved[0].active is False
    assert saved[0].secretary_id is None
    listing = client.get("/party/structure").get_data(as_text=True)
    assert "Chi bộ Văn phòng Sở" in listing and "Đã giải thể, sáp nhập" in listing
    audit = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.entity.in_(("party_organisation", "party_cell")))
        .order_by(AuditLog.id)
    ).all()
    assert [(a.entity, a.action) for a in audit] == [
        ("party_organisation", "create"),
        ("party_organisation", "update"),
        ("party_cell", "create"),
        ("party_cell", "update"),
    ]
    client.post("/logout")
    auth.login("congchuc")
    assert client.get("/party/structure").status_code == 403


def test_rules_page_adjusts_a_rule_from_a_year_audited_never_rewriting_decisions(pw, client, auth):
    year = pw.world.cycle.year
    pw.all_state("HTT")
    party_round = pw.open()
    auth.login("capuy")
    page = client.get("/party/rules").get_data(as_text=True)
    assert "QĐ 366-QĐ/TW Điều 11 khoản 1.5" in page and "(mặc định)" in page
    bad = client.post(
        "/party/rules",
        data={"key": "quota_rate", "value": "abc", "source": "", "from_year": str(year)},
    ).get_data(as_text=True)
    assert "Nhập một số nguyên từ 0 đến 100." in bad and "Ghi rõ căn cứ" in bad
    bands = client.post(
        "/party/rules",
        data={
            "key": "bands",
            "band_HTXS": "80",
            "band_HTT": "85",
            "band_HTNV": "50",
            "source": "NQ 05",
            "from_year": str(year),
        },
    ).get_data(as_text=True)
    assert "Khung điểm phải giảm dần" in bands
    assert service.rules_of(pw.org, year)["bands"]["HTXS"] == 90  # nothing saved
    ok = client.post(
        "/party/rules",
        data={
            "key": "quota_rate",
            "value": "15",
            "source": "Nghị quyết 05-NQ/ĐU",
            "verified": "y",
            "from_year": str(year),
        },
    )
    assert ok.status_code == 302
    assert service.rules_of(pw.org, year)["quota_rate"] == 15
    assert service.rules_of(pw.org, year - 1)["quota_rate"] == 20  # earlier years keep theirs
    page = client.get("/party/rules").get_data(as_text=True)
    assert "Nghị quyết 05-NQ/ĐU" in page and f"từ năm {year}" in page
    audit = db.session.scalars(select(AuditLog).where(AuditLog.entity == "party_rule")).all()
    assert [(a.action, a.after["value"], a.after["from_year"]) for a in audit] == [
        ("set_rule", 15, year)
    ]
    # Once a member is decided, this year's rules are closed: the page says from when.
    service.decide(
        party_round, pw.world.staff["clerk"].id, "HTT", "", pw.world.users["party_committee"]
    )
    db.session.commit()
    refused = client.post(
        "/party/rules",
        data={"key": "quota_rate", "value": "30", "source": "x", "from_year": str(year)},
    ).get_data(as_text=True)
    assert f"chỉ áp dụng từ năm {year + 1}" in refused
    assert service.rules_of(pw.org, year)["quota_rate"] == 15
    client.post("/logout")
    auth.login("truongphong")
    assert client.get("/party/rules").status_code == 403


# --- the self-review items, configured per year --------------------------------------------------


def test_self_review_items_configured_per_year_closed_once_members_answered(
    pw, client, auth, tmp_path
):
    from evaluation.services import party_items

    year = pw.world.cycle.year
    pw.all_state("HTT")
    party_round = pw.open()
    auth.login("capuy")
    page = client.get("/party/items").get_data(as_text=True)
    assert "Tư tưởng chính trị" in page and "nội dung mặc định" in page
    bad = client.post(
        "/party/items",
        data={"year": str(year), "key-1": "politics", "label-1": "Chính trị", "forms-1": []},
    ).get_data(as_text=True)
    assert "Dòng 1: chọn ít nhất một mẫu." in bad and "Chính trị" in bad  # kept as typed
    assert party_items.is_default(pw.org, year)
    rows = {
        "year": str(year),
        "key-1": "politics",
        "label-1": "Bản lĩnh chính trị, tư tưởng",
        "forms-1": ["2A", "2B", "2C"],
        "key-2": "tasks",
        "label-2": "Kết quả thực hiện nhiệm vụ năm",
        "forms-2": ["2A", "2B", "2C"],
        "key-3": "ethics",
        "label-3": "",  # dropped
        "forms-3": ["2A", "2B", "2C"],
        "key-4": "",
        "label-4": "Việc thực hiện Quy định về nêu gương",
        "forms-4": ["2A"],  # leaders only
    }
    assert client.post("/party/items", data=rows).status_code == 302
    items = party_items.items_for(pw.org, year)
    assert [(i.key, i.label, i.forms) for i in items] == [
        ("politics", "Bản lĩnh chính trị, tư tưởng", ("2A", "2B", "2C")),
        ("tasks", "Kết quả thực hiện nhiệm vụ năm", ("2A", "2B", "2C")),
        ("item1", "Việc thực hiện Quy định về nêu gương", ("2A",)),
    ]
    assert party_items.is_default(pw.org, year - 1)  # earlier years keep the defaults
    client.post("/logout")
    # The member (Mẫu 2B) answers the items of the year; the 2A-only item is not on the form.
    auth.login("congchuc")
    page = client.get("/party/me").get_data(as_text=True)
    assert "Bản lĩnh chính trị, tư tưởng" in page and "nêu gương" not in page
    assert "Phẩm chất đạo đức" not in page
    too_long = client.post(
        "/party/me",
        data={
            "item-tasks": "x" * 4001,
            "general_score": "27",
            "task_score": "60",
            "self_level": "HTT",
        },
    ).get_data(as_text=True)
    assert "Tối đa 4000 ký tự." in too_long
    answered = {
        "item-politics": "Kiên định lập trường",
        "item-tasks": "Hoàn thành 100% nhiệm vụ",
        "general_score": "27",
        "task_score": "60",
        "self_level": "HTT",
    }
    assert client.post("/party/me", data=answered).status_code == 302
    text = _pdf_text(client.get(f"/party/form/{pw.world.staff['clerk'].id}.pdf").data, tmp_path)
    assert "1. Bản lĩnh chính trị, tư tưởng" in text and "Kiên định lập trường" in text
    assert "2. Kết quả thực hiện nhiệm vụ năm" in text and "nêu gương" not in text
    client.post("/logout")
    # Once a member has answered, the year's items are closed; the next year is open.
    auth.login("capuy")
    refused = client.post("/party/items", data={**rows, "label-2": "Khác"}).get_data(as_text=True)
    assert "Đã có đảng viên gửi bản kiểm điểm" in refused
    assert party_items.items_for(pw.org, year)[1].label == "Kết quả thực hiện nhiệm vụ năm"
    assert client.post("/party/items", data={**rows, "year": str(year + 1)}).status_code == 302
    assert party_items.version_year(pw.org, year + 1) == year + 1
    audit = db.session.scalars(
        select(AuditLog).where(AuditLog.entity == "party_review_items").order_by(AuditLog.id)
    ).all()
    assert [a.after["year"] for a in audit] == [year, year + 1]
    assert party_round.year == year
