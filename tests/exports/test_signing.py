"""Digital signatures on issued PDFs: PKCS#12 and PKCS#11 (SoftHSM2), verified by pyHanko and
by poppler's pdfsig; one changed byte breaks the signature."""

from __future__ import annotations

import subprocess
from datetime import datetime

import pytest
from exports_samples import annual_form, minutes, notice, tool

from evaluation._time import now
from exports import pdf, signing
from tests.pki import PASSPHRASE, SOFTHSM_LIBRARY, TestCA, softhsm_token

ORG = "Sở Nội vụ tỉnh Bắc Ninh"


@pytest.fixture(scope="module")
def ca() -> TestCA:
    return TestCA.make()


@pytest.fixture(scope="module")
def keys(ca: TestCA) -> dict[str, bytes]:
    return {
        "org": ca.pkcs12(ORG, ORG),
        "person": ca.pkcs12("Nguyễn Văn Giám", ORG),
    }


@pytest.fixture(scope="module")
def signed_notice(keys: dict[str, bytes]) -> tuple[bytes, datetime]:
    when = now()
    org = signing.pkcs12_signer(keys["org"], PASSPHRASE)
    person = signing.pkcs12_signer(keys["person"], PASSPHRASE)
    return signing.sign_issued(pdf.notice_pdf(notice(5)), org, when, person=person), when


def test_signed_notice_verifies(signed_notice, ca: TestCA) -> None:
    content, when = signed_notice
    checks = signing.verify(content, [ca.der])
    assert [c.field for c in checks] == [signing.PERSON_FIELD, signing.ORGANISATION_FIELD]
    person, org = checks
    assert person.signer == "Nguyễn Văn Giám" and org.organisation == ORG
    assert all(c.valid and c.unchanged for c in checks)
    assert all(abs((c.signed_at - when).total_seconds()) < 1 for c in checks)


def test_one_changed_byte_breaks_it(signed_notice, ca: TestCA) -> None:
    content, _ = signed_notice
    # A byte inside the page content the signatures cover (not the signature's own hex).
    at = content.index(b"stream") + 40
    tampered = content[:at] + bytes([content[at] ^ 0x01]) + content[at + 1 :]
    checks = signing.verify(tampered, [ca.der])
    assert checks and not any(c.intact for c in checks)
    assert not any(c.valid for c in checks)


def test_untrusted_root_is_not_valid(signed_notice) -> None:
    content, _ = signed_notice
    checks = signing.verify(content, [TestCA.make("Một CA khác").der])
    assert checks and all(c.intact and not c.trusted and not c.valid for c in checks)


def test_not_a_signed_pdf() -> None:
    assert signing.verify(b"not a pdf", []) == []
    assert signing.verify(pdf.notice_pdf(notice(2)), []) == []


def test_appearance_and_pdfsig(signed_notice, tmp_path) -> None:
    content, _ = signed_notice
    path = tmp_path / "signed.pdf"
    path.write_bytes(content)
    out = subprocess.run([tool("pdfsig"), str(path)], capture_output=True, text=True).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2
    assert "Signer Certificate Common Name: Nguyễn Văn Giám" in out
    assert f"Signer Certificate Common Name: {ORG}" in out
    assert out.count("Signature Type: ETSI.CAdES.detached") == 2
    text = subprocess.run(
        [tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "Ký bởi: Nguyễn Văn Giám" in text and f"Ký bởi: {ORG}" in text
    assert "Thời gian ký:" in text


@pytest.mark.parametrize("document", [annual_form, minutes], ids=["annual_form", "minutes"])
def test_other_documents_have_a_signature_block(document, keys, ca: TestCA) -> None:
    content = (
        pdf.annual_form_pdf(document()) if document is annual_form else pdf.minutes_pdf(document())
    )
    page, (x1, y1, x2, y2) = signing.signature_block(content)
    assert page >= 0 and x2 - x1 > 100 and y2 - y1 > 40
    person = signing.pkcs12_signer(keys["person"], PASSPHRASE)
    signed = signing.sign_as_person(content, person, now())
    assert [c.valid for c in signing.verify(signed, [ca.der])] == [True]


def test_document_without_signature_block_is_refused(keys) -> None:
    from weasyprint import HTML

    bare = HTML(string="<p>Không có chỗ ký</p>").write_pdf()
    person = signing.pkcs12_signer(keys["person"], PASSPHRASE)
    with pytest.raises(signing.SigningError):
        signing.sign_as_person(bare, person, now())
    with pytest.raises(signing.SigningError):
        signing.pkcs12_signer(keys["person"], b"sai")


def test_softhsm2_token_signs(ca: TestCA, keys, tmp_path) -> None:
    token = softhsm_token(ca, tmp_path, "Trần Thị Ký Token", ORG)
    content = pdf.notice_pdf(notice(3))
    with signing.pkcs11_signer(SOFTHSM_LIBRARY, token.label, token.pin, token.key_label) as key:
        signed = signing.sign_as_person(content, key, now())
    org = signing.pkcs12_signer(keys["org"], PASSPHRASE)
    signed = signing.sign_as_organisation(signed, org, now())
    checks = signing.verify(signed, [ca.der])
    assert [(c.signer, c.valid, c.unchanged) for c in checks] == [
        ("Trần Thị Ký Token", True, True),
        (ORG, True, True),
    ]
