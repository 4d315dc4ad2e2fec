"""People sign what is theirs with their own key: the person their annual form once the result
is approved, the chair and the secretary the adopted minutes, the head the registered decision
(then the organisation). The signed bytes are kept and served; a certificate of someone else or
of an untrusted issuer is refused and nothing changes."""

from __future__ import annotations

import io
from datetime import date

import pytest
from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import AuditLog, Meeting, SignedDocument
from evaluation.queries.disclosure import approval_ref
from evaluation.services import register
from evaluation.services.authority import agency_issuer
from evaluation.services.signing import form_ref
from exports import signing
from tests.disclosure_factories import decide_all
from tests.pki import PASSPHRASE, SOFTHSM_LIBRARY, TestCA, ca_file, softhsm_token

ORG = "Sở Nội vụ tỉnh Hà Nam"


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA.make()


@pytest.fixture
def trust(app, ca, tmp_path):
    org = tmp_path / "co-quan.p12"
    org.write_bytes(ca.pkcs12(ORG, ORG))
    app.config.update(
        SIGNING_TRUST_ROOTS=str(ca_file(ca, tmp_path)),
        SIGNING_PKCS12_FILE=str(org),
        SIGNING_PKCS12_PASSPHRASE=PASSPHRASE.decode(),
    )
    yield
    app.config.update(
        SIGNING_TRUST_ROOTS="",
        SIGNING_PKCS12_FILE="",
        SIGNING_PKCS12_PASSPHRASE="",
        SIGNING_PKCS11_LIBRARY="",
    )


def _sign(client, place: str, p12: bytes | None = None, passphrase: bytes = PASSPHRASE, pin=""):
    data = {"passphrase": passphrase.decode(), "pin": pin}
    if p12 is not None:
        data["p12"] = (io.BytesIO(p12), "khoa-ca-nhan.p12")
    return client.post(
        f"/signatures/sign?place={place}", data=data, content_type="multipart/form-data"
    )


def _form_place(world, decisions) -> str:
    clerk = world.staff["clerk"]
    return form_ref(world.cycle.id, clerk.id, decisions["clerk"].id) + "|person"


def test_the_person_signs_their_own_form_and_downloads_the_signed_bytes(
    client, auth, world, ca, trust
):
    decisions = decide_all(world)
    db.session.commit()
    auth.login("congchuc")
    page = client.get("/signatures/").get_data(as_text=True)
    assert "Phiếu đánh giá, xếp loại chất lượng năm 2026 của bạn" in page and "Chưa ký" in page
    place = _form_place(world, decisions)
    response = _sign(client, place, ca.pkcs12("Trương Quốc Hưng", ORG))
    assert response.status_code == 302
    stored = db.session.scalars(select(SignedDocument)).one()
    assert stored.ref == place.split("|")[0] and stored.signer_name == "Trương Quốc Hưng"
    clerk = world.staff["clerk"]
    download = client.get(f"/disclosure/cycles/{world.cycle.id}/staff/{clerk.id}/annual-form.pdf")
    assert download.data == stored.content
    (check,) = signing.verify(download.data, [ca.der])
    assert check.valid and check.signer == "Trương Quốc Hưng" and check.field == "NguoiTuDanhGia"
    audit = db.session.scalars(select(AuditLog).where(AuditLog.action == "sign")).one()
    assert audit.after["ref"] == stored.ref and audit.after["signer"] == "Trương Quốc Hưng"
    assert "Bạn đã ký số" in client.get("/signatures/").get_data(as_text=True)
    again = _sign(client, place, ca.pkcs12("Trương Quốc Hưng", ORG))  # once is enough
    assert again.status_code == 422 and "Bạn đã ký số văn bản này." in again.get_data(as_text=True)
    assert signing.signature_fields(db.session.get(SignedDocument, stored.id).content) == [
        "NguoiTuDanhGia"
    ]


@pytest.mark.parametrize(
    ("holder", "issuer", "passphrase", "message"),
    [
        ("Đặng Thùy Dương", "test", PASSPHRASE, "Chứng thư số mang tên Đặng Thùy Dương"),
        ("Trương Quốc Hưng", "other", PASSPHRASE, "không do tổ chức chứng thực được tin cậy"),
        ("Trương Quốc Hưng", "test", b"sai-mat-khau", "tệp hỏng hoặc sai mật khẩu"),
    ],
)
def test_a_key_that_is_not_the_persons_is_refused_and_changes_nothing(
    client, auth, world, ca, trust, holder, issuer, passphrase, message
):
    decisions = decide_all(world)
    db.session.commit()
    auth.login("congchuc")
    authority = ca if issuer == "test" else TestCA.make("CA lạ")
    response = _sign(
        client, _form_place(world, decisions), authority.pkcs12(holder, ORG), passphrase
    )
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.query(SignedDocument).count() == 0
    assert db.session.query(AuditLog).filter(AuditLog.action == "sign").count() == 0


