"""Digital signatures in the app (Decree 335 Art 24: the records are electronic documents).

- The organisation signs an issued notice with its key (a PKCS#12 file on the server,
  SIGNING_PKCS12_FILE).
- People sign the documents that are theirs to sign (``places_for``; services/authority.py says
  who decides whom): each person their own annual form once their result is approved, the chair
  and the secretary the adopted minutes of their meeting, the head of the issuing organisation the
  registered decision recognising the results (then the organisation's signature follows, Decree
  30). The key is the person's: a PKCS#12 file they upload with its passphrase (never stored), or
  their key on the signing server's PKCS#11 device (SIGNING_PKCS11_LIBRARY; the token and the key
  are labelled with the person's staff code) opened with their PIN. The certificate must carry the
  person's name and chain to a trusted root (SIGNING_TRUST_ROOTS).
- The signed bytes are kept (SignedDocument, by ``ref``) and are what staff download from then on;
  anyone signed in can check an uploaded signed PDF against the trusted roots.

The signing itself is exports/signing.py (bytes in, bytes out, PAdES with the appearance Decree
30 prescribes).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select

from exports import signing

from .._time import now
from ..extensions import db
from ..models import Cycle, Decision, Meeting, OutgoingDocument, SignedDocument, Staff, User
from ..text import nfc
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
        select(SignedDocument).where(
            SignedDocument.agency_id == agency_id, SignedDocument.ref == ref
        )
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
        ref=document.ref,
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


# --- People sign what is theirs to sign ------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """One signature a person gives on one document."""

    ref: str  # what the document is (SignedDocument.ref)
    role: str  # person | chair | secretary | head
    title: str  # the document, as the signer reads it
    filename: str
    agency_id: int
    signer: Staff
    anchor: str  # where the signature goes (exports/signing.py)
    field: str  # the signature's name in the PDF
    render: Callable[[], bytes]  # the unsigned PDF
    document: OutgoingDocument | None = None  # its register entry (the decision)
    organisation: bool = False  # the organisation's signature follows (an issued decision)

    @property
    def key(self) -> str:
        return f"{self.ref}|{self.role}"


@dataclass(frozen=True)
class PersonalKey:
    """What the signer gives for one signing; nothing of it is stored."""

    p12: bytes = b""
    passphrase: str = ""
    pin: str = ""


def form_ref(cycle_id: int, staff_id: int, decision_id: int) -> str:
    """A re-classification makes a new decision, hence a new form to sign."""
    return f"annual_form:{cycle_id}:{staff_id}:{decision_id}"


def minutes_ref(meeting: Meeting) -> str:
    return f"minutes:{meeting.id}"


def signed_form(cycle: Cycle, staff: Staff) -> SignedDocument | None:
    """The signed annual form of the person's current approved result, if they signed it."""
    decision_id = db.session.scalar(
        select(Decision.id).where(
            Decision.cycle_id == cycle.id,
            Decision.staff_id == staff.id,
            Decision.current.is_(True),
            Decision.approved.is_(True),
        )
    )
    if decision_id is None:
        return None
    return signed_copy(staff.agency_id, form_ref(cycle.id, staff.id, decision_id))


def _form_places(staff: Staff) -> list[Place]:
    from exports import pdf

    from ..queries.disclosure import annual_form_data

    decisions = db.session.scalars(
        select(Decision)
        .join(Cycle, Decision.cycle_id == Cycle.id)
        .where(
            Decision.staff_id == staff.id,
            Decision.current.is_(True),
            Decision.approved.is_(True),
        )
        .order_by(Cycle.year.desc())
    ).all()
    places = []
    for decision in decisions:
        cycle = db.session.get(Cycle, decision.cycle_id)
        places.append(
            Place(
                ref=form_ref(cycle.id, staff.id, decision.id),
                role="person",
                title=_("Phiếu đánh giá, xếp loại chất lượng năm %(y)s của bạn", y=cycle.year),
                filename=f"phieu-xep-loai-{cycle.year}-{staff.code}-da-ky-so.pdf",
                agency_id=staff.agency_id,
                signer=staff,
                anchor=signing.SELF_ANCHOR,
                field="NguoiTuDanhGia",
                render=lambda c=cycle: pdf.annual_form_pdf(annual_form_data(c, staff)),
            )
        )
    return places


def _minutes_places(staff: Staff) -> list[Place]:
    from exports import pdf

    from ..queries.minutes import minutes_data

    meetings = db.session.scalars(
        select(Meeting).where(
            Meeting.agency_id == staff.agency_id,
            Meeting.status == "adopted",
            (Meeting.chair_id == staff.id) | (Meeting.secretary_id == staff.id),
        )
    ).all()
    places = []
    for meeting in meetings:
        roles = [
            (role, anchor, field)
            for role, person_id, anchor, field in (
                ("chair", meeting.chair_id, signing.SIGNATURE_ANCHOR, "ChuTri"),
                ("secretary", meeting.secretary_id, signing.SECRETARY_ANCHOR, "ThuKy"),
            )
            if person_id == staff.id
        ]
        for role, anchor, field in roles:
            places.append(
                Place(
                    ref=minutes_ref(meeting),
                    role=role,
                    title=_(
                        "Biên bản họp đánh giá năm %(y)s, %(unit)s",
                        y=meeting.cycle.year,
                        unit=meeting.unit.name,
                    ),
                    filename=f"bien-ban-hop-{meeting.unit.code}-{meeting.cycle.year}-da-ky-so.pdf",
                    agency_id=staff.agency_id,
                    signer=staff,
                    anchor=anchor,
                    field=field,
                    render=lambda m=meeting: pdf.minutes_pdf(minutes_data(m)),
                )
            )
    return places


