"""Disclosure: deadlines in working days, publication, the results page, petitions, PDFs."""

from __future__ import annotations

import subprocess
import sys
import types
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from evaluation import workdays
from evaluation._time import today
from evaluation.extensions import db
from evaluation.models import AuditLog, Decision, DecisionStatus, Level, Petition, Publication
from evaluation.services import ValidationError, disclosure
from exports.excel import iter_sheet_values

from .disclosure_factories import decide_all, publish


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-layout", "-", "-"], input=content, capture_output=True
    )
    assert done.returncode == 0
    return done.stdout.decode()


# --- working days -------------------------------------------------------------------------


def test_deadline_skips_hung_kings_30_4_and_1_5():
    # Friday 24/04/2026; 26/04 Hùng Kings (Sunday) observed Monday 27/04; 30/04 and 01/05.
    decided = date(2026, 4, 24)
    assert not workdays.is_working_day(date(2026, 4, 27))
    assert not workdays.is_working_day(date(2026, 4, 30))
    assert not workdays.is_working_day(date(2026, 5, 1))
    assert workdays.disclosure_deadline(decided) == date(2026, 5, 6)
    assert disclosure.lateness_warning(decided, date(2026, 5, 6)) is None
    warning = disclosure.lateness_warning(decided, date(2026, 5, 7))
    assert warning and "06/05/2026" in warning


def test_deadline_skips_tet_and_weekends():
    # Friday 13/02/2026, then Tết from 16 to 20 February.
    assert workdays.disclosure_deadline(date(2026, 2, 13)) == date(2026, 2, 27)
    # An ordinary week: Monday → the next Monday.
    assert workdays.disclosure_deadline(date(2026, 6, 1)) == date(2026, 6, 8)
    assert workdays.add_working_days(date(2026, 6, 5), 1) == date(2026, 6, 8)


def test_posting_lasts_twenty_consecutive_days():
    assert workdays.visible_until(date(2026, 5, 6)) == date(2026, 5, 25)
    assert (workdays.visible_until(date(2026, 5, 6)) - date(2026, 5, 6)).days + 1 == 20


# --- publishing ----------------------------------------------------------------------------


def _publish_form(**over):
    data = {
        "unit_id": "0",
        "decided_on": "24/04/2026",
        "published_on": "07/05/2026",
        "visible_until": "",
        "method": "intranet",
        "notice_number": "5",
        "notice_date": "07/05/2026",
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_post": "PHÓ GIÁM ĐỐC",
        "signer_name": "Đỗ Ngọc Hân",
        "note": "",
    }
    data.update(over)
    return data


