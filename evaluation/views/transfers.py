"""Transfers (Decree 335 Art 19.1): HR exports a leaving person's periodic results and imports
those of a person who arrived (docs/transfers.md)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.transfers import TransferExportForm, TransferImportForm

from .. import permissions as perm
from ..extensions import db
from ..models import Staff
from ..services import ValidationError
from ..services import transfers as svc
from ..services.cycles import current_cycle
from .downloads import send_bytes

bp = Blueprint("transfers", __name__, url_prefix="/transfers")


def _by_code(code: str) -> Staff | None:
    return db.session.scalars(
        select(Staff).where(Staff.agency_id == current_user.agency_id, Staff.code == code)
    ).first()


def _page(import_form=None, export_form=None, status: int = 200):
    cycle = current_cycle(current_user.agency_id)
    rows = svc.imported_in(current_user.agency_id, cycle.year) if cycle else []
    return render_template(
        "transfers/index.html",
        cycle=cycle,
        rows=rows,
        import_form=import_form or TransferImportForm(),
        export_form=export_form or TransferExportForm(formdata=None),
    ), status


@bp.route("/")
@login_required
def index():
    perm.require(perm.is_hr(current_user))
    return _page()


@bp.route("/export")
@login_required
def export():
    perm.require(perm.is_hr(current_user))
    if "code" not in request.args:  # nothing asked yet: the page with the form
        return redirect(url_for("transfers.index"))
    form = TransferExportForm(request.args)
    cycle = current_cycle(current_user.agency_id)
    if not form.validate():
        return _page(export_form=form, status=422)
    staff = _by_code(form.code.data)
    if staff is None:
        form.code.errors.append(_("Không có cán bộ nào có mã này trong cơ quan."))
        return _page(export_form=form, status=422)
    if cycle is None:
        form.form_errors.append(_("Chưa có kỳ đánh giá nào."))
        return _page(export_form=form, status=422)
    try:
        content = svc.export_bytes(cycle, staff)
    except ValidationError as error:
        db.session.rollback()
        error.apply_to(form)
        return _page(export_form=form, status=422)
    db.session.commit()  # the audit row of the export
    name = f"chuyen-ket-qua-{staff.code}-{cycle.year}.json"
    return send_bytes(content, name, "application/json")


@bp.route("/import", methods=["POST"])
@login_required
def import_file():
    perm.require(perm.is_hr(current_user))
    form = TransferImportForm()
    cycle = current_cycle(current_user.agency_id)
    if not form.validate_on_submit():
        return _page(import_form=form, status=422)
    staff = _by_code(form.staff_code.data)
    if staff is None:
        form.staff_code.errors.append(_("Không có cán bộ nào có mã này trong cơ quan."))
        return _page(import_form=form, status=422)
    if cycle is None:
        form.form_errors.append(_("Chưa có kỳ đánh giá nào."))
        return _page(import_form=form, status=422)
    try:
        rows = svc.import_file(
            current_user.agency, cycle, staff, form.file.data.read(), current_user
        )
    except ValidationError as error:
        db.session.rollback()
        error.apply_to(form)
        return _page(import_form=form, status=422)
    db.session.commit()
    flash(_("Đã nhập %(n)s kỳ của %(name)s.", n=len(rows), name=staff.full_name), "success")
    return redirect(url_for("transfers.index"))
