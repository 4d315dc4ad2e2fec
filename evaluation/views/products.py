"""The catalogue of products (HR imports and exports it, units propose, the head of the agency
approves) and the tasks assigned from it: the head's assignment and confirmation page and the
person's task list with the report form (Decree 335 Arts 13, 14, 18; docs/products.md)."""

from __future__ import annotations

import mimetypes

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from forms.assessment import ReasonForm
from forms.disclosure import ImportUploadForm
from forms.product import (
    AssignForm,
    ConfirmForm,
    ProposeForm,
    ReportForm,
    TakeOverForm,
    VersionForm,
)

from .. import permissions as perm
from .._time import today
from ..extensions import db
from ..models import CatalogueVersion, Product, Staff, Task, TaskKind, TaskStatus, Unit
from ..permissions import products as pperm
from ..services import ValidationError
from ..services import products as catalogue
from ..services import tasks as task_service
from ..text import N_
from .downloads import send_bytes
from .imports import excel_mimetype

bp = Blueprint("products", __name__)

STATUS_LABELS = {
    TaskStatus.ASSIGNED: N_("Đang thực hiện"),
    TaskStatus.REPORTED: N_("Đã báo cáo, chờ xác nhận"),
    TaskStatus.CONFIRMED: N_("Đã xác nhận"),
    TaskStatus.HANDED_BACK: N_("Đã trả lại"),
}


def _status_labels() -> dict[str, str]:
    return {status.value: _(label) for status, label in STATUS_LABELS.items()}


def _version(version_id: int) -> CatalogueVersion:
    version = db.session.get(CatalogueVersion, version_id)
    perm.in_agency_or_404(version)
    return version


def _task(task_id: int) -> Task:
    task = db.session.get(Task, task_id)
    perm.in_agency_or_404(task)
    return task


# --- the catalogue ----------------------------------------------------------------------------


def _catalogue_page(status: int = 200, **forms):
    agency_id = current_user.agency_id
    in_force = catalogue.version_in_force(agency_id, today())
    proposed = catalogue.proposed_version(agency_id)
    units = {u.id: u for u in db.session.scalars(select(Unit).where(Unit.agency_id == agency_id))}
    return (
        render_template(
            "products/catalogue.html",
            in_force=in_force,
            proposed=proposed,
            versions=catalogue.versions(agency_id),
            units=units,
            version_form=forms.get("version_form") or VersionForm(formdata=None),
            import_form=forms.get("import_form") or ImportUploadForm(formdata=None),
            propose_form=forms.get("propose_form") or ProposeForm(formdata=None),
            problems=forms.get("problems", []),
            can_manage=pperm.can_manage_catalogue(current_user),
            can_propose=pperm.can_propose(current_user) and current_user.staff_id is not None,
            can_approve=pperm.is_agency_head(current_user),
        ),
        status,
    )


@bp.route("/catalogue")
@login_required
def catalogue_index():
    return _catalogue_page()


@bp.route("/catalogue/new", methods=["POST"])
@login_required
def new_version():
    perm.require(pperm.can_manage_catalogue(current_user))
    form = VersionForm()
    if form.validate_on_submit():
        try:
            catalogue.start_version(
                current_user.agency, form.valid_from.data, form.standard_unit.data
            )
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã lập danh mục mới để đề xuất và tổng hợp."), "success")
            return redirect(url_for("products.catalogue_index"))
    return _catalogue_page(422, version_form=form)


@bp.route("/catalogue/<int:version_id>/import", methods=["POST"])
@login_required
def import_catalogue(version_id: int):
    perm.require(pperm.can_manage_catalogue(current_user))
    version = _version(version_id)
    form = ImportUploadForm()
    problems: list[dict] = []
    if form.validate_on_submit():
        try:
            problems = catalogue.import_catalogue(version, form.file.data.read())
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            if not problems:
                db.session.commit()
                flash(_("Đã nhập %(n)s sản phẩm, công việc.", n=len(version.products)), "success")
                return redirect(url_for("products.catalogue_index"))
            db.session.rollback()
    return _catalogue_page(422, import_form=form, problems=problems)