def test_no_key_given_is_explained_next_to_the_field(client, auth, world, trust):
    decisions = decide_all(world)
    db.session.commit()
    auth.login("congchuc")
    response = _sign(client, _form_place(world, decisions))
    assert response.status_code == 422
    assert "Hãy chọn tệp khóa ký số (.p12, .pfx) của bạn." in response.get_data(as_text=True)


def test_nobody_signs_another_persons_form(client, auth, world, ca, trust):
    decisions = decide_all(world)
    db.session.commit()
    auth.login("dongnghiep")
    place = _form_place(world, decisions)
    assert _sign(client, place, ca.pkcs12("Đặng Thùy Dương", ORG)).status_code == 404
    assert client.get(f"/signatures/copy?place={place}").status_code == 404


def test_an_unapproved_result_has_no_form_to_sign(client, auth, world, trust):
    decide_all(world, approved=False)
    db.session.commit()
    auth.login("congchuc")
    assert "Hiện không có văn bản nào chờ bạn ký." in client.get("/signatures/").get_data(
        as_text=True
    )


def _adopted_meeting(world) -> Meeting:
    meeting = Meeting(
        agency_id=world.agency.id,
        cycle_id=world.cycle.id,
        unit_id=world.units["dept"].id,
        held_on=date(2026, 11, 12),
        place="Phòng họp số 2",
        chair_id=world.staff["head"].id,
        secretary_id=world.staff["colleague"].id,
        status="adopted",
    )
    db.session.add(meeting)
    db.session.commit()
    return meeting


def test_chair_and_secretary_sign_the_minutes_the_secretary_on_a_pkcs11_token(
    app, client, auth, world, ca, trust, tmp_path
):
    meeting = _adopted_meeting(world)
    secretary = world.staff["colleague"]
    token = softhsm_token(
        ca, tmp_path, secretary.full_name, ORG, label=secretary.code, key_label=secretary.code
    )
    app.config.update(SIGNING_PKCS11_LIBRARY=SOFTHSM_LIBRARY)
    auth.login("truongphong")
    assert (
        _sign(
            client, f"minutes:{meeting.id}|chair", ca.pkcs12("Nguyễn Thị Ánh Tuyết", ORG)
        ).status_code
        == 302
    )
    auth.logout()
    auth.login("dongnghiep")
    wrong = _sign(client, f"minutes:{meeting.id}|secretary", pin="000000")
    assert wrong.status_code == 422 and "kiểm tra mã PIN" in wrong.get_data(as_text=True)
    assert _sign(client, f"minutes:{meeting.id}|secretary", pin=token.pin).status_code == 302
    stored = db.session.scalars(select(SignedDocument)).one()
    checks = signing.verify(stored.content, [ca.der])
    assert [(c.field, c.signer, c.valid) for c in checks] == [
        ("ChuTri", "Nguyễn Thị Ánh Tuyết", True),
        ("ThuKy", "Đặng Thùy Dương", True),
    ]
    assert stored.signer_name == "Nguyễn Thị Ánh Tuyết; Đặng Thùy Dương"
    auth.logout()
    auth.login("truongphong")  # the meeting page's download is the signed copy
    download = client.get(f"/meetings/{world.cycle.id}/{world.units['dept'].id}/minutes.pdf")
    assert download.data == stored.content


def test_the_head_signs_the_registered_decision_and_the_organisation_follows(
    client, auth, world, ca, trust
):
    world.agency.head_id = world.staff["party"].id  # Vũ Đình Khải directs the agency
    decide_all(world)
    issuer = agency_issuer(world.agency)
    document = register.issue(
        world.agency.id,
        issuer,
        "QĐ",
        approval_ref(world.cycle, issuer),
        date(2026, 11, 14),
        subject="Công nhận kết quả",
        signer_name=issuer.head_name,
    )
    db.session.commit()
    auth.login("capuy")
    place = f"{document.ref}|head"
    assert "Quyết định số" in client.get("/signatures/").get_data(as_text=True)
    assert _sign(client, place, ca.pkcs12("Vũ Đình Khải", ORG)).status_code == 302
    stored = db.session.scalars(select(SignedDocument)).one()
    assert stored.document_id == document.id
    checks = signing.verify(stored.content, [ca.der])
    assert [(c.field, c.signer, c.valid) for c in checks] == [
        (signing.PERSON_FIELD, "Vũ Đình Khải", True),
        (signing.ORGANISATION_FIELD, ORG, True),
    ]
    auth.logout()
    auth.login("congchuc")  # not the head: the decision is not theirs to sign
    assert _sign(client, place, ca.pkcs12("Trương Quốc Hưng", ORG)).status_code == 404
