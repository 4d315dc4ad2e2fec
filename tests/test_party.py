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
    # The organisation adjusts the rule (scope per cell, A13): cell 1 (7 people) gets 1 alone.
    service.set_rule(
        pw.org,
        "quota_scope",
        "cell",
        "Nghị quyết của Đảng ủy số 05-NQ/ĐU",
        False,
        world.users["hr"],
    )
    db.session.commit()
    assert set(service.quota_meters(party_round)) == {"cell:CB1", "cell:CB2"}
    with pytest.raises(ValidationError):
        service.set_rule(pw.org, "quota_rate", 300, "x", False, world.users["hr"])
    with pytest.raises(ValidationError):
        service.set_rule(pw.org, "quota_rate", 25, "x", False, world.users["staff"])


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
            "tasks": "Hoàn thành",
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
