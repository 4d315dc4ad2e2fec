"""Documents a văn thư signs as is: who decides whom, the register of outgoing documents, and
the annual form of each group x regime x year filled from the person's record (issue 16)."""

from __future__ import annotations

import re
import subprocess
import threading
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import ExternalDecision, Level, OutgoingDocument
from evaluation.services import ValidationError, org, register
from evaluation.services.assessments import find_form, new_form
from evaluation.services.authority import agency_issuer, authority_for, issuer_of, signing_post
from exports import pdf

from . import factories


def pdf_text(content: bytes) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    )
    return out.stdout.decode()


@pytest.fixture
def org_world(world):
    """The test agency with a director (the agency's head), a deputy, a public service unit
    with its head, and a labour-contract driver."""
    agency = world.agency
    board = factories.make_unit(agency, "BGD", "Ban Giám đốc")
    director = factories.make_staff(
        agency, board, name="Lý Công Uẩn", position="unit_head", title="Giám đốc Sở"
    )
    deputy = factories.make_staff(
        agency, board, name="Ngô Thành Lợi", position="manager", title="Phó Giám đốc Sở"
    )
    org.set_head(board, director.id)
    center = world.units["center"]
    center_head = factories.make_staff(
        agency,
        center,
        name="Dương Thị Mỹ Lệ",
        group="vien_chuc",
        position="unit_head",
        title="Giám đốc Trung tâm",
    )
    org.set_head(center, center_head.id)
    center.symbol = "TTLT"
    driver = factories.make_staff(
        agency, world.units["root"], name="Bùi Xuân Trường", group="nguoi_lao_dong"
    )
    agency.head = director
    agency.superior_post = "Chủ tịch Ủy ban nhân dân tỉnh"
    agency.superior_name = "Trần Quốc Vượng"
    db.session.commit()
    world.staff.update(director=director, deputy=deputy, center_head=center_head, driver=driver)
    return world


def test_signing_post_drops_the_organisation_word():
    assert signing_post("Giám đốc Sở", "Sở Nội vụ tỉnh Hà Nam") == "GIÁM ĐỐC"
    assert signing_post("Giám đốc Trung tâm", "Trung tâm Lưu trữ lịch sử") == "GIÁM ĐỐC"
    assert signing_post("Chánh Thanh tra", "Sở Nội vụ") == "CHÁNH THANH TRA"


def test_who_decides_whom(org_world):
    w = org_world
    cycle = w.cycle
    # A civil servant of a phòng: the head of the agency, not the head of the phòng.
    clerk = authority_for(cycle, w.staff["clerk"])
    assert (clerk.post, clerk.name) == ("GIÁM ĐỐC", "Lý Công Uẩn")
    assert "khoản 2 Điều 10 Nghị định số 335/2025/NĐ-CP" in clerk.basis
    assert authority_for(cycle, w.staff["deputy"]).name == "Lý Công Uẩn"
    # A viên chức of a constituent unit: the head of the public service unit, under its header.
    employee = authority_for(cycle, w.staff["employee"])
    assert employee.name == "Dương Thị Mỹ Lệ" and employee.post == "GIÁM ĐỐC"
    assert employee.issuer.name == "Trung tâm Lưu trữ lịch sử"
    assert employee.issuer.governing_body == "Sở Nội vụ tỉnh Hà Nam"
    assert employee.issuer.symbol == "TTLT"
    assert "Điều 13 Nghị định số 233/2026/NĐ-CP" in employee.basis
    # The unit's own head: the head of the managing agency.
    head = authority_for(cycle, w.staff["center_head"])
    assert head.name == "Lý Công Uẩn" and head.issuer.name == "Sở Nội vụ tỉnh Hà Nam"
    # The director: outside the agency; HR's record of the outside decision wins.
    director = authority_for(cycle, w.staff["director"])
    assert director.external and director.name == "Trần Quốc Vượng"
    assert director.post == "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"
    db.session.add(
        ExternalDecision(
            agency_id=w.agency.id,
            cycle_id=cycle.id,
            staff_id=w.staff["director"].id,
            issuer_body="Ủy ban nhân dân tỉnh Hà Nam",
            number="125/QĐ-UBND",
            signed_on=date(2026, 12, 12),
            signer_post="Phó Chủ tịch Ủy ban nhân dân tỉnh",
            signer_name="Đinh Tiên Hoàng",
            level=Level.HTT,
        )
    )
    db.session.flush()
    director = authority_for(cycle, w.staff["director"])
    assert director.name == "Đinh Tiên Hoàng" and director.decision_number == "125/QĐ-UBND"
    # Người lao động: nobody classifies them, no form.
    assert authority_for(cycle, w.staff["driver"]) is None
    from evaluation.queries.disclosure import annual_form_data

    assert annual_form_data(cycle, w.staff["driver"]) is None


