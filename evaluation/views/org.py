from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.org import MoveUnitForm, SetHeadForm, UnitForm

from .. import permissions as perm
from ..extensions import db
from ..forms_support import run_service
from ..models import Staff, Unit
from ..services import org as org_service
from ..text import by_full_name

bp = Blueprint("org", __name__, url_prefix="/units")


def _load(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    perm.in_agency_or_404(unit)
    return unit


def _parent_choices(blank: str):
    return org_service.unit_choices(current_user.agency_id, blank=blank)


@bp.route("/")
@login_required
def tree():
    perm.require(perm.can_manage_org(current_user))
    rows = org_service.unit_tree(current_user.agency_id)
    counts = dict(
        db.session.execute(
            select(Staff.unit_id, db.func.count())
            .where(Staff.agency_id == current_user.agency_id, Staff.end_date.is_(None))
            .group_by(Staff.unit_id)
        ).all()
    )
    return render_template("org/tree.html", rows=rows, counts=counts)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    perm.require(perm.can_manage_org(current_user))
    form = UnitForm()
    form.parent_id.choices = _parent_choices(_("(Cấp cao nhất)"))
    if form.validate_on_submit() and run_service(
        lambda: org_service.create_unit(
            current_user.agency,
            code=form.code.data,
            name=form.name.data,
            kind=form.kind.data,
            parent_id=form.parent_id.data or None,
            has_regulation=form.has_regulation.data,
        ),
        form=form,
        success=_("Đã tạo đơn vị."),
    ):
        return redirect(url_for("org.tree"))
    return render_template("org/form.html", form=form, title=_("Thêm đơn vị"))


@bp.route("/<int:unit_id>/edit", methods=["GET", "POST"])
@login_required
def edit(unit_id: int):
    perm.require(perm.can_manage_org(current_user))
    unit = _load(unit_id)
    form = UnitForm(obj=unit)
    form.parent_id.choices = _parent_choices(_("(Cấp cao nhất)"))
    if not form.is_submitted():
        form.parent_id.data = unit.parent_id or 0
        form.kind.data = unit.kind.value
    del form.parent_id  # moving has its own screen and checks
    if form.validate_on_submit() and run_service(
        lambda: org_service.update_unit(
            unit,
            code=form.code.data,
            name=form.name.data,
            kind=form.kind.data,
            has_regulation=form.has_regulation.data,
        ),
        form=form,
        success=_("Đã lưu đơn vị."),
    ):
        return redirect(url_for("org.tree"))
    return render_template("org/form.html", form=form, title=_("Sửa đơn vị"), unit=unit)


@bp.route("/<int:unit_id>/move", methods=["GET", "POST"])
@login_required
def move(unit_id: int):
    perm.require(perm.can_manage_org(current_user))
    unit = _load(unit_id)
    form = MoveUnitForm()
    form.parent_id.choices = _parent_choices(_("(Cấp cao nhất)"))
    if not form.is_submitted():
        form.parent_id.data = unit.parent_id or 0
    if form.validate_on_submit() and run_service(
        lambda: org_service.move_unit(unit, form.parent_id.data or None),
        form=form,
        success=_("Đã chuyển đơn vị."),
    ):
        return redirect(url_for("org.tree"))
    return render_template("org/form.html", form=form, title=_("Chuyển đơn vị"), unit=unit)


@bp.route("/<int:unit_id>/head", methods=["GET", "POST"])
@login_required
def head(unit_id: int):
    perm.require(perm.can_manage_org(current_user))
    unit = _load(unit_id)
    form = SetHeadForm()
    people = sorted(
        db.session.scalars(
            select(Staff).where(
                Staff.unit_id.in_(perm.subtree_ids({unit.id})), Staff.end_date.is_(None)
            )
        ),
        key=by_full_name,
    )
    form.head_id.choices = [(0, _("(Chưa giao)"))] + [
        (s.id, f"{s.full_name} — {s.title}") for s in people
    ]
    if not form.is_submitted():
        form.head_id.data = unit.head_id or 0
    if form.validate_on_submit() and run_service(
        lambda: org_service.set_head(unit, form.head_id.data or None),
        form=form,
        success=_("Đã giao người đứng đầu đơn vị."),
    ):
        return redirect(url_for("org.tree"))
    return render_template("org/form.html", form=form, title=_("Giao người đứng đầu"), unit=unit)
