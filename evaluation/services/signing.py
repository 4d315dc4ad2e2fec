"""Digital signatures in the app: the organisation signs an issued document with its key (a
PKCS#12 file on the server, SIGNING_PKCS12_FILE), the signed bytes are kept with the document's
entry in the register of outgoing documents and are what staff download from then on; anyone
signed in can check an uploaded signed PDF against the trusted roots (SIGNING_TRUST_ROOTS).

The signing itself is exports/signing.py (bytes in, bytes out, PAdES with the appearance Decree
30 prescribes). A person's own USB token (PKCS#11) signs where the token is: exports/signing.py
supports it (pkcs11_signer), the web app signs server-side only.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from exports import signing

from .._time import now
from ..extensions import db
from ..models import OutgoingDocument, SignedDocument, User
from . import ValidationError
from .audit import record

MAX_UPLOAD = 20 * 1024 * 1024


def organisation_signer() -> signing.signers.Signer:
    config = current_app.config
    path = config.get("SIGNING_PKCS12_FILE") or ""
    if not path or not Path(path).is_file():
        raise ValidationError(
            _("Chưa cấu hình khóa ký số của cơ quan (liên hệ quản trị hệ thống).")
        )
    passphrase = (config.get("SIGNING_PKCS12_PASSPHRASE") or "").encode() or None
    try:
        return signing.pkcs12_signer(Path(path).read_bytes(), passphrase)
    except signing.SigningError:
        raise ValidationError(
            _("Không đọc được khóa ký số của cơ quan (liên hệ quản trị hệ thống).")
        ) from None


def trust_roots() -> list[bytes]:
    names = [p.strip() for p in (current_app.config.get("SIGNING_TRUST_ROOTS") or "").split(",")]
    return [Path(p).read_bytes() for p in names if p and Path(p).is_file()]


def signed_copy(agency_id: int, ref: str) -> SignedDocument | None:
    return db.session.scalar(
        select(SignedDocument)
        .join(OutgoingDocument, SignedDocument.document_id == OutgoingDocument.id)
        .where(OutgoingDocument.agency_id == agency_id, OutgoingDocument.ref == ref)
    )


def sign_document(
    document: OutgoingDocument, pdf: bytes, filename: str, user: User
) -> SignedDocument:
    """Sign the issued PDF of a registered document with the organisation's key, once."""
    existing = db.session.scalar(
        select(SignedDocument).where(SignedDocument.document_id == document.id)
    )
    if existing is not None:
        raise ValidationError(_("Văn bản này đã được ký số."))
    signer = organisation_signer()
    when = now()
    content = signing.sign_as_organisation(pdf, signer, when)
    signed = SignedDocument(
        agency_id=document.agency_id,
        document_id=document.id,
        filename=filename,
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        signer_name=signing.subject_names(signer)[1] or signing.subject_names(signer)[0],
        signed_at=when,
        signed_by_id=user.id,
    )
    db.session.add(signed)
    db.session.flush()
    record(
        "sign",
        "outgoing_document",
        document.id,
        agency_id=document.agency_id,
        after={"sha256": signed.sha256, "signer": signed.signer_name, "filename": filename},
        user=user,
    )
    return signed


def verify_upload(content: bytes) -> list[signing.SignatureCheck]:
    if not content.startswith(b"%PDF"):
        raise ValidationError(("file", _("Tệp không phải là PDF.")))
    checks = signing.verify(content, trust_roots())
    if not checks:
        raise ValidationError(("file", _("Tệp PDF không có chữ ký số.")))
    return checks
