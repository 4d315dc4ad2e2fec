from urllib.parse import quote, urlsplit, urlunsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import format_time
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from forms.auth import ChangePasswordForm, SignInForm, SimpleActionForm

from ..extensions import db, limiter
from ..forms_support import run_service
from ..services.accounts import change_password, end_sessions, sign_in

bp = Blueprint("auth", __name__)


def _login_limit() -> str:
    from flask import current_app

    return current_app.config["LOGIN_RATE_LIMIT"]


def safe_next(target: str | None) -> str:
    """A local path to go to after sign-in or a language change, else the home page.

    The target is parsed and rebuilt from its path and query only: a scheme, a host, a
    backslash or any control character (a tab or line break that browsers strip or that
    would split the Location header) sends the user home instead of elsewhere."""
    home = url_for("main.home")
    if not target or any(ord(c) < 32 or ord(c) == 127 or c == "\\" for c in target):
        return home
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return home
    path = quote(parts.path, safe="/%:@!$&'()*+,;=-._~")
    if path.startswith("//"):
        return home
    return urlunsplit(("", "", path, quote(parts.query, safe="=&%+-._~:/?@!$'()*,;"), ""))


def _failed_sign_in(response) -> bool:
    # The address limit counts failed attempts only: a correct sign-in redirects (302).
    return response.status_code != 302


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(_login_limit, methods=["POST"], deduct_when=_failed_sign_in)
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    if form.validate_on_submit():
        outcome = sign_in(form.username.data, form.password.data)
        if outcome.user is not None:
            session.clear()
            login_user(outcome.user, remember=form.remember.data)
            db.session.commit()
            return redirect(safe_next(request.args.get("next")))
        db.session.commit()  # the count of wrong passwords, the throttle
        if outcome.locked_until is not None:
            message = _(
                "Bạn đã thử quá nhiều lần với mật khẩu sai nên tài khoản tạm khóa để bảo vệ. "
                "Hãy thử lại sau %(time)s, hoặc nhờ bộ phận tổ chức cán bộ mở khóa.",
                time=format_time(outcome.locked_until, "HH:mm"),
            )
            form.form_errors.append(message)
            return render_template("auth/login.html", form=form), 429
        if outcome.inactive:
            form.form_errors.append(
                _(
                    "Tài khoản này đã ngừng hoạt động. Nếu bạn vẫn đang công tác, "
                    "hãy liên hệ quản trị hệ thống."
                )
            )
        else:
            form.form_errors.append(_("Tên đăng nhập hoặc mật khẩu không đúng."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if SimpleActionForm().validate_on_submit():
        end_sessions(current_user)  # a copy of the cookie taken before is worth nothing now
        db.session.commit()
        logout_user()
        session.clear()
        flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password():
    form = ChangePasswordForm()
    if form.validate_on_submit() and run_service(
        lambda: change_password(current_user, form.current.data, form.new.data), form=form
    ):
        login_user(current_user._get_current_object())  # this session, signed anew
        flash(_("Đã đổi mật khẩu."), "success")
        return redirect(url_for("main.profile"))
    return render_template("auth/password.html", form=form)


@bp.route("/lang/<code>", methods=["POST"])
def set_language(code: str):
    if code not in ("vi", "en"):
        from flask import abort

        abort(404)
    if SimpleActionForm().validate_on_submit():
        session["lang"] = code
        if current_user.is_authenticated:
            current_user.locale = code
            db.session.commit()
    return redirect(safe_next(request.form.get("next")))