def test_register_numbers_per_issuer_year_and_type_never_reused(org_world, monkeypatch):
    w = org_world
    agency_id = w.agency.id
    sở = agency_issuer(w.agency)
    centre = issuer_of(w.agency, w.units["sub"])
    day = date(2026, 12, 15)
    first = register.issue(agency_id, sở, "TB", "a", day)
    second = register.issue(agency_id, sở, "TB", "b", day)
    assert (first.number, second.number) == (1, 2)
    assert first.number_symbol == "01/TB-SNV"
    assert register.issue(agency_id, sở, "TB", "a", day).id == first.id  # same document
    assert register.issue(agency_id, sở, "QĐ", "c", day).number == 1  # another type
    assert register.issue(agency_id, centre, "TB", "d", day).symbol == "TB-TTLT"
    assert register.issue(agency_id, centre, "TB", "d2", day).number == 2
    assert register.issue(agency_id, sở, "TB", "e", date(2027, 1, 5)).number == 1  # new year
    with pytest.raises(ValidationError) as typed:
        register.issue(agency_id, sở, "TB", "f", day, number=2)
    assert "02/TB-SNV" in str(typed.value)
    # A writer that loses the race for a number (the unique constraint) takes the next one.
    stale = iter([2, 3])
    monkeypatch.setattr(register, "_next_number", lambda *a: next(stale))
    assert register.issue(agency_id, sở, "TB", "g", day).number == 3
    numbers = [(d.issuer, d.year, d.doc_type, d.number) for d in db.session.query(OutgoingDocument)]
    assert len(numbers) == len(set(numbers))
    # Outside bodies number their own documents.
    director = authority_for(w.cycle, w.staff["director"])
    with pytest.raises(ValueError):
        register.issue(agency_id, director.issuer, "TB", "h", day)