def test_late_publication_is_recorded_with_a_warning(client, auth, world):
    decide_all(world, on=date(2026, 4, 24))
    db.session.commit()
    auth.login("tccb")
    response = client.post(
        f"/disclosure/cycles/{world.cycle.id}/publish", data=_publish_form(), follow_redirects=True
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Công khai muộn" in html and "06/05/2026" in html
    publication = db.session.scalars(select(Publication)).one()
    assert publication.late and publication.deadline == date(2026, 5, 6)
    assert publication.visible_until == date(2026, 5, 26)
    audit = db.session.scalars(select(AuditLog).where(AuditLog.entity == "publication")).one()
    assert audit.action == "publish" and "Công khai muộn" in audit.reason


def test_publishing_needs_approved_results_and_twenty_days(client, auth, world):
    decide_all(world, approved=False)
    db.session.commit()
    auth.login("tccb")
    response = client.post(
        f"/disclosure/cycles/{world.cycle.id}/publish",
        data=_publish_form(visible_until="10/05/2026", signer_name="Người <b>ký</b>"),
    )
    html = response.get_data(as_text=True)
    assert "Chưa có kết quả xếp loại đã được phê duyệt" in html
    assert "ít nhất 20 ngày liên tục" in html
    assert "Người &lt;b&gt;ký&lt;/b&gt;" in html  # typed text kept, escaped
    assert db.session.scalar(select(func.count(Publication.id))) == 0


def test_results_page_lists_names_and_levels_only(client, auth, world):
    publication, _d = publish(world)
    auth.login("dongnghiep")  # a colleague: plain staff member
    response = client.get(f"/disclosure/{publication.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name in ("Trương Quốc Hưng", "Hoàng Thị Lụa", "Hoàn thành xuất sắc nhiệm vụ"):
        assert name in html
    assert "Lý do riêng" not in html and "Điểm bình quân" not in html and "91" not in html


def test_after_expiry_staff_request_access_and_hr_grants(client, auth, world):
    publication, _d = publish(
        world, published_on=today() - timedelta(days=25), decided_on=today() - timedelta(days=26)
    )
    assert publication.visible_until == today() - timedelta(days=6)
    auth.login("dongnghiep")
    response = client.get(f"/disclosure/{publication.id}")
    assert response.status_code == 302 and "request-access" in response.headers["Location"]
    client.post(
        f"/disclosure/{publication.id}/request-access", data={"reason": "Hồ sơ thi nâng ngạch"}
    )
    auth.logout()
    auth.login("tccb")
    request_id = db.session.scalars(
        select(AuditLog.entity_id).where(AuditLog.entity == "access_request")
    ).one()
    client.post(f"/disclosure/access/{request_id}/grant")
    auth.logout()
    auth.login("dongnghiep")
    response = client.get(f"/disclosure/{publication.id}")
    assert response.status_code == 200
    assert "Trương Quốc Hưng" in response.get_data(as_text=True)


def test_other_agency_cannot_see_the_publication(client, auth, world):
    publication, _d = publish(world)
    auth.login("tccb-yte")
    assert client.get(f"/disclosure/{publication.id}").status_code == 404
    assert client.get(f"/disclosure/{publication.id}/notice.pdf").status_code == 404


# --- petitions -----------------------------------------------------------------------------


@pytest.fixture
def fake_reclassify(monkeypatch):
    """The decisions branch provides reclassify(); this fake does what it promises."""
    calls = []

    def reclassify(decision, level, reason, user):
        calls.append((decision.id, level, reason))
        decision.status = DecisionStatus.REPLACED
        new = Decision(
            cycle_id=decision.cycle_id,
            staff_id=decision.staff_id,
            regime=decision.regime,
            level=level,
            reason=reason,
            status=DecisionStatus.APPROVED,
            replaces_id=decision.id,
            decided_by_id=user.id,
        )
        db.session.add(new)
        db.session.flush()
        return new

    module = types.ModuleType("evaluation.services.decisions")
    module.reclassify = reclassify
    monkeypatch.setitem(sys.modules, "evaluation.services.decisions", module)
    return calls


def test_petition_accepted_leads_to_a_replacing_decision(client, auth, world, fake_reclassify):
    publication, decisions = publish(world)
    auth.login("congchuc")
    response = client.post(
        f"/disclosure/{publication.id}/petition", data={"text": "Tôi đã hoàn thành vượt kế hoạch."}
    )
    assert response.status_code == 302
    petition = db.session.scalars(select(Petition)).one()
    auth.logout()
    auth.login("tccb")  # HR keeps the file but has no authority over the clerk's level
    page = client.get(f"/disclosure/petitions/{petition.id}").get_data(as_text=True)
    assert 'value="accept"' not in page and 'value="reject"' not in page
    assert "Nguyễn Thị Ánh Tuyết" in page  # the head who decides is named
    response = client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "accept", "level": "HTXS", "answer": "Chấp nhận"},
    )
    assert response.status_code == 200 and "Lựa chọn không hợp lệ." in response.get_data(
        as_text=True
    )
    db.session.refresh(petition)
    assert petition.status.value == "open" and not fake_reclassify
    auth.logout()
    auth.login("truongphong")  # the clerk's head sees it and decides
    assert "Trương Quốc Hưng" in client.get("/disclosure/petitions").get_data(as_text=True)
    client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "accept", "level": "", "answer": "Chấp nhận"},
    )
    db.session.refresh(petition)
    assert petition.status.value == "open" and not fake_reclassify  # level missing: nothing done
    client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "accept", "level": "HTXS", "answer": "Chấp nhận, xếp loại lại."},
    )
    db.session.refresh(petition)
    assert petition.status.value == "accepted"
    assert petition.replacement_decision.level == Level.HTXS
    assert fake_reclassify == [(decisions["clerk"].id, Level.HTXS, "Chấp nhận, xếp loại lại.")]
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.entity == "petition").order_by(AuditLog.id)
    ).all()
    assert actions == ["file", "accepted"]


def test_petition_only_while_posted_and_only_about_oneself(client, auth, world):
    publication, _d = publish(world, unit=world.units["dept"])
    auth.login("thanhtra")  # outside the published unit: no result to petition about
    assert client.get(f"/disclosure/{publication.id}/petition").status_code == 403
    auth.logout()
    publication.visible_until = today() - timedelta(days=1)
    db.session.commit()
    with pytest.raises(ValidationError) as caught:
        disclosure.file_petition(publication, world.users["staff"], "Xin xem lại")
    assert "trong thời gian kết quả được công khai" in str(caught.value)


def test_petition_rejected_and_closed(client, auth, world):
    publication, _d = publish(world)
    petition = disclosure.file_petition(publication, world.users["staff"], "Xem lại giúp tôi")
    db.session.commit()
    auth.login("dongnghiep")  # another staff member may not read it
    assert client.get(f"/disclosure/petitions/{petition.id}").status_code == 403
    auth.logout()
    auth.login("truongphong")
    client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "reject", "level": "", "answer": "Giữ nguyên kết quả."},
    )
    db.session.refresh(petition)
    assert petition.status.value == "rejected" and petition.answer == "Giữ nguyên kết quả."


# --- documents -----------------------------------------------------------------------------


