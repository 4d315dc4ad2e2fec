"""Imports of staff, units and earlier years' results from Excel: upload → preview → confirm."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exports import excel
from forms.auth import SimpleActionForm
from forms.disclosure import ImportUploadForm

from .. import permissions as perm
from ..extensions import db
from ..forms_support import run_service
from ..models import ImportBatch
from ..permissions.disclosure import can_import
from ..services import ValidationError
from ..services import imports as import_service
from ..text import N_
from .downloads import send_bytes

bp = Blueprint("imports", __name__, url_prefix="/imports")

TEMPLATES = {
    "staff": (excel.staff_template, "mau-nhap-can-bo.xlsx"),
    "history": (excel.history_template, "mau-nhap-ket-qua-cac-nam.xlsx"),
    "party": (excel.party_template, "mau-nhap-dang-vien.xlsx"),
}
TITLES = {
    "staff": N_("Nhập cán bộ và đơn vị"),
    "history": N_("Nhập kết quả xếp loại các năm trước"),
    "party": N_("Nhập đảng viên và chi bộ"),
}


def _titles() -> dict[str, str]:
    return {kind: _(title) for kind, title in TITLES.items()}


@bp.route("/")
@login_required
def index():
    perm.require(can_import(current_user))
    forms = {kind: ImportUploadForm(prefix=kind) for kind in import_service.KINDS}
    return render_template("imports/index.html", forms=forms, titles=_titles())


@bp.route("/template/<any(staff, history, party):kind>.xlsx")
@login_required
def template(kind: str):
    perm.require(can_import(current_user))
    build, filename = TEMPLATES[kind]
    return send_bytes(build(), filename, excel_mimetype())


def excel_mimetype() -> str:
    return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/<any(staff, history, party):kind>", methods=["POST"])
@login_required
def upload(kind: str):
    perm.require(can_import(current_user))
    form = ImportUploadForm(prefix=kind)
    if form.validate_on_submit():
        storage = form.file.data
        if done := run_service(
            lambda: import_service.upload(
                current_user.agency, kind, storage.filename or "", storage.read(), current_user
            ),
            form=form,
        ):
            batch = done.value
            return redirect(url_for("imports.preview", batch_id=batch.id))
    forms = {k: ImportUploadForm(prefix=k) for k in import_service.KINDS}
    forms[kind] = form
    return render_template("imports/index.html", forms=forms, titles=_titles()), 422


def _load(batch_id: int) -> ImportBatch:
    batch = db.session.get(ImportBatch, batch_id)
    perm.in_agency_or_404(batch)
    return batch


@bp.route("/<int:batch_id>")
@login_required
def preview(batch_id: int):
    perm.require(can_import(current_user))
    batch = _load(batch_id)
    return render_template("imports/preview.html", batch=batch, title=_(TITLES[batch.kind]))


@bp.route("/<int:batch_id>/confirm", methods=["POST"])
@login_required
def confirm(batch_id: int):
    perm.require(can_import(current_user))
    batch = _load(batch_id)
    if not SimpleActionForm().validate_on_submit():
        abort(400)
    try:
        summary = import_service.confirm(batch, current_user)
    except ValidationError as error:
        db.session.rollback()  # all or nothing
        for _field, message in error.errors[:20]:
            flash(message, "error")
        return redirect(url_for("imports.preview", batch_id=batch_id))
    db.session.commit()
    flash(_("Đã nhập dữ liệu: %(summary)s.", summary=import_service.describe(summary)), "success")
    return redirect(url_for("imports.preview", batch_id=batch_id))
