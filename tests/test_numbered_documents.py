"""Issue 16 points 2 and 6: the posting record (biên bản niêm yết), the reply to a petition and
the number line of the minutes, each numbered in the register of outgoing documents, in PDF
and Word."""

from __future__ import annotations

import io
import re
import sys
import types
from datetime import date

import pytest
from docx import Document
from sqlalchemy import select

from evaluation._time import local_date, today
from evaluation.extensions import db
from evaluation.models import Decision, DecisionStatus, OutgoingDocument, Petition
from evaluation.services import disclosure
from evaluation.services import meetings as meeting_service

from .disclosure_factories import publish
from .exports.exports_samples import pdftext


def docx_text(content: bytes) -> str:
    document = Document(io.BytesIO(content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def flat(text: str) -> str:
    return " ".join(text.split())


def _posting(publication, place: str, by: str = "Phạm Minh Châu", note: str = ""):
    posting = disclosure.record_posting(
        publication,
        {"place": place, "posted_on": today(), "posted_by": by, "note": note},
        publication.created_by,
    )
    db.session.commit()
    return posting


# --- the posting record -------------------------------------------------------------------


def test_posting_record_is_numbered_once_and_printed_in_pdf_and_word(client, auth, world, tmp_path):
    publication, _d = publish(world)
    first = _posting(publication, "Bảng tin <tầng 1> & sảnh", note="Ảnh chụp =lưu hồ sơ")
    second = _posting(publication, "Bảng tin Phòng Công chức", by="Đặng Thùy Dương")
    auth.login("tccb")
    page = client.get(f"/disclosure/{publication.id}").get_data(as_text=True)
    assert f"/disclosure/postings/{first.id}/record.pdf" in page

    response = client.get(f"/disclosure/postings/{first.id}/record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = flat(pdftext(response.data, tmp_path))
    assert "Số: 01/BB-SNV" in text and "DỰ THẢO" not in text
    assert "BIÊN BẢN" in text and "Niêm yết công khai kết quả đánh giá" in text
    assert "Hà Nam, ngày 16 tháng 11 năm 2026" in text
    assert "Thông báo số 07/TB-SNV ngày 16/11/2026 của Sở Nội vụ tỉnh Hà Nam" in text
    # What HR typed prints literally (escaped), the period and the law behind it.
    assert "Bảng tin <tầng 1> & sảnh" in text and "Ghi chú: Ảnh chụp =lưu hồ sơ." in text
    until = publication.visible_until.strftime("%d/%m/%Y")
    assert f"từ ngày 16/11/2026 đến hết ngày {until}" in text
    assert "khoản 2 Điều 48 Luật Thực hiện dân chủ ở cơ sở" in text
    assert "Người niêm yết: Phạm Minh Châu" in text
    for block in ("ĐẠI DIỆN CÔNG ĐOÀN", "NGƯỜI NIÊM YẾT", "Nơi nhận:"):
        assert block in text
    assert "NGƯỜI LẬP BIÊN BẢN" not in text  # HR posted it and drew the record up: one block
    assert "- Lưu: VT, TCCB." in text

    # Downloading again keeps the number; the second posting takes the next one.
    again = flat(pdftext(client.get(f"/disclosure/postings/{first.id}/record.pdf").data, tmp_path))
    assert "Số: 01/BB-SNV" in again
    word = client.get(f"/disclosure/postings/{second.id}/record.pdf?format=docx")
    assert word.mimetype.endswith("wordprocessingml.document")
    words = flat(docx_text(word.data))
    assert "Số: 02/BB-SNV" in words and "Bảng tin Phòng Công chức" in words
    assert "Người niêm yết: Đặng Thùy Dương" in words and "NGƯỜI LẬP BIÊN BẢN" in words
    numbers = db.session.scalars(
        select(OutgoingDocument.number).where(OutgoingDocument.doc_type == "BB")
    ).all()
    assert sorted(numbers) == [1, 2]


def test_posting_record_is_for_hr_only(client, auth, world):
    publication, _d = publish(world)
    posting = _posting(publication, "Bảng tin")
    for username in ("congchuc", "truongphong"):
        auth.login(username)
        assert client.get(f"/disclosure/postings/{posting.id}/record.pdf").status_code == 403
        auth.logout()
    assert (
        db.session.scalars(select(OutgoingDocument).where(OutgoingDocument.doc_type == "BB")).all()
        == []
    )


# --- the minutes --------------------------------------------------------------------------


def _meeting(world):
    s = world.staff
    people = meeting_service.participants(world.units["dept"])
    meeting = meeting_service.save_meeting(
        world.cycle,
        world.units["dept"],
        {
            "held_on": date(2026, 11, 13),
            "place": "Phòng họp tầng 2",
            "chair_id": s["head"].id,
            "secretary_id": s["clerk"].id,
        },
        [
            {
                "staff_id": p.id,
                "present": True,
                "absence_reason": "",
                "summary": "Ý kiến",
                "proposed_level": "HTT",
            }
            for p in people
        ],
    )
    db.session.commit()
    return meeting


def test_minutes_are_numbered_when_adopted_never_as_a_draft(client, auth, world, tmp_path):
    publication, _d = publish(world)
    _posting(publication, "Bảng tin")  # BB 01 goes to a posting record first
    auth.login("tccb")
    client.get(f"/disclosure/postings/{publication.postings[0].id}/record.pdf")
    meeting = _meeting(world)
    url = f"/meetings/{world.cycle.id}/{world.units['dept'].id}/minutes.pdf"
    draft = flat(pdftext(client.get(url).data, tmp_path))
    assert "DỰ THẢO" in draft and re.search(r"Số: /BB-SNV", draft)
    assert "Hà Nam, ngày 13 tháng 11 năm 2026" in draft
    assert not re.search(r"Số: \d+/BB", draft)
    draft_word = flat(docx_text(client.get(url + "?format=docx").data))
    assert "DỰ THẢO" in draft_word and not re.search(r"Số: \d+/BB", draft_word)

    meeting_service.adopt(meeting)
    db.session.commit()
    adopted = flat(pdftext(client.get(url).data, tmp_path))
    assert "Số: 02/BB-SNV" in adopted and "DỰ THẢO" not in adopted
    assert "Nơi nhận:" in adopted and "THƯ KÝ" in adopted and "CHỦ TRÌ" in adopted
    adopted_word = flat(docx_text(client.get(url + "?format=docx").data))
    assert "Số: 02/BB-SNV" in adopted_word and "DỰ THẢO" not in adopted_word
    # A third BB document takes 03: the minutes' number is never reused.
    second = _posting(publication, "Bảng tin tầng 2")
    text = flat(pdftext(client.get(f"/disclosure/postings/{second.id}/record.pdf").data, tmp_path))
    assert "Số: 03/BB-SNV" in text


# --- the reply to a petition ----------------------------------------------------------------


@pytest.fixture
def fake_reclassify(monkeypatch):
    """The decisions module's reclassify(), reduced to what a petition needs."""

    def reclassify(decision, level, reason, user):
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


def _petition(world, text: str) -> Petition:
    publication, _d = publish(world)
    petition = disclosure.file_petition(publication, world.users["staff"], text)
    world.staff["head"].title = "Trưởng phòng Công chức, viên chức"
    db.session.commit()
    return petition


def test_reply_to_a_rejected_petition_is_signed_by_the_head_who_decided(
    client, auth, world, tmp_path
):
    petition = _petition(world, "Tôi đề nghị xem lại <b>mức</b> xếp loại.")
    auth.login("congchuc")
    url = f"/disclosure/petitions/{petition.id}/reply.pdf"
    assert client.get(url).status_code == 404  # nothing to reply with while open
    auth.logout()
    auth.login("truongphong")
    client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "reject", "level": "", "answer": "Giữ nguyên & <i>không</i> thay đổi."},
    )
    db.session.refresh(petition)
    assert petition.status.value == "rejected"
    # Settling registers the reply: a Công văn of the agency, drafted by HR.
    document = db.session.scalars(
        select(OutgoingDocument).where(OutgoingDocument.ref == f"petition_reply:{petition.id}")
    ).one()
    assert (document.doc_type, document.number_symbol) == ("CV", "01/SNV-TCCB")
    auth.logout()

    auth.login("congchuc")  # the petitioner downloads it from the petition page
    page = client.get(f"/disclosure/petitions/{petition.id}").get_data(as_text=True)
    assert f"/disclosure/petitions/{petition.id}/reply.pdf" in page
    text = flat(pdftext(client.get(url).data, tmp_path))
    assert "Số: 01/SNV-TCCB" in text and "DỰ THẢO" not in text
    assert "V/v trả lời kiến nghị về kết quả đánh giá, xếp loại chất lượng năm 2026" in text
    assert "Kính gửi: Ông Trương Quốc Hưng, Phòng Công chức, viên chức." in text
    filed = local_date(petition.created_at)
    assert f"Ngày {filed:%d/%m/%Y}, Sở Nội vụ tỉnh Hà Nam nhận được kiến nghị của Ông" in text
    assert "Tôi đề nghị xem lại <b>mức</b> xếp loại." in text  # literal, not markup
    assert "Giữ nguyên & <i>không</i> thay đổi." in text
    assert "Căn cứ Điều 22 Nghị định số 335/2025/NĐ-CP;" in text
    assert "giữ nguyên mức xếp loại chất lượng năm 2026 của Ông là Hoàn thành tốt nhiệm vụ" in text
    assert "TRƯỞNG PHÒNG" in text and "Nguyễn Thị Ánh Tuyết" in text
    assert "Phạm Minh Châu" not in text  # never the HR clerk when a head decides
    assert "- Như trên;" in text and "- Lưu: VT, TCCB, hồ sơ cá nhân." in text
    words = flat(docx_text(client.get(url + "?format=docx").data))
    assert "Số: 01/SNV-TCCB" in words and "Kính gửi: Ông Trương Quốc Hưng" in words
    assert "Tôi đề nghị xem lại <b>mức</b> xếp loại." in words and "Nguyễn Thị Ánh Tuyết" in words
    auth.logout()

    auth.login("tccb")  # HR re-downloads: the same number, no second registration
    assert "Số: 01/SNV-TCCB" in flat(pdftext(client.get(url).data, tmp_path))
    assert (
        len(
            db.session.scalars(
                select(OutgoingDocument).where(OutgoingDocument.doc_type == "CV")
            ).all()
        )
        == 1
    )
    auth.logout()
    auth.login("dongnghiep")  # another member of staff
    assert client.get(url).status_code == 403


def test_reply_to_an_accepted_petition_gives_the_new_level(
    client, auth, world, tmp_path, fake_reclassify
):
    petition = _petition(world, "Tôi hoàn thành vượt kế hoạch.")
    auth.login("truongphong")
    client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "accept", "level": "HTXS", "answer": "Chấp nhận, xếp loại lại."},
    )
    text = flat(
        pdftext(client.get(f"/disclosure/petitions/{petition.id}/reply.pdf").data, tmp_path)
    )
    assert "Số: 01/SNV-TCCB" in text
    assert "chấp nhận kiến nghị" in text
    assert "được điều chỉnh từ Hoàn thành tốt nhiệm vụ thành Hoàn thành xuất sắc nhiệm vụ" in text