@pytest.mark.postgres
def test_register_numbers_concurrent_writers_on_postgresql(app, org_world):
    """Writers numbering at the same moment, each on its own PostgreSQL connection and
    transaction, never get the same number and leave no gap."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("needs real concurrent connections: run with TEST_DATABASE_URL (CI does)")
    agency_id = org_world.agency.id
    writers, per_writer = 4, 5
    barrier = threading.Barrier(writers)
    issued: list[tuple[int, str]] = []
    failures: list[BaseException] = []

    def writer(n: int) -> None:
        from evaluation.models import Agency

        with app.app_context():
            try:
                issuer = agency_issuer(db.session.get(Agency, agency_id))
                for k in range(per_writer):
                    barrier.wait(10)  # every round starts together
                    document = register.issue(
                        agency_id, issuer, "TB", f"race:{n}:{k}", date(2026, 12, 15)
                    )
                    db.session.commit()
                    issued.append((document.number, document.ref))
            except BaseException as error:  # reported by the main thread
                failures.append(error)
                barrier.abort()
            finally:
                db.session.remove()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not failures, failures
    numbers = sorted(number for number, _ref in issued)
    assert numbers == list(range(1, writers * per_writer + 1))
    db.session.expire_all()
    stored = db.session.scalars(
        select(OutgoingDocument.number).where(OutgoingDocument.agency_id == agency_id)
    ).all()
    assert sorted(stored) == numbers


def _fill_form(cycle, staff, self_level: str, **texts) -> None:
    form = find_form(cycle, staff) or new_form(cycle, staff)
    form.content = {"self_comment": "Nghỉ ốm 01 tháng trong quý III.", **texts}
    form.self_level = Level(self_level)
    form.status = "submitted"
    from evaluation._time import now

    form.submitted_at = now()
    if form.id is None:
        db.session.add(form)
    db.session.flush()


def _decide(cycle, staff, level: str, reason: str) -> None:
    from evaluation.models import Decision, DecisionStatus

    db.session.add(
        Decision(
            cycle_id=cycle.id,
            staff_id=staff.id,
            regime="",
            level=Level(level),
            reason=reason,
            status=DecisionStatus.APPROVED,
            unit_id=staff.unit_id,
        )
    )
    db.session.flush()


CASES = [
    # (staff key, year, title, self-signer, authority)
    ("clerk", 2026, "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC", "CÔNG CHỨC TỰ XẾP LOẠI", "Lý Công Uẩn"),
    ("employee", 2026, "PHIẾU XẾP LOẠI CHẤT LƯỢNG VIÊN CHỨC", "VIÊN CHỨC TỰ XẾP LOẠI", "Mỹ Lệ"),
    ("director", 2026, "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC", "CÔNG CHỨC TỰ XẾP LOẠI", "Vượng"),
    ("cadre", 2026, "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁN BỘ", "CÁN BỘ TỰ XẾP LOẠI", "Công Uẩn"),
    ("clerk", 2025, "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC", "NGƯỜI TỰ NHẬN XÉT", "Công"),
    ("employee", 2025, "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG VIÊN CHỨC", "NGƯỜI TỰ NHẬN", "Mỹ Lệ"),
    ("cadre", 2025, "PHIẾU ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÁN BỘ", "NGƯỜI TỰ NHẬN XÉT", "Công Uẩn"),
]


@pytest.mark.parametrize(("who", "year", "title", "self_signer", "authority"), CASES)
def test_annual_form_filled_per_group_regime_and_year(
    org_world, who, year, title, self_signer, authority
):
    from evaluation.queries.disclosure import annual_form_data

    w = org_world
    if who == "cadre":
        w.staff["cadre"] = factories.make_staff(
            w.agency, w.units["root"], name="Vũ Đình Khải", group="can_bo", title="Phó Bí thư"
        )
    cycle = w.cycle if year == w.cycle.year else factories.make_cycle(w.agency, year)
    staff = w.staff[who]
    d90 = year <= 2025
    texts = {"political": "Kiên định lập trường.", "task_results": "Hoàn thành 12/12 việc."}
    _fill_form(cycle, staff, "HTXS", **(texts if d90 else {}))
    _decide(cycle, staff, "KHTNV", "Để chậm 3 hồ sơ quá hạn.")
    data = annual_form_data(cycle, staff)
    assert data is not None
    text = re.sub(r"\s+", " ", pdf_text(pdf.annual_form_pdf(data)))
    assert title in text and f"Năm {year}" in text
    assert staff.full_name in text and self_signer in text and authority in text
    assert "Nghỉ ốm 01 tháng trong quý III." in text  # the person's explanation
    assert "Để chậm 3 hồ sơ quá hạn." in text  # the authority's comments
    raw = pdf_text(pdf.annual_form_pdf(data))
    # Self-level ticked in section II, the authority's in the last section.
    second = raw[raw.index("II.") :]
    assert re.search(r"X\s+Hoàn thành xuất sắc nhiệm vụ", second)
    assert re.search(r"X\s+Không hoàn thành nhiệm vụ", second)
    if d90:
        for heading in ("I. KẾT QUẢ TỰ ĐÁNH GIÁ", "1. Chính trị tư tưởng", "II. TỰ NHẬN MỨC"):
            assert heading in text
        assert "Kiên định lập trường." in text and "Hoàn thành 12/12 việc." in text
        has_manager = who != "cadre"
        assert ("III. Ý KIẾN NHẬN XÉT CỦA NGƯỜI QUẢN LÝ TRỰC TIẾP" in text) == has_manager
        assert "KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG" in text
    else:
        for heading in ("I. TỔNG HỢP KẾT QUẢ THEO DÕI, ĐÁNH GIÁ", "II.", "III.", "IV."):
            assert heading in text
        assert "Đề xuất" in text  # KHTNV: the proposed handling
        if staff.group.value == "cong_chuc":
            assert "điểm đ khoản 3 Điều 23 Nghị định số 335/2025/NĐ-CP" in text
    place = w.agency.place
    assert f"{place}, ngày" in text


def test_annual_form_scores_by_period(org_world):
    """Decree 335 Mẫu 02 section I: each scored period and the mean, from the year's sheets."""
    from evaluation.models import PeriodSheet
    from evaluation.queries.disclosure import annual_form_data

    w = org_world
    clerk = w.staff["clerk"]
    for period, total in ((1, "91.5"), (2, "88")):
        db.session.add(
            PeriodSheet(
                agency_id=w.agency.id,
                cycle_id=w.cycle.id,
                staff_id=clerk.id,
                period=period,
                regime="D335",
                status="scored",
                general_self={},
                items=[],
                manager_general=Decimal("27"),
                manager_task=Decimal(total) - 27,
                manager_total=Decimal(total),
            )
        )
    db.session.flush()
    data = annual_form_data(w.cycle, clerk)
    assert data.period_scores[:2] == (("I", Decimal("91.5")), ("II", Decimal("88")))
    text = re.sub(r"\s+", " ", pdf_text(pdf.annual_form_pdf(data)))
    assert "91,5" in text and "88" in text and "Tổng điểm trung" in text
    assert "89,75" in text  # the mean of the two scored quarters


