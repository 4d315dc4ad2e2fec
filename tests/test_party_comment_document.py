"""The party committee's written comments about a head or deputy, as a Party document (issue 16):
PDF and Word from one record, numbered in the Party organisation's own register, drafts without
number, who may download them, and the opinion shown where the authority decides."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import OutgoingDocument
from evaluation.services import ValidationError, register
from evaluation.services import meetings as meeting_service

from . import factories
from .exports.exports_samples import docx_text, pdftext
from .test_party import PartyWorld

TYPED = "Gương mẫu, <b>đoàn kết</b>; giữ gìn phẩm chất.\nCần quyết liệt hơn trong chỉ đạo."


@pytest.fixture(autouse=True)
def _in_window(monkeypatch):
    monkeypatch.setattr(_time, "today", lambda: date(2026, 12, 3))


@pytest.fixture
def org(world):
    return PartyWorld(world).org  # "Đảng bộ Sở Nội vụ", ĐẢNG ỦY SỞ NỘI VỤ, symbol ĐU, Hà Nam


def _save(world, staff, *, final=True, signer="Trần Văn Bí", text=TYPED):
    comment = meeting_service.save_party_comment(
        world.cycle,
        staff,
        text,
        world.users["party_committee"],
        final=final,
        signer_post="Bí thư",
        signer_name=signer,
    )
    db.session.commit()
    return comment


def _url(world, staff, fmt="pdf"):
    return f"/meetings/party/{world.cycle.id}/{staff.id}/nhan-xet.{fmt}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_the_final_comments_print_as_a_numbered_party_document(client, auth, world, org, tmp_path):
    head = world.staff["head"]
    _save(world, head)
    auth.login("tccb")
    response = client.get(_url(world, head))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = _flat(pdftext(response.data, tmp_path))
    for expected in (
        "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH",
        "ĐẢNG ỦY SỞ NỘI VỤ",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 01-NX/ĐU",
        "NHẬN XÉT, ĐÁNH GIÁ",
        "của Ban Chấp hành Đảng bộ Sở Nội vụ đối với đồng chí Nguyễn Thị Ánh Tuyết",
        f"Chức vụ: {head.title}",
        "Phòng Công chức, viên chức",
        "Gương mẫu, <b>đoàn kết</b>; giữ gìn phẩm chất.",  # typed markup prints as text
        "Cần quyết liệt hơn trong chỉ đạo.",
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
        "Trần Văn Bí",
        "Nơi nhận:",
        "Lưu Văn phòng Đảng ủy.",
    ):
        assert expected in text, expected
    assert "DỰ THẢO" not in text

    response = client.get(_url(world, head, "docx"))
    assert response.status_code == 200
    word, document = docx_text(response.data)
    word = _flat(word)
    for expected in (
        "ĐẢNG ỦY SỞ NỘI VỤ",
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "Số 01-NX/ĐU",
        "NHẬN XÉT, ĐÁNH GIÁ",
        "Nguyễn Thị Ánh Tuyết",
        "Gương mẫu, <b>đoàn kết</b>; giữ gìn phẩm chất.",
        "T/M ĐẢNG ỦY",
        "BÍ THƯ",
        "Trần Văn Bí",
    ):
        assert expected in word, expected
    assert "DỰ THẢO" not in word
    assert round(document.sections[0].page_width.mm) == 210


def test_a_draft_says_so_and_takes_no_number(client, auth, world, org, tmp_path):
    head = world.staff["head"]
    _save(world, head, final=False)
    auth.login("capuy")
    text = _flat(pdftext(client.get(_url(world, head)).data, tmp_path))
    assert "DỰ THẢO" in text and "Gương mẫu" in text
    assert "Số 0" not in text and "-NX/" not in text
    word, _doc = docx_text(client.get(_url(world, head, "docx")).data)
    assert "DỰ THẢO" in word and "-NX/" not in word
    # Final but nobody to sign: still a draft, still no number.
    _save(world, head, final=True, signer="")
    assert db.session.scalars(select(OutgoingDocument)).all() == []


def test_numbers_are_never_reused_and_stay_apart_from_the_agency(world, org):
    head = world.staff["head"]
    deputy = factories.make_staff(
        world.agency, world.units["dept"], name="Phan Văn Phó", position="manager", code="PHO01"
    )
    db.session.commit()
    first = _save(world, head)
    second = _save(world, deputy)
    documents = db.session.scalars(
        select(OutgoingDocument).where(OutgoingDocument.doc_type == "NX")
    ).all()
    assert sorted(d.number for d in documents) == [1, 2]
    assert {d.issuer for d in documents} == {"party:DBSNV"}
    assert {d.number_symbol for d in documents} == {"01/NX-ĐU", "02/NX-ĐU"}
    refs = {d.ref for d in documents}
    assert refs == {f"party_comment:{first.id}", f"party_comment:{second.id}"}
    # Issued, the comments are locked: the number can never be given to other words.
    with pytest.raises(ValidationError, match="đã ban hành"):
        _save(world, head, text="Ý kiến khác")
    db.session.rollback()
    assert db.session.get(type(first), first.id).text == TYPED
    # The agency's own notices number from 1 on their own register.
    from evaluation.services.authority import agency_issuer

    notice = register.issue(world.agency.id, agency_issuer(world.agency), "TB", "x", date.today())
    assert notice.number == 1 and notice.issuer == world.agency.code


def test_who_may_download(client, auth, world, org):
    head = world.staff["head"]
    _save(world, head, final=False)
    auth.login("congchuc")
    assert client.get(_url(world, head)).status_code == 403
    auth.logout()
    auth.login("truongphong")  # the person: not while it is a draft
    assert client.get(_url(world, head)).status_code == 403
    _save(world, head)
    assert client.get(_url(world, head)).status_code == 200
    auth.logout()
    auth.login("tccb-yte")  # another agency's HR
    assert client.get(_url(world, head)).status_code == 404


def test_the_opinion_shows_where_the_authority_decides(client, auth, world, org):
    head = world.staff["head"]
    _save(world, head, text="Gương mẫu <i>trong</i> công tác")
    auth.login("tccb")
    html = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}").get_data(
        as_text=True
    )
    assert "Ý kiến của cấp ủy" in html
    assert "Gương mẫu &lt;i&gt;trong&lt;/i&gt; công tác" in html
    assert _url(world, head) in html


def test_no_party_organisation_gives_a_clear_message(client, auth, world):
    head = world.staff["head"]
    meeting_service.save_party_comment(world.cycle, head, "Tốt", world.users["party_committee"])
    db.session.commit()
    auth.login("capuy")
    response = client.get(_url(world, head), follow_redirects=True)
    assert "chưa khai báo tổ chức đảng" in response.get_data(as_text=True)


def test_the_committee_issues_from_its_page_and_then_cannot_edit(client, auth, world, org):
    head = world.staff["head"]
    auth.login("capuy")
    url = f"/meetings/party/{world.cycle.id}/{head.id}"
    data = {"text": "Gương mẫu", "signer_post": "Phó Bí thư", "signer_name": "Lê Phó"}
    client.post(url, data=data, follow_redirects=True)
    assert db.session.scalars(select(OutgoingDocument)).all() == []  # not final: a draft
    client.post(url, data={**data, "final": "y"}, follow_redirects=True)
    issued = db.session.scalars(select(OutgoingDocument)).one()
    assert issued.number_symbol == "01/NX-ĐU" and issued.signer_name == "Lê Phó"
    html = client.get(url).get_data(as_text=True)
    assert "Văn bản đã ban hành nên ý kiến không sửa được nữa." in html
    assert 'name="text"' not in html
    response = client.post(url, data={**data, "text": "Khác", "final": "y"})
    assert "đã ban hành nên không sửa được nữa" in response.get_data(as_text=True)
    assert db.session.scalars(select(OutgoingDocument)).one().number == 1


def test_the_meeting_page_links_the_document(client, auth, world, org):
    head = world.staff["head"]
    _save(world, head, final=False)
    auth.login("tccb")
    html = client.get(f"/meetings/{world.cycle.id}/{world.units['dept'].id}").get_data(as_text=True)
    assert _url(world, head) in html and _url(world, head, "docx") in html
    assert "dự thảo" in html
