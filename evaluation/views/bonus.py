"""The bonus basis (Decree 335 Art 23; Decree 73/2024 Art 4): HR enters the agency's regulation
and splits a fund for a quarter, a half-year or the year, on screen and as a workbook."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exports.bonus import bonus_workbook
from forms.bonus import BonusRegulationForm, BonusSplitForm

from .. import permissions as perm
from ..extensions import db
from ..services import ValidationError
from ..services import bonus as svc
from ..services.cycles import current_cycle
from ..services.jobs import XLSX
from .downloads import send_bytes

bp = Blueprint("bonus", __name__, url_prefix="/bonus")


@bp.route("/regulation", methods=["GET", "POST"])
@login_required
def regulation():
    perm.require(perm.is_hr(current_user))
    reg = svc.regulation_of(current_user.agency_id)
    form = BonusRegulationForm()
    if request.method == "GET" and reg is not None:
        form.title.data = reg.title
        for level, value in reg.level_coefficients.items():
            getattr(form, level.lower()).data = value.replace(".", ",")
        form.bands.data = svc.bands_text(reg)
        form.version.data = str(reg.version)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in ("title", "htxs", "htt", "htnv")}
        data |= {"khtnv": form.khtnv.data, "bands": form.bands.data}
        version = int(form.version.data) if (form.version.data or "").isdigit() else None
        try:
            svc.save_regulation(current_user.agency, data, version)
            db.session.commit()
            flash(_("Đã lưu quy chế tiền thưởng."), "success")
            return redirect(url_for("bonus.index"))
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
    return render_template("bonus/regulation.html", form=form)


def _split():
    """The split asked for in the query string, or (form, None) with the problems shown."""
    form = BonusSplitForm(request.args)
    cycle = current_cycle(current_user.agency_id)
    if cycle is None or "fund" not in request.args:
        return form, cycle, None
    if not form.validate():
        return form, cycle, None
    try:
        return form, cycle, svc.split_fund(cycle, form.period.data, svc.parse_fund(form.fund.data))
    except ValidationError as error:
        error.apply_to(form)
        return form, cycle, None


@bp.route("/")
@login_required
def index():
    perm.require(perm.is_hr(current_user))
    form, cycle, split = _split()
    return render_template(
        "bonus/index.html",
        form=form,
        cycle=cycle,
        split=split,
        reg=svc.regulation_of(current_user.agency_id),
        label=svc.period_label(cycle, split.period) if split else "",
    )


@bp.route("/split.xlsx")
@login_required
def split_xlsx():
    perm.require(perm.is_hr(current_user))
    _form, cycle, split = _split()
    if split is None:  # the page shows what is wrong next to the field
        return redirect(url_for("bonus.index", **request.args))
    with force_locale("vi"):  # a document the agency files: Vietnamese whatever the screen
        content = bonus_workbook(svc.workbook_data(cycle, split))
    return send_bytes(content, f"phan-chia-quy-thuong-{cycle.year}-{split.period}.xlsx", XLSX)
