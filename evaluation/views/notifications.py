"""The address a person's reminders and notices are mailed to (services/mail.py)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.signatures import NotificationEmailForm

from ..extensions import db
from ..services.audit import record

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