def _decision_places(staff: Staff) -> list[Place]:
    """The registered decisions recognising a year's results whose issuer this person heads."""
    from exports import pdf

    from ..queries.disclosure import decision_doc_data
    from .authority import issuer_of

    documents = db.session.scalars(
        select(OutgoingDocument).where(
            OutgoingDocument.agency_id == staff.agency_id,
            OutgoingDocument.ref.like("approval:%"),
        )
    ).all()
    places = []
    for document in documents:
        _kind, cycle_id, issuer_code = document.ref.split(":", 2)
        cycle = db.session.get(Cycle, int(cycle_id))
        unit = next((u for u in cycle.agency.units if u.code == issuer_code), None)
        issuer = issuer_of(cycle.agency, unit)
        if issuer.code != issuer_code or issuer.head_id != staff.id:
            continue
        places.append(
            Place(
                ref=document.ref,
                role="head",
                title=_(
                    "Quyết định số %(n)s công nhận kết quả xếp loại năm %(y)s",
                    n=document.number_symbol,
                    y=cycle.year,
                ),
                filename=f"quyet-dinh-xep-loai-{cycle.year}-{issuer_code}-da-ky-so.pdf",
                agency_id=staff.agency_id,
                signer=staff,
                anchor=signing.SIGNATURE_ANCHOR,
                field=signing.PERSON_FIELD,
                render=lambda c=cycle, u=unit, d=document: pdf.decision_pdf(
                    decision_doc_data(c, u, document=d)
                ),
                document=document,
                organisation=True,
            )
        )
    return places


def places_for(user: User) -> list[Place]:
    """Every document this account's person signs (none for an account without a person)."""
    staff = user.staff
    if staff is None or not user.is_active:
        return []
    return _form_places(staff) + _minutes_places(staff) + _decision_places(staff)


def find_place(user: User, key: str) -> Place | None:
    return next((p for p in places_for(user) if p.key == key), None)


def current_copy(place: Place) -> tuple[bytes, str]:
    """The document as it stands: the signed copy so far, else the unsigned PDF."""
    stored = signed_copy(place.agency_id, place.ref)
    if stored is not None:
        return stored.content, stored.filename
    return place.render(), place.filename.replace("-da-ky-so", "")


def has_signed(place: Place) -> bool:
    stored = signed_copy(place.agency_id, place.ref)
    return stored is not None and place.field in signing.signature_fields(stored.content)


@contextmanager
def personal_signer(staff: Staff, key: PersonalKey) -> Iterator[signing.signers.Signer]:
    """The person's own key: the PKCS#12 file they gave, or their key on the signing server's
    PKCS#11 device opened with their PIN."""
    if key.p12:
        try:
            signer = signing.pkcs12_signer(key.p12, key.passphrase.encode() or None)
        except signing.SigningError:
            raise ValidationError(
                ("p12", _("Không mở được tệp khóa ký số: tệp hỏng hoặc sai mật khẩu."))
            ) from None
        yield signer
        return
    library = current_app.config.get("SIGNING_PKCS11_LIBRARY") or ""
    if not library or not key.pin:
        raise ValidationError(("p12", _("Hãy chọn tệp khóa ký số (.p12, .pfx) của bạn.")))
    try:
        context = signing.pkcs11_signer(library, staff.code, key.pin, staff.code)
        signer = context.__enter__()
    except Exception:  # no token for this person, wrong PIN, device unreachable
        raise ValidationError(
            ("pin", _("Không mở được khóa ký số của bạn trên máy chủ ký số: kiểm tra mã PIN."))
        ) from None
    try:
        yield signer
    finally:
        context.__exit__(None, None, None)


def _same_person(certificate_name: str, staff: Staff) -> bool:
    return nfc(certificate_name).casefold().split() == nfc(staff.full_name).casefold().split()


def sign_place(place: Place, key: PersonalKey, user: User) -> SignedDocument:
    """The person signs their place on the document; the signed bytes replace the kept copy."""
    stored = signed_copy(place.agency_id, place.ref)
    source = stored.content if stored is not None else place.render()
    if place.field in signing.signature_fields(source):
        raise ValidationError(_("Bạn đã ký số văn bản này."))
    organisation = organisation_signer() if place.organisation else None
    when = now()
    with personal_signer(place.signer, key) as signer:
        name = signing.subject_names(signer)[0]
        if not _same_person(name, place.signer):
            raise ValidationError(
                (
                    "p12",
                    _(
                        "Chứng thư số mang tên %(cert)s, không phải của %(name)s.",
                        cert=name,
                        name=place.signer.full_name,
                    ),
                )
            )
        content = signing.sign_as_person(
            source, signer, when, anchor=place.anchor, field=place.field
        )
    if organisation is not None:
        content = signing.sign_as_organisation(content, organisation, when)
    mine = [c for c in signing.verify(content, trust_roots()) if c.field == place.field]
    if not mine or not mine[0].valid:
        raise ValidationError(
            ("p12", _("Chứng thư số không do tổ chức chứng thực được tin cậy cấp."))
        )
    if stored is None:
        stored = SignedDocument(
            agency_id=place.agency_id,
            ref=place.ref,
            document_id=place.document.id if place.document else None,
            filename=place.filename,
            signer_name=name,
        )
        db.session.add(stored)
    else:
        stored.signer_name = f"{stored.signer_name}; {name}"
    stored.content = content
    stored.sha256 = hashlib.sha256(content).hexdigest()
    stored.signed_at = when
    stored.signed_by_id = user.id
    db.session.flush()
    record(
        "sign",
        "signed_document",
        stored.id,
        agency_id=place.agency_id,
        after={"ref": place.ref, "role": place.role, "signer": name, "sha256": stored.sha256},
        user=user,
    )
    return stored
