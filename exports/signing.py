"""Digital signatures on issued PDFs (PAdES, pyHanko): bytes in, signed bytes out.

Decree 335 Art 24 keeps the evaluation records as electronic documents; an electronic document
of an agency is signed digitally (Decree 30/2020, Appendix I: the signer's signature shows at
the signature block, between the post and the name; the organisation's signature shows on the
first page with its name and the time of signing). Two signatures, in the order a clerk applies
them: the competent signer's first, then the organisation's, each an incremental update, so
the first stays verifiable.

Where the signature block is: the templates give the signer's name an ``id`` (``SIGNATURE_ANCHOR``)
which WeasyPrint writes as a named destination (page and top-left corner of the name); the
signature goes in the 60 pt gap above the name (document.css ``.signer-name``).

Keys come from a PKCS#12 file (a server-side organisation key) or a PKCS#11 token (a USB token
of the signer; tests use SoftHSM2). Verification of any uploaded signed PDF reports, per
signature: signer, time, whether the bytes it covers are intact, whether it covers the whole
file and whether its certificate chains to a trusted root.
"""

from __future__ import annotations

import asyncio
import functools
import io
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo

from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator, GlyphAccumulatorFactory
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.sign import fields, signers
from pyhanko.sign.signers.pdf_signer import PdfSigningSession
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.stamp import TextStampStyle
from pyhanko_certvalidator import ValidationContext

FONT = Path(__file__).resolve().parent / "fonts" / "Tinos-Regular.ttf"
VN = ZoneInfo("Asia/Ho_Chi_Minh")
SIGNATURE_ANCHOR = "chu-ky-so"  # the competent signer's block (the head, the chair)
SELF_ANCHOR = "chu-ky-ca-nhan"  # the person's own block on their annual form
SECRETARY_ANCHOR = "chu-ky-thu-ky"  # the secretary's block on the minutes
PERSON_FIELD = "NguoiKy"
ORGANISATION_FIELD = "CoQuan"
# document.css: @page margin 20mm 15mm 20mm 30mm; a signature table has two equal columns.
_MM = 72 / 25.4
_LEFT_MARGIN = 30 * _MM
_RIGHT_MARGIN = 15 * _MM
_TOP_MARGIN = 20 * _MM
_NAME_GAP = 60  # pt between the post and the name (.signer-name margin-top)
_BLUE = (0.0, 0.0, 0.8)


class SigningError(ValueError):
    """The document cannot be signed as asked (no signature block, unreadable key)."""


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    signer: str  # the certificate's subject common name
    organisation: str
    signed_at: datetime | None  # as the signer reported it
    intact: bool  # the bytes it covers are the bytes that were signed
    unchanged: bool  # it covers the whole file, or only later signatures were added after it
    trusted: bool  # its certificate chains to a trusted root

    @property
    def valid(self) -> bool:
        return self.intact and self.unchanged and self.trusted


T = TypeVar("T")


def _outside_event_loop(call: Callable[[], T]) -> T:
    """pyHanko's synchronous API runs its coroutines with asyncio.run(), which refuses to start in
    a thread whose event loop is already running (an async server, or Playwright's sync API in
    the same test process): run the call in a worker thread then."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return call()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(call).result()


def vn_time(moment: datetime) -> str:
    return moment.astimezone(VN).strftime("%d/%m/%Y %H:%M:%S +07:00")


def pkcs12_signer(data: bytes, passphrase: bytes | None = None) -> signers.Signer:
    """A signer from a PKCS#12 (.p12/.pfx) file's bytes: key, certificate and its chain."""
    try:
        signer = signers.SimpleSigner.load_pkcs12_data(data, (), passphrase=passphrase)
    except ValueError as error:
        raise SigningError("unreadable PKCS#12 data or wrong passphrase") from error
    if signer is None:
        raise SigningError("unreadable PKCS#12 data or wrong passphrase")
    return signer


