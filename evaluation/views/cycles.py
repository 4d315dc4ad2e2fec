from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.auth import SimpleActionForm
from forms.cycle import CycleForm

from .. import permissions as perm
from ..extensions import db
from ..forms_support import run_service
from ..models import Cycle
from ..services import ValidationError
from ..services import cycles as cycle_service

bp = Blueprint("cycles", __name__, url_prefix="/cycles")


def _load(cycle_id: int) -> Cycle:
    cycle = db.session.get(Cycle, cycle_id)
    perm.in_agency_or_404(cycle)
    return cycle


def _data(form: CycleForm) -> dict:
    return {
        name: getattr(form, name).data for name in cycle_service.CYCLE_FIELDS if name != "status"
    }


@bp.route("/")
@login_required
def index():
    cycles = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == current_user.agency_id).order_by(Cycle.year.desc())
    ).all()
    return render_template("cycles/index.html", cycles=cycles)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    perm.require(perm.can_manage_cycles(current_user))
    form = CycleForm()
    if not form.is_submitted():
        from .._time import today

        year = today().year
        form.year.data = year
        for name, value in cycle_service.default_deadlines(
            year, current_user.agency.special_deadline
        ).items():
            getattr(form, name).data = value
    if form.validate_on_submit() and (
        done := run_service(
            lambda: cycle_service.create_cycle(current_user.agency, _data(form)),
            form=form,
            success=lambda cycle: _("Đã tạo kỳ đánh giá năm %(year)s.", year=cycle.year),
        )
    ):
        cycle = done.value
        return redirect(url_for("cycles.show", cycle_id=cycle.id))
    return render_template("cycles/form.html", form=form, title=_("Tạo kỳ đánh giá"))


@bp.route("/<int:cycle_id>")
@login_required
def show(cycle_id: int):
    cycle = _load(cycle_id)
    return render_template(
        "cycles/show.html", cycle=cycle, regimes=cycle_service.regime_table(cycle)
    )


@bp.route("/<int:cycle_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cycle_id: int):
    perm.require(perm.can_manage_cycles(current_user))
    cycle = _load(cycle_id)
    form = CycleForm(obj=cycle)
    if not form.is_submitted():
        for name in ("period_kind", "quota_base", "cadre_rules", "head_cap_scope"):
            getattr(form, name).data = getattr(cycle, name).value
    if form.validate_on_submit() and run_service(
        lambda: cycle_service.update_cycle(cycle, _data(form)),
        form=form,
        success=_("Đã lưu kỳ đánh giá."),
    ):
        return redirect(url_for("cycles.show", cycle_id=cycle.id))
    return render_template("cycles/form.html", form=form, title=_("Sửa kỳ đánh giá"), cycle=cycle)


@bp.route("/<int:cycle_id>/<any(open, close):action>", methods=["POST"])
@login_required
def change_status(cycle_id: int, action: str):
    perm.require(perm.can_manage_cycles(current_user))
    cycle = _load(cycle_id)
    if SimpleActionForm().validate_on_submit():
        try:
            (cycle_service.open_cycle if action == "open" else cycle_service.close_cycle)(cycle)
        except ValidationError as error:
            flash(error.errors[0][1], "error")
        else:
            db.session.commit()
            flash(
                _("Đã mở kỳ đánh giá.") if action == "open" else _("Đã đóng kỳ đánh giá."),
                "success",
            )
    else:
        flash(_("Biểu mẫu không hợp lệ."), "error")
    return redirect(url_for("cycles.show", cycle_id=cycle.id))
