"""The register of outgoing documents (sổ văn bản đi): one number per issued document.

Numbers run per issuer (the agency, or a public service unit issuing in its own name), year and
type, from 1, in the order documents are issued, and are never reused: the unique constraint
``(agency, issuer, year, type, number)`` holds under concurrent writers (PostgreSQL or SQLite);
a writer that loses the race takes the next number. A document is identified by its ``ref`` (what
it is about): issuing it again returns the number it already has. Drafts are never registered.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import OutgoingDocument
from . import ValidationError
from .audit import record
from .authority import Issuer

# Decree 30/2020 Appendix III abbreviations of the document types the product issues.
DOC_TYPES = {
    "TB": "Thông báo",
    "QĐ": "Quyết định",
    "BB": "Biên bản",
    "BC": "Báo cáo",
    "CV": "Công văn",
    # A party committee's written comments about a person (its own register, apart from the
    # agency's: the issuer code is "party:…"); "NX" as party committees number them.
    "NX": "Nhận xét",
}
_ATTEMPTS = 8


def find(agency_id: int, ref: str) -> OutgoingDocument | None:
    return db.session.scalars(
        select(OutgoingDocument).where(
            OutgoingDocument.agency_id == agency_id, OutgoingDocument.ref == ref
        )
    ).first()


def symbol(doc_type: str, issuer: Issuer) -> str:
    """'TB-SNV'; a công văn carries no type, but the issuer and the drafting unit: 'SNV-TCCB'
    (Decree 30/2020 Appendix III; HR drafts the replies the product issues)."""
    if doc_type == "CV":
        return f"{issuer.symbol}-TCCB"
    return f"{doc_type}-{issuer.symbol}"


def _next_number(agency_id: int, issuer: str, year: int, doc_type: str) -> int:
    top = db.session.scalar(
        select(func.max(OutgoingDocument.number)).where(
            OutgoingDocument.agency_id == agency_id,
            OutgoingDocument.issuer == issuer,
            OutgoingDocument.year == year,
            OutgoingDocument.doc_type == doc_type,
        )
    )
    return (top or 0) + 1


def issue(
    agency_id: int,
    issuer: Issuer,
    doc_type: str,
    ref: str,
    issued_on: date,
    *,
    subject: str = "",
    signer_name: str = "",
    addressee: str = "",
    number: int | None = None,
    field: str = "notice_number",
) -> OutgoingDocument:
    """Register a document (or return the one already registered for ``ref``).

    ``number`` is a number HR typed: refused when another document of the issuer, year and type
    already has it. Without it the register gives the next free number."""
    if doc_type not in DOC_TYPES:
        raise ValueError(f"unknown document type {doc_type!r}")
    if issuer.external:
        raise ValueError("a body outside the agency numbers its own documents")
    existing = find(agency_id, ref)
    if existing is not None:
        return existing
    for _attempt in range(_ATTEMPTS):
        chosen = number or _next_number(agency_id, issuer.code, issued_on.year, doc_type)
        document = OutgoingDocument(
            agency_id=agency_id,
            issuer=issuer.code,
            year=issued_on.year,
            doc_type=doc_type,
            number=chosen,
            symbol=symbol(doc_type, issuer),
            issued_on=issued_on,
            subject=subject[:255],
            ref=ref,
            signer_name=signer_name,
            addressee=addressee,
        )
        try:
            with db.session.begin_nested():
                db.session.add(document)
                db.session.flush()
        except IntegrityError:
            same = find(agency_id, ref)
            if same is not None:  # issued meanwhile by another request
                return same
            if number is not None:
                raise ValidationError(
                    (
                        field,
                        _(
                            "Số %(n)s/%(s)s năm %(y)s đã cấp cho văn bản khác: hãy để trống "
                            "để lấy số tiếp theo trong sổ văn bản đi.",
                            n=f"{number:02d}",
                            s=symbol(doc_type, issuer),
                            y=issued_on.year,
                        ),
                    )
                ) from None
            continue
        record(
            "issue",
            "outgoing_document",
            document.id,
            agency_id=agency_id,
            after={"number": document.number_symbol, "year": document.year, "ref": ref},
        )
        return document
    raise ValidationError(_("Không cấp được số văn bản; hãy thử lại."))