@contextmanager
def pkcs11_signer(
    library: str, token_label: str, pin: str, key_label: str, cert_label: str | None = None
) -> Iterator[signers.Signer]:
    """A signer on a PKCS#11 token (a USB token, or SoftHSM2); the session closes on exit."""
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    session = open_pkcs11_session(
        library, token_criteria=TokenCriteria(label=token_label), user_pin=pin
    )
    try:
        yield PKCS11Signer(session, cert_label=cert_label or key_label, key_label=key_label)
    finally:
        session.close()


class _TimedSigner(signers.PdfSigner):
    """pyHanko's signer with the signing time given by the caller (the app's one clock)."""

    def __init__(self, *args: object, signing_time: datetime, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._signing_time = signing_time

    def init_signing_session(
        self, pdf_out: object, existing_fields_only: bool = False
    ) -> PdfSigningSession:
        session = super().init_signing_session(pdf_out, existing_fields_only)  # type: ignore[arg-type]
        session.system_time = self._signing_time
        return session


@functools.cache
def _font_bytes() -> bytes:
    # pyHanko writes a TrueType font's widths in font units where PDF reads thousandths of an
    # em: right only for a 1000-unit em. Tinos has 2048 (the text came out twice as wide), so
    # the stamp uses a copy scaled to 1000 units, made once a process.
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    font = TTFont(str(FONT))
    scale_upem(font, 1000)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


class _FontFactory(GlyphAccumulatorFactory):
    def create_font_engine(self, writer: object, obj_stream: object = None) -> GlyphAccumulator:
        if obj_stream is None and writer.stream_xrefs:  # type: ignore[attr-defined]
            obj_stream = writer.prepare_object_stream()  # type: ignore[attr-defined]
        return GlyphAccumulator(
            writer=writer,  # type: ignore[arg-type]
            font_handle=io.BytesIO(_font_bytes()),
            font_size=self.font_size,
            obj_stream=obj_stream,
        )


def _style(text: str) -> TextStampStyle:
    return TextStampStyle(
        stamp_text=text,
        text_box_style=TextBoxStyle(font=_FontFactory(str(FONT)), font_size=9, text_color=_BLUE),
        border_width=1,
        background=None,
    )


def _page_size(reader: PdfFileReader, page: int) -> tuple[float, float]:
    box = reader.root["/Pages"]["/Kids"][page].get_object()["/MediaBox"]
    return float(box[2]), float(box[3])


def signature_block(
    pdf: bytes, anchor: str = SIGNATURE_ANCHOR
) -> tuple[int, tuple[int, int, int, int]]:
    """Page index and box (x1, y1, x2, y2) of the signature whose name carries `anchor`."""
    reader = PdfFileReader(io.BytesIO(pdf))
    names = reader.root.get("/Names")
    dests = names.get("/Dests") if names is not None else None
    flat = list(dests.get("/Names", [])) if dests is not None else []
    for key, value in zip(flat[::2], flat[1::2], strict=True):
        if str(key) != anchor:
            continue
        target = value.get_object()
        if not isinstance(target, list) and "/D" in target:
            target = target["/D"]
        page_ref, x, y = target[0], float(target[2]), float(target[3])
        kids = [k.get_object() for k in reader.root["/Pages"]["/Kids"]]
        page = next(i for i, p in enumerate(kids) if p is page_ref.get_object())
        width, _ = _page_size(reader, page)
        middle = (_LEFT_MARGIN + width - _RIGHT_MARGIN) / 2
        column_right = middle if x < middle - 1 else width - _RIGHT_MARGIN
        centre = (x + column_right) / 2
        return page, (int(centre - 95), int(y + 3), int(centre + 95), int(y + _NAME_GAP - 3))
    raise SigningError("the document has no signature block")


def _sign_one(
    pdf: bytes,
    signer: signers.Signer,
    field: str,
    page: int,
    box: tuple[int, int, int, int],
    text: str,
    signing_time: datetime,
    reason: str,
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    spec = fields.SigFieldSpec(field, on_page=page, box=box)
    meta = signers.PdfSignatureMetadata(
        field_name=field,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location="Việt Nam",
    )
    pdf_signer = _TimedSigner(
        meta, signer, stamp_style=_style(text), new_field_spec=spec, signing_time=signing_time
    )
    return _outside_event_loop(lambda: pdf_signer.sign_pdf(writer).getvalue())


def subject_names(signer: signers.Signer) -> tuple[str, str]:
    """The common name and the organisation of the signer's certificate."""
    cert = signer.signing_cert
    if cert is None:
        raise SigningError("the key has no certificate")
    native = cert.subject.native
    return native.get("common_name", ""), native.get("organization_name", "")


def sign_as_person(
    pdf: bytes,
    signer: signers.Signer,
    signing_time: datetime,
    *,
    anchor: str = SIGNATURE_ANCHOR,
    field: str = PERSON_FIELD,
    reason: str = "Ký ban hành",
) -> bytes:
    """A person's signature at their signature block (Decree 30: between post and name),
    showing who signed and when; `field` names it among the document's signatures."""
    page, box = signature_block(pdf, anchor)
    name, _ = subject_names(signer)
    text = f"Ký bởi: {name}\nThời gian ký: {vn_time(signing_time)}"
    return _sign_one(pdf, signer, field, page, box, text, signing_time, reason)


def sign_as_organisation(pdf: bytes, signer: signers.Signer, signing_time: datetime) -> bytes:
    """The organisation's signature on the first page, top right, with its name and time."""
    width, height = _page_size(PdfFileReader(io.BytesIO(pdf)), 0)
    right, top = int(width - _RIGHT_MARGIN), int(height - 6)
    box = (right - 215, int(height - _TOP_MARGIN + 6), right, top)
    name, organisation = subject_names(signer)
    text = f"Ký bởi: {organisation or name}\nThời gian ký: {vn_time(signing_time)}"
    return _sign_one(
        pdf, signer, ORGANISATION_FIELD, 0, box, text, signing_time, "Ký số của cơ quan"
    )


def sign_issued(
    pdf: bytes,
    organisation: signers.Signer,
    signing_time: datetime,
    person: signers.Signer | None = None,
) -> bytes:
    """An issued document signed as Decree 30 shows it: the person, then the organisation."""
    if person is not None:
        pdf = sign_as_person(pdf, person, signing_time)
    return sign_as_organisation(pdf, organisation, signing_time)


def signature_fields(pdf: bytes) -> list[str]:
    """The names of the signatures a PDF already carries."""
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        return [sig.field_name for sig in reader.embedded_signatures]
    except Exception:  # not a PDF we can read: no signatures
        return []


def verify(pdf: bytes, trust_roots: Sequence[bytes]) -> list[SignatureCheck]:
    """Every signature of `pdf`, checked against the trusted roots (DER or PEM certificates).
    An unreadable file or one without signatures gives an empty list."""
    roots = [_load_cert(c) for c in trust_roots]
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # not a PDF, or a broken one: nothing verifies
        return []
    checks = []
    for sig in embedded:
        context = ValidationContext(trust_roots=roots, allow_fetching=False)
        try:
            status = _outside_event_loop(functools.partial(validate_pdf_signature, sig, context))
        except Exception:  # a signature pyHanko cannot even parse is not valid
            checks.append(SignatureCheck(sig.field_name, "", "", None, False, False, False))
            continue
        subject = status.signing_cert.subject.native
        checks.append(
            SignatureCheck(
                field=sig.field_name,
                signer=subject.get("common_name", ""),
                organisation=subject.get("organization_name", ""),
                signed_at=status.signer_reported_dt,
                intact=bool(status.intact and status.valid),
                unchanged=_unchanged(status),
                trusted=bool(status.trusted),
            )
        )
    return checks


def _unchanged(status: object) -> bool:
    coverage = getattr(status, "coverage", None)
    if coverage is None:
        return False
    if coverage.name == "ENTIRE_FILE":
        return True
    # Later revisions may only add signatures and their appearances (pyHanko's diff policy).
    level = getattr(status, "modification_level", None)
    return coverage.name == "ENTIRE_REVISION" and level is not None and level.value <= 2


def _load_cert(data: bytes) -> asn1_x509.Certificate:
    if data.lstrip().startswith(b"-----BEGIN"):
        from asn1crypto import pem

        _, _, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)
