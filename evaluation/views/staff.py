from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from forms.staff import EndStaffForm, StaffForm, StaffSearchForm
from labels import GROUPS

from .. import permissions as perm
from ..extensions import db
from ..forms_support import run_service
from ..models import Staff
from ..services import staff as staff_service
from ..services.org import unit_choices

bp = Blueprint("staff", __name__, url_prefix="/staff")


def _load(staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    perm.in_agency_or_404(staff)
    return staff


def _form_data(form: StaffForm) -> dict:
    return {name: getattr(form, name).data for name in staff_service.STAFF_FIELDS}


@bp.route("/")
@login_required
def index():
    heads = perm.headed_units(current_user)
    perm.require(perm.is_hr(current_user) or bool(heads))
    form = StaffSearchForm(request.args)
    form.unit.choices = unit_choices(current_user.agency_id, blank=_("Tất cả đơn vị"))
    form.group.choices = [("", _("Tất cả nhóm"))] + GROUPS
    if form.group.data and form.group.data not in dict(GROUPS):  # an unknown group: no filter
        form.group.errors = [_("Nhóm không hợp lệ; hãy chọn trong danh sách.")]
        form.group.data = ""
    unit_ids = perm.subtree_ids({form.unit.data}) if form.unit.data else None
    if not perm.is_hr(current_user):  # a head sees only their own units
        unit_ids = (unit_ids & heads) if unit_ids else heads
        unit_ids = unit_ids or {-1}
    stmt = staff_service.search_query(
        current_user.agency_id, q=form.q.data or "", unit_ids=unit_ids, group=form.group.data or ""
    ).options(selectinload(Staff.unit))  # one query for the page's units, not one per row
    page = db.paginate(
        stmt, per_page=current_app.config["STAFF_PAGE_SIZE"], error_out=False, max_per_page=100
    )
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("staff/index.html", form=form, page=page, args=args)


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    perm.require(perm.can_manage_org(current_user))
    form = StaffForm()
    form.unit_id.choices = unit_choices(current_user.agency_id)
    if form.validate_on_submit() and (
        done := run_service(
            lambda: staff_service.create_staff(current_user.agency, _form_data(form)),
            form=form,
            success=lambda staff: _("Đã thêm %(name)s.", name=staff.full_name),
        )
    ):
        staff = done.value
        return redirect(url_for("staff.show", staff_id=staff.id))
    return render_template("staff/form.html", form=form, title=_("Thêm cán bộ"))


@bp.route("/<int:staff_id>")
@login_required
def show(staff_id: int):
    staff = _load(staff_id)
    perm.require(perm.can_view_staff(current_user, staff))
    return render_template("staff/show.html", staff=staff)


@bp.route("/<int:staff_id>/edit", methods=["GET", "POST"])
@login_required
def edit(staff_id: int):
    perm.require(perm.can_manage_org(current_user))
    staff = _load(staff_id)
    form = StaffForm(obj=staff)
    form.unit_id.choices = unit_choices(current_user.agency_id)
    if not form.is_submitted():
        for name in ("gender", "group", "position"):
            getattr(form, name).data = getattr(staff, name).value
    if form.validate_on_submit() and run_service(
        lambda: staff_service.update_staff(staff, _form_data(form)),
        form=form,
        success=_("Đã lưu."),
    ):
        return redirect(url_for("staff.show", staff_id=staff.id))
    return render_template("staff/form.html", form=form, title=_("Sửa hồ sơ"), staff=staff)


@bp.route("/<int:staff_id>/end", methods=["GET", "POST"])
@login_required
def end(staff_id: int):
    perm.require(perm.can_manage_org(current_user))
    staff = _load(staff_id)
    form = EndStaffForm()
    if form.validate_on_submit() and run_service(
        lambda: staff_service.end_staff(staff, form.end_date.data),
        form=form,
        success=_("Đã ghi nhận thôi công tác."),
    ):
        return redirect(url_for("staff.show", staff_id=staff.id))
    return render_template("staff/end.html", form=form, staff=staff)
