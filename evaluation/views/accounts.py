"""Accounts: admins disable and re-enable them, HR lifts a wrong-password throttle."""

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from forms.auth import SimpleActionForm

from .. import permissions as perm
from .._time import as_utc, now
from ..extensions import db
from ..models import User
from ..services import accounts
from ..text import by_full_name

bp = Blueprint("accounts", __name__, url_prefix="/accounts")


def _load(user_id: int) -> User:
    user = db.session.get(User, user_id)
    perm.in_agency_or_404(user)
    return user


def status(user: User) -> str:
    if not user.is_enabled:
        return _("Đã vô hiệu hóa")
    if not user.is_active:
        return _("Đã thôi công tác")
    if user.locked_until is not None and as_utc(user.locked_until) > now():
        return _("Tạm khóa do nhập sai mật khẩu")
    return _("Đang hoạt động")


@bp.route("/")
@login_required
def index():
    perm.require(perm.is_hr(current_user))
    users = db.session.scalars(
        select(User)
        .where(User.agency_id == current_user.agency_id)
        .options(selectinload(User.staff))
    ).all()
    users.sort(key=lambda u: (by_full_name(u.staff) if u.staff else (), u.username))
    return render_template(
        "accounts/index.html", users=users, status=status, moment=now(), as_utc=as_utc
    )


def _act(user_id: int, allowed: bool, change, message: str):
    perm.require(allowed)
    user = _load(user_id)
    if SimpleActionForm().validate_on_submit():
        change(user)
        db.session.commit()
        flash(message, "success")
    return redirect(url_for("accounts.index"))


@bp.route("/<int:user_id>/disable", methods=["POST"])
@login_required
def disable(user_id: int):
    if user_id == current_user.id:  # an admin cannot shut themselves out by one click
        flash(_("Bạn không thể tự vô hiệu hóa tài khoản của mình."), "error")
        return redirect(url_for("accounts.index"))
    return _act(
        user_id,
        perm.is_admin(current_user),
        lambda u: accounts.set_enabled(u, False),
        _("Đã vô hiệu hóa tài khoản; mọi phiên đăng nhập của tài khoản đã kết thúc."),
    )


@bp.route("/<int:user_id>/enable", methods=["POST"])
@login_required
def enable(user_id: int):
    return _act(
        user_id,
        perm.is_admin(current_user),
        lambda u: accounts.set_enabled(u, True),
        _("Đã kích hoạt lại tài khoản."),
    )


@bp.route("/<int:user_id>/unlock", methods=["POST"])
@login_required
def unlock(user_id: int):
    return _act(user_id, perm.is_hr(current_user), accounts.unlock, _("Đã mở khóa đăng nhập."))