def test_notice_pdf_has_names_with_diacritics_and_literal_html(client, auth, world):
    world.staff["clerk"].title = "<b>CV</b>"
    publication, _d = publish(world)
    auth.login("tccb")
    response = client.get(f"/disclosure/{publication.id}/notice.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data)
    for expected in ("Trương Quốc Hưng", "Nguyễn Thị Ánh Tuyết", "THÔNG BÁO"):
        assert expected in text
    # The public service unit announces its own viên chức under its own header and number.
    assert "Hoàng Thị Lụa" not in text
    assert "<b>CV</b>" in text
    assert "07/TB-SNV" in text


def test_annual_form_and_personal_notice(client, auth, world):
    publication, _d = publish(world)
    auth.login("congchuc")
    form = client.get(
        f"/disclosure/cycles/{world.cycle.id}/staff/{world.staff['clerk'].id}/annual-form.pdf"
    )
    assert "Trương Quốc Hưng" in pdf_text(form.data)
    notice = client.get(f"/disclosure/{publication.id}/staff/{world.staff['clerk'].id}/notice.pdf")
    text = pdf_text(notice.data)
    assert "Trương Quốc Hưng" in text and "Hoàn thành tốt nhiệm vụ" in text
    # Someone else's notice is not theirs to download.
    other = client.get(
        f"/disclosure/{publication.id}/staff/{world.staff['colleague'].id}/notice.pdf"
    )
    assert other.status_code == 403


def test_results_workbook_for_hr_and_for_a_head(client, auth, world):
    decide_all(world)
    world.staff["clerk"].title = '=HYPERLINK("http://x")'
    db.session.commit()
    auth.login("tccb")
    response = client.get(f"/disclosure/cycles/{world.cycle.id}/results.xlsx")
    assert response.status_code == 200
    cells = [c for row in iter_sheet_values(response.data, "Tổng hợp") for c in row]
    assert any(c for c in cells)
    import io

    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(response.data), read_only=True)
    everything = [
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    ]
    assert "Trương Quốc Hưng" in everything
    assert '=HYPERLINK("http://x")' in everything  # text, never a formula
    assert any("Nghị định 335" in c for c in everything)  # the legal basis sheet
    auth.logout()
    auth.login("truongphong")
    dept = world.units["dept"].id
    response = client.get(f"/disclosure/cycles/{world.cycle.id}/results.xlsx?unit={dept}")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.data), read_only=True)
    names = [
        str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    ]
    assert "Trương Quốc Hưng" in names and "Hoàng Thị Lụa" not in names
    other = world.units["other_dept"].id
    assert (
        client.get(f"/disclosure/cycles/{world.cycle.id}/results.xlsx?unit={other}").status_code
        == 403
    )


def test_home_cards_remind_deadline_results_and_petitions(client, auth, world):
    decisions = decide_all(world)
    db.session.commit()
    auth.login("tccb")
    html = client.get("/").get_data(as_text=True)
    assert "hạn công khai là" in html
    auth.logout()
    publication, _d = publish(world, decisions=decisions)
    disclosure.file_petition(publication, world.users["staff"], "Xem lại giúp tôi")
    db.session.commit()
    auth.login("dongnghiep")
    html = client.get("/").get_data(as_text=True)
    assert "Đang được công khai đến hết ngày" in html and "kiến nghị đang chờ" not in html
    auth.logout()
    auth.login("truongphong")
    assert "1 kiến nghị đang chờ xử lý." in client.get("/").get_data(as_text=True)


def test_posting_record_for_a_printed_notice(client, auth, world):
    publication, _d = publish(world)
    auth.login("tccb")
    future = (today() + timedelta(days=3)).strftime("%d/%m/%Y")
    response = client.post(
        f"/disclosure/{publication.id}/postings",
        data={
            "place": "Bảng tin tầng 1 <trụ sở>",
            "posted_on": future,
            "posted_by": "",
            "note": "",
        },
    )
    html = response.get_data(as_text=True)
    assert "Ngày không được ở tương lai." in html and "Hãy ghi người niêm yết." in html
    assert "Bảng tin tầng 1 &lt;trụ sở&gt;" in html
    assert not publication.postings
    client.post(
        f"/disclosure/{publication.id}/postings",
        data={
            "place": "Bảng tin tầng 1",
            # The form's NotInFuture uses the server's date, the service Vietnam's: take both.
            "posted_on": min(today(), date.today()).strftime("%d/%m/%Y"),
            "posted_by": "Phạm Minh Châu",
            "note": "Ảnh chụp lưu trong hồ sơ",
        },
    )
    db.session.expire_all()
    assert [(p.place, p.posted_by) for p in publication.postings] == [
        ("Bảng tin tầng 1", "Phạm Minh Châu")
    ]
    assert db.session.scalars(select(AuditLog).where(AuditLog.entity == "posting")).one()
    page = client.get(f"/disclosure/{publication.id}").get_data(as_text=True)
    assert "Bảng tin tầng 1" in page and "Phạm Minh Châu" in page