@bp.route("/catalogue/<int:version_id>/export.xlsx")
@login_required
def export_catalogue(version_id: int):
    version = _version(version_id)
    content = catalogue.export_catalogue(version)
    return send_bytes(
        content, f"danh-muc-san-pham-{version.valid_from:%Y%m%d}.xlsx", excel_mimetype()
    )


@bp.route("/catalogue/<int:version_id>/propose", methods=["POST"])
@login_required
def propose(version_id: int):
    perm.require(pperm.can_propose(current_user) and current_user.staff_id is not None)
    version = _version(version_id)
    form = ProposeForm()
    if form.validate_on_submit():
        unit = db.session.get(Staff, current_user.staff_id).unit
        try:
            catalogue.propose_product(version, unit, form.data)
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã gửi đề xuất của đơn vị."), "success")
            return redirect(url_for("products.catalogue_index"))
    return _catalogue_page(422, propose_form=form)


@bp.route("/catalogue/<int:version_id>/approve", methods=["POST"])
@login_required
def approve(version_id: int):
    perm.require(pperm.is_agency_head(current_user))
    version = _version(version_id)
    try:
        catalogue.approve(version, current_user)
    except ValidationError as error:
        db.session.rollback()
        for _field, message in error.errors:
            flash(message, "error")
    else:
        db.session.commit()
        flash(_("Đã phê duyệt danh mục sản phẩm, công việc."), "success")
    return redirect(url_for("products.catalogue_index"))


# --- the head: assign and confirm --------------------------------------------------------------


def _team() -> list[Staff]:
    units = perm.headed_units(current_user)
    return list(
        db.session.scalars(
            select(Staff)
            .where(
                Staff.agency_id == current_user.agency_id,
                Staff.unit_id.in_(units),
                Staff.id != (current_user.staff_id or 0),
                Staff.end_date.is_(None) | (Staff.end_date >= today()),
            )
            .order_by(Staff.name_sort, Staff.id)
        )
    )


def _assign_form(team: list[Staff], products: list[Product], formdata=None) -> AssignForm:
    form = AssignForm(formdata=formdata)
    form.staff_id.choices = [(s.id, f"{s.full_name} ({s.code})") for s in team]
    form.product_id.choices = [
        (p.id, f"{p.code} · {p.name} ({p.coefficient.normalize():f} / {p.unit_name})")
        for p in products
    ]
    return form


def _assign_page(status: int = 200, form: AssignForm | None = None, task_forms=None):
    team = _team()
    in_force = catalogue.version_in_force(current_user.agency_id, today())
    products = list(in_force.products) if in_force else []
    ids = [s.id for s in team]
    tasks = list(
        db.session.scalars(
            select(Task)
            .where(Task.staff_id.in_(ids), Task.due_on >= today().replace(month=1, day=1))
            .order_by(Task.due_on.desc(), Task.id.desc())
        )
    )
    take_over = TakeOverForm(formdata=None)
    take_over.staff_id.choices = [(s.id, s.full_name) for s in team]
    return (
        render_template(
            "products/assign.html",
            form=form or _assign_form(team, products),
            status_labels=_status_labels(),
            taken={t.taken_from_id for t in tasks if t.taken_from_id},
            in_force=in_force,
            tasks=tasks,
            task_forms=task_forms or {},
            confirm_form=ConfirmForm(formdata=None),
            reason_form=ReasonForm(formdata=None),
            take_over_form=take_over,
        ),
        status,
    )


@bp.route("/tasks/assign", methods=["GET", "POST"])
@login_required
def assign():
    perm.require(pperm.can_assign(current_user))
    if request.method == "GET":
        return _assign_page()
    team = _team()
    in_force = catalogue.version_in_force(current_user.agency_id, today())
    form = _assign_form(team, list(in_force.products) if in_force else [], request.form)
    if form.validate_on_submit():
        staff = next(s for s in team if s.id == form.staff_id.data)
        product = db.session.get(Product, form.product_id.data)
        try:
            task_service.assign(
                staff,
                product,
                {
                    "quantity": form.quantity.data,
                    "expected_output": form.expected_output.data,
                    "due_on": form.due_on.data,
                },
                by=current_user,
                kind=TaskKind(form.kind.data),
            )
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã giao nhiệm vụ cho %(name)s.", name=staff.full_name), "success")
            return redirect(url_for("products.assign"))
    return _assign_page(422, form=form)