def test_notices_cite_the_law_count_per_level_and_number_each_person(org_world):
    from evaluation.queries.disclosure import notice_data, personal_notice_data
    from evaluation.services.disclosure import scope_unit_ids

    from .disclosure_factories import decide_all, publish

    w = org_world
    decisions = decide_all(w)
    decisions["clerk"].level = Level.KHTNV
    decisions["clerk"].reason = "Để chậm 3 hồ sơ quá hạn"
    db.session.flush()
    publication, _d = publish(w, decisions=decisions)
    data = notice_data(publication, scope_unit_ids(publication))
    text = re.sub(r"\s+", " ", pdf_text(pdf.notice_pdf(data)))
    assert "Số: 07/TB-SNV" in text
    assert "Căn cứ Nghị định số 335/2025/NĐ-CP" in text and "Nghị định số 233/2026/NĐ-CP" in text
    assert "07 ngày làm việc" in text and "Điều 22 Nghị định số 335/2025/NĐ-CP" in text
    assert sum(n for _label, n in data.totals) == len(data.rows)
    assert "Không hoàn thành nhiệm vụ: 1 người" in text
    assert "- Lưu: VT, TCCB." in text and "Như trên" not in text
    # Organisation order: within a unit the head comes first.
    names = [r.full_name for r in data.rows]
    assert names.index("Nguyễn Thị Ánh Tuyết") < names.index("Trương Quốc Hưng")
    # Every personal notice has its own number; the clerk's says why KHTNV, to "Ông".
    clerk = personal_notice_data(publication, w.staff["clerk"], decisions["clerk"])
    employee = personal_notice_data(publication, w.staff["employee"], decisions["employee"])
    director = personal_notice_data(publication, w.staff["director"], decisions["director"])
    assert clerk.number and clerk.number != 7 and clerk.symbol == "TB-SNV"
    assert clerk.signer_name == "Lý Công Uẩn" and clerk.salutation == "Ông"
    text = re.sub(r"\s+", " ", pdf_text(pdf.personal_notice_pdf(clerk)))
    assert "Kính gửi: Ông Trương Quốc Hưng" in text
    assert "Lý do: Để chậm 3 hồ sơ quá hạn." in text and "07 ngày làm việc" in text
    assert f"Số: {clerk.number:02d}/TB-SNV" in text
    # The public service unit's own register, header and head.
    assert employee.symbol == "TB-TTLT" and employee.number == 1
    assert employee.agency_name == "Trung tâm Lưu trữ lịch sử"
    assert employee.signer_name == "Dương Thị Mỹ Lệ" and employee.salutation == "Bà"
    # The director's notice comes from outside: a draft for the Chairman, never the deputy.
    assert director.draft and director.number is None
    assert director.signer_name == "Trần Quốc Vượng"
    text = re.sub(r"\s+", " ", pdf_text(pdf.personal_notice_pdf(director)))
    assert "DỰ THẢO" in text and "Ngô Thành Lợi" not in text
    issued = db.session.query(OutgoingDocument).all()
    keys = [(d.issuer, d.year, d.doc_type, d.number) for d in issued]
    assert len(keys) == len(set(keys))


def test_the_agency_head_is_never_in_the_agencys_own_decision_or_totals(org_world):
    """The Director is classified by the Chairman (Decree 335 Art 21.1(d)): the Sở's decision
    and the totals of its notice leave him out; the notice posts the outside decision apart."""
    from evaluation.queries.disclosure import decision_doc_data, notice_data
    from evaluation.services.disclosure import scope_unit_ids

    from .disclosure_factories import decide_all, publish

    w = org_world
    decisions = decide_all(w)
    db.session.add(
        ExternalDecision(
            agency_id=w.agency.id,
            cycle_id=w.cycle.id,
            staff_id=w.staff["director"].id,
            issuer_body="Ủy ban nhân dân tỉnh Hà Nam",
            number="125/QĐ-UBND",
            signed_on=date(2026, 12, 8),
            signer_post="Chủ tịch",
            signer_name="Trần Quốc Vượng",
            level=Level.HTT,
        )
    )
    db.session.flush()
    publication, _d = publish(w, decisions=decisions)
    decision_doc = decision_doc_data(w.cycle)
    notice = notice_data(publication, scope_unit_ids(publication))
    for data in (decision_doc, notice):
        names = [r.full_name for r in data.rows]
        assert "Lý Công Uẩn" not in names and "Ngô Thành Lợi" in names
    assert sum(n for _label, n in notice.totals) == len(notice.rows) == len(decision_doc.rows)
    assert f"đối với {len(decision_doc.rows)} " in decision_doc.articles[0]
    # (a line may break after the hyphen of "125/QĐ-UBND")
    text = re.sub(r"\s+", " ", pdf_text(pdf.notice_pdf(notice))).replace("- ", "-")
    assert (
        "Kết quả xếp loại chất lượng năm 2026 của Ông Lý Công Uẩn, Giám đốc Sở, do Chủ tịch "
        "Ủy ban nhân dân tỉnh Hà Nam quyết định tại Quyết định số 125/QĐ-UBND ngày 08/12/2026: "
        "Hoàn thành tốt nhiệm vụ."
    ) in text


