"""Digital signatures: HR signs an issued notice with the organisation's key; each person signs
the documents that are theirs (their annual form, the minutes they chaired or took, the decision
their organisation issues) with their own key; anyone signed in checks an uploaded signed PDF
(Decree 335 Art 24: the records are electronic documents)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exports import pdf
from forms.signatures import SignForm, VerifyUploadForm

from .. import permissions as perm
from ..extensions import db
from ..forms_support import run_service
from ..models import Publication
from ..permissions import disclosure as dperm
from ..queries import disclosure as queries
from ..services import ValidationError, register
from ..services import disclosure as disclosure_service
from ..services import signing as service
from .downloads import send_bytes

bp = Blueprint("signatures", __name__, url_prefix="/signatures")
PDF = "application/pdf"


def _publication(publication_id: int) -> Publication:
    publication = db.session.get(Publication, publication_id)
    perm.in_agency_or_404(publication)
    return publication


@bp.route("/notices/<int:publication_id>/sign", methods=["POST"])
@login_required
def sign_notice(publication_id: int):
    perm.require(dperm.can_publish(current_user))
    publication = _publication(publication_id)
    document = register.find(publication.agency_id, f"notice:{publication.id}")
    if document is None:
        abort(404)
    data = queries.notice_data(publication, disclosure_service.scope_unit_ids(publication))
    filename = f"thong-bao-ket-qua-{publication.cycle.year}-da-ky-so.pdf"
    run_service(
        lambda: service.sign_document(document, pdf.notice_pdf(data), filename, current_user),
        success=_("Đã ký số thông báo; tệp tải về từ nay là bản đã ký."),
    )
    return redirect(url_for("disclosure.show", publication_id=publication.id))


@bp.route("/verify", methods=["GET", "POST"])
@login_required
def verify():
    form = VerifyUploadForm()
    checks = None
    status = 200
    if form.validate_on_submit():
        content = form.file.data.read(service.MAX_UPLOAD + 1)
        try:
            if len(content) > service.MAX_UPLOAD:
                raise ValidationError(("file", _("Tệp lớn hơn 20 MB.")))
            checks = service.verify_upload(content)
        except ValidationError as error:
            error.apply_to(form)
            status = 422
    elif form.is_submitted():
        status = 422
    return render_template("signatures/verify.html", form=form, checks=checks), status


@bp.route("/")
@login_required
def index():
    """The documents this person signs, signed or not yet."""
    places = service.places_for(current_user)
    signed = {p.key: service.has_signed(p) for p in places}
    return render_template("signatures/index.html", places=places, signed=signed)


def _place_or_404() -> service.Place:
    place = service.find_place(current_user, request.args.get("place", ""))
    if place is None:
        abort(404)
    return place


@bp.route("/copy")
@login_required
def copy():
    """The document as it stands now (signed so far, else unsigned): what the signer signs."""
    place = _place_or_404()
    content, filename = service.current_copy(place)
    return send_bytes(content, filename, PDF)


@bp.route("/sign", methods=["GET", "POST"])
@login_required
def sign():
    place = _place_or_404()
    form = SignForm()
    pkcs11 = bool(current_app.config.get("SIGNING_PKCS11_LIBRARY"))
    status = 200
    if form.validate_on_submit():
        upload = form.p12.data
        key = service.PersonalKey(
            p12=upload.read(1_000_000) if upload else b"",
            passphrase=form.passphrase.data or "",
            pin=form.pin.data or "",
        )
        try:
            service.sign_place(place, key, current_user)
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
            status = 422
        else:
            db.session.commit()
            flash(_("Đã ký số: %(title)s.", title=place.title), "success")
            return redirect(url_for("signatures.index"))
    elif form.is_submitted():
        status = 422
    done = service.has_signed(place)
    return render_template(
        "signatures/sign.html", form=form, place=place, pkcs11=pkcs11, done=done
    ), status