def _managed(task_id: int) -> Task:
    task = _task(task_id)
    perm.require(pperm.manages_task(current_user, task))
    return task


@bp.route("/tasks/<int:task_id>/confirm", methods=["POST"])
@login_required
def confirm(task_id: int):
    task = _managed(task_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            task_service.confirm(task, form.data, by=current_user)
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã xác nhận kết quả."), "success")
            return redirect(url_for("products.assign"))
    return _assign_page(422, task_forms={task_id: form})


@bp.route("/tasks/<int:task_id>/send-back", methods=["POST"])
@login_required
def send_back(task_id: int):
    task = _managed(task_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            task_service.send_back(task, form.reason.data)
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã trả lại báo cáo để làm tiếp."), "success")
            return redirect(url_for("products.assign"))
    return _assign_page(422, task_forms={task_id: form})


@bp.route("/tasks/<int:task_id>/take-over", methods=["POST"])
@login_required
def take_over(task_id: int):
    task = _managed(task_id)
    team = _team()
    form = TakeOverForm()
    form.staff_id.choices = [(s.id, s.full_name) for s in team]
    if form.validate_on_submit():
        staff = next(s for s in team if s.id == form.staff_id.data)
        try:
            task_service.take_over(task, staff, {"due_on": form.due_on.data}, by=current_user)
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã giao lại nhiệm vụ cho %(name)s.", name=staff.full_name), "success")
            return redirect(url_for("products.assign"))
    return _assign_page(422, task_forms={task_id: form})


# --- the person: report, hand back -------------------------------------------------------------


def _my_page(status: int = 200, task_forms=None):
    perm.require(current_user.staff_id is not None)
    tasks = list(
        db.session.scalars(
            select(Task)
            .where(
                Task.staff_id == current_user.staff_id,
                Task.due_on >= today().replace(month=1, day=1),
            )
            .order_by(Task.due_on, Task.id)
        )
    )
    return (
        render_template(
            "products/my_tasks.html",
            tasks=tasks,
            status_labels=_status_labels(),
            task_forms=task_forms or {},
            report_form=ReportForm(formdata=None),
            reason_form=ReasonForm(formdata=None),
        ),
        status,
    )


@bp.route("/tasks")
@login_required
def my_tasks():
    return _my_page()


def _owned(task_id: int) -> Task:
    task = _task(task_id)
    perm.require(pperm.owns_task(current_user, task))
    return task


@bp.route("/tasks/<int:task_id>/report", methods=["POST"])
@login_required
def report(task_id: int):
    task = _owned(task_id)
    form = ReportForm()
    if form.validate_on_submit():
        storage = form.output_file.data
        upload = (storage.filename or "", storage.read()) if storage and storage.filename else None
        try:
            task_service.report(
                task, link=form.output_link.data, upload=upload, note=form.note.data
            )
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã báo cáo hoàn thành; chờ người quản lý xác nhận."), "success")
            return redirect(url_for("products.my_tasks"))
    return _my_page(422, task_forms={task_id: form})


@bp.route("/tasks/<int:task_id>/hand-back", methods=["POST"])
@login_required
def hand_back(task_id: int):
    task = _owned(task_id)
    form = ReasonForm()
    if form.validate_on_submit():
        try:
            task_service.hand_back(task, form.reason.data)
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã trả lại nhiệm vụ cho người giao việc."), "success")
            return redirect(url_for("products.my_tasks"))
    return _my_page(422, task_forms={task_id: form})


@bp.route("/tasks/<int:task_id>/output")
@login_required
def output(task_id: int):
    task = _task(task_id)
    perm.require(pperm.can_see_output(current_user, task))
    if task.status == TaskStatus.ASSIGNED or not task.output_filename:
        abort(404)
    kind = mimetypes.guess_type(task.output_filename)[0] or "application/octet-stream"
    return send_bytes(task.output_file, task.output_filename, kind)
