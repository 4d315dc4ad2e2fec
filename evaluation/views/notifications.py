"""The address a person's reminders and notices are mailed to (services/mail.py), and HR's
reminders of a unit to the people who still have something to do (services/reminders.py)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.auth import SimpleActionForm
from forms.signatures import NotificationEmailForm, ReminderFilterForm

from .. import permissions as perm
from .._time import today
from ..extensions import db
from ..services import reminders
from ..services.audit import record
from ..services.cycles import current_cycle
from ..services.org import unit_choices

bp = Blueprint("notifications", __name__)


@bp.route("/account/email", methods=["GET", "POST"])
@login_required
def email():
    """The address the person's reminders and notices are mailed to (services/mail.py)."""
    user = current_user._get_current_object()
    form = NotificationEmailForm(data={"email": user.email})
    if form.validate_on_submit():
        before = user.email
        user.email = form.email.data or ""
        record(
            "update",
            "user",
            user.id,
            agency_id=user.agency_id,
            before={"email": before},
            after={"email": user.email},
            user=user,
        )
        db.session.commit()
        flash(_("Đã lưu địa chỉ e-mail."), "success")
        return redirect(url_for("main.profile"))
    status = 422 if form.is_submitted() else 200
    return render_template("account/email.html", form=form), status


def _reminder_scope(form: ReminderFilterForm) -> tuple[set[int] | None, list[str]]:
    form.unit.choices = unit_choices(current_user.agency_id, blank=_("Toàn cơ quan"))
    form.kind.choices = [("", _("Mọi việc còn lại"))] + [
        (k, str(label)) for k, label in reminders.KINDS.items()
    ]
    if form.kind.data and form.kind.data not in reminders.KINDS:
        form.kind.errors = [_("Hãy chọn một việc trong danh sách.")]
        form.kind.data = ""
    unit_ids = None
    if form.unit.data:
        if form.unit.data not in dict(form.unit.choices):
            abort(404)
        unit_ids = perm.subtree_ids({form.unit.data})
    kinds = [form.kind.data] if form.kind.data else list(reminders.KINDS)
    return unit_ids, kinds


@bp.route("/reminders", methods=["GET", "POST"])
@login_required
def reminders_page():
    """HR sees who would be reminded (per unit, of what is left to them), then sends."""
    perm.require(perm.is_hr(current_user))
    form = ReminderFilterForm(request.args)
    unit_ids, kinds = _reminder_scope(form)
    cycle = current_cycle(current_user.agency_id)
    day = today()
    dues = reminders.whats_left(cycle, day, kinds, unit_ids) if cycle else []
    action = SimpleActionForm()
    if request.method == "POST":
        if not action.validate_on_submit() or cycle is None:
            abort(400)
        count = reminders.send(cycle, dues, day, current_user)
        db.session.commit()
        flash(_("Đã gửi %(n)s thư nhắc việc.", n=count), "success")
        return redirect(url_for("notifications.reminders_page", **request.args))
    return render_template(
        "reminders/index.html",
        form=form,
        action=action,
        cycle=cycle,
        dues=dues,
        kinds=reminders.KINDS,
        named=[d for d in dues if d.kind != "review"],
        reviews=reminders.review_counts(dues),
        reminded={(d.user.id, d.kind) for d in dues if reminders.reminded_today(d, day)},
        without_address=sum(1 for d in dues if not d.address),
    )
