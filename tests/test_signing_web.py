"""Signing in the app: HR signs the issued notice with the organisation's key; the signed bytes
are kept with the register entry and are what staff download; anyone signed in checks an
uploaded signed PDF (valid, signer, time, unchanged)."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import AuditLog, SignedDocument
from exports import signing
from tests.disclosure_factories import publish
from tests.pki import PASSPHRASE, TestCA, ca_file

ORG = "Sở Nội vụ tỉnh Hà Nam"


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA.make()


@pytest.fixture
def keys(app, ca, tmp_path):
    p12 = tmp_path / "co-quan.p12"
    p12.write_bytes(ca.pkcs12(ORG, ORG))
    app.config.update(
        SIGNING_PKCS12_FILE=str(p12),
        SIGNING_PKCS12_PASSPHRASE=PASSPHRASE.decode(),
        SIGNING_TRUST_ROOTS=str(ca_file(ca, tmp_path)),
    )
    yield
    app.config.update(SIGNING_PKCS12_FILE="", SIGNING_PKCS12_PASSPHRASE="", SIGNING_TRUST_ROOTS="")


def _sign(client, publication):
    return client.post(f"/signatures/notices/{publication.id}/sign")


def test_hr_signs_the_notice_and_downloads_the_signed_bytes(client, auth, world, keys, ca):
    publication, _d = publish(world)
    auth.login("tccb")
    assert _sign(client, publication).status_code == 302
    stored = db.session.scalars(select(SignedDocument)).one()
    assert stored.document.ref == f"notice:{publication.id}" and stored.signer_name == ORG
    download = client.get(f"/disclosure/{publication.id}/notice.pdf")
    assert download.data == stored.content
    (check,) = signing.verify(download.data, [ca.der])
    assert check.valid and check.organisation == ORG
    assert db.session.scalars(select(AuditLog).where(AuditLog.action == "sign")).one()
    page = client.get(f"/disclosure/{publication.id}").get_data(as_text=True)
    assert "Đã ký số" in page
    again = _sign(client, publication)  # signed once: a second signing is refused
    assert again.status_code == 302
    assert db.session.query(SignedDocument).count() == 1


def test_signing_without_a_key_says_so_and_changes_nothing(client, auth, world):
    publication, _d = publish(world)
    auth.login("tccb")
    response = client.post(f"/signatures/notices/{publication.id}/sign", follow_redirects=True)
    assert "Chưa cấu hình khóa ký số của cơ quan" in response.get_data(as_text=True)
    assert db.session.query(SignedDocument).count() == 0


def test_only_hr_signs(client, auth, world, keys):
    publication, _d = publish(world)
    auth.login("congchuc")
    assert _sign(client, publication).status_code == 403
    assert db.session.query(SignedDocument).count() == 0


def _upload(client, content: bytes, name: str = "van-ban.pdf"):
    return client.post(
        "/signatures/verify",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def test_anyone_checks_an_uploaded_signed_pdf(client, auth, world, keys):
    publication, _d = publish(world)
    auth.login("tccb")
    _sign(client, publication)
    signed = db.session.scalars(select(SignedDocument)).one().content
    auth.logout()
    auth.login("congchuc")
    page = _upload(client, signed)
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert ORG in text and "Hợp lệ" in text and "Không bị sửa đổi sau khi ký" in text
    at = signed.index(b"stream") + 40
    tampered = signed[:at] + bytes([signed[at] ^ 1]) + signed[at + 1 :]
    text = _upload(client, tampered).get_data(as_text=True)
    assert "Không hợp lệ" in text and "Đã bị sửa đổi sau khi ký" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"khong phai pdf", "Tệp không phải là PDF."), (b"%PDF-1.7\n%%EOF", "không có chữ ký số")],
)
def test_bad_upload_is_explained_next_to_the_field(client, auth, world, content, message):
    auth.login("congchuc")
    response = _upload(client, content)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