def test_minutes_are_of_a_meeting_held_before_the_decisions(org_world):
    from datetime import timedelta

    from evaluation._time import today
    from evaluation.services import meetings

    from .disclosure_factories import decide_all

    w = org_world
    dept = w.units["dept"]
    members = meetings.unit_members(dept.id)
    rows = [{"staff_id": m.id, "present": True, "summary": "Thống nhất."} for m in members]
    data = {
        "place": "Phòng họp",
        "chair_id": w.staff["head"].id,
        "secretary_id": w.staff["clerk"].id,
    }
    with pytest.raises(ValidationError) as future:
        meetings.save_meeting(w.cycle, dept, {**data, "held_on": today() + timedelta(days=1)}, rows)
    assert "tương lai" in str(future.value)
    decide_all(w, on=today() - timedelta(days=3))
    with pytest.raises(ValidationError) as late:
        meetings.save_meeting(w.cycle, dept, {**data, "held_on": today() - timedelta(days=1)}, rows)
    assert "trước khi quyết định" in str(late.value)
    meeting = meetings.save_meeting(
        w.cycle, dept, {**data, "held_on": today() - timedelta(days=4)}, rows
    )
    assert meeting.held_on < today()


def test_hr_records_the_outside_decision_for_the_agency_head(client, auth, org_world):
    from evaluation.models import AuditLog, Decision, UnitEvaluation

    w = org_world
    director = w.staff["director"]
    url = f"/ranking/{w.cycle.id}/staff/{director.id}/outside"
    auth.login("tccb")
    page = client.get(url).get_data(as_text=True)
    assert "Trần Quốc Vượng" in page  # the superior recorded for the agency, as a start
    # A civil servant of a phòng is decided inside the agency: no such page.
    assert (
        client.get(f"/ranking/{w.cycle.id}/staff/{w.staff['clerk'].id}/outside").status_code == 404
    )
    data = {
        "issuer_body": "Ủy ban nhân dân tỉnh Hà Nam",
        "number": "125/QĐ-UBND",
        "signed_on": "13/11/2026",
        "signer_post": "Phó Chủ tịch Ủy ban nhân dân tỉnh",
        "signer_name": "Đinh Tiên Hoàng",
        "level": "HTT",
    }
    bad = client.post(url, data={**data, "number": "một hai lăm", "signed_on": "02/12/2027"})
    html = bad.get_data(as_text=True)
    assert bad.status_code == 422
    assert (
        "Số, ký hiệu theo dạng 125/QĐ-UBND." in html and "Ngày ký không được ở tương lai." in html
    )
    assert "Đinh Tiên Hoàng" in html  # what was typed stays
    assert db.session.query(ExternalDecision).count() == 0
    # The outside level still respects the law's checks: a head not above their unit.
    refused = client.post(url, data=data).get_data(as_text=True)
    assert "chưa được xếp loại: mức của người đứng đầu không được cao hơn" in refused
    assert db.session.query(ExternalDecision).count() == 0
    board = director.unit
    db.session.add(UnitEvaluation(cycle_id=w.cycle.id, unit_id=board.id, level=Level.HTT))
    db.session.commit()
    assert client.post(url, data=data).status_code == 302
    recorded = db.session.query(ExternalDecision).one()
    assert (recorded.number, recorded.level) == ("125/QĐ-UBND", Level.HTT)
    decision = db.session.query(Decision).filter_by(staff_id=director.id).one()
    assert decision.level == Level.HTT
    assert decision.reason == (
        "Theo Quyết định số 125/QĐ-UBND ngày 13/11/2026 của Ủy ban nhân dân tỉnh Hà Nam."
    )
    authority = authority_for(w.cycle, director)
    assert (authority.name, authority.decision_number) == ("Đinh Tiên Hoàng", "125/QĐ-UBND")
    audit = db.session.query(AuditLog).filter_by(entity="external_decision").one()
    assert audit.after["number"] == "125/QĐ-UBND"
    # Only HR records it.
    auth.logout()
    auth.login("truongphong")
    assert client.get(url).status_code == 403
