"""Sign-in and accounts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .._time import as_utc, now
from ..extensions import db
from ..models import Agency, RoleAssignment, RoleName, Staff, User
from . import ValidationError
from .audit import record


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@cache
def _dummy_hash(method: str) -> str:
    """A hash made the way real ones are (same method and cost): checking a password against
    it for an unknown name takes as long as for a real account, so timing reveals no names."""
    return generate_password_hash("not-a-real-password", method=method)


@dataclass(frozen=True)
class SignIn:
    """The outcome of a sign-in attempt: the account, or why not (and until when)."""

    user: User | None = None
    locked_until: datetime | None = None
    inactive: bool = False  # the right password for a disabled or ended account


def authenticate(username: str, password: str) -> User | None:
    return sign_in(username, password).user


def sign_in(username: str, password: str) -> SignIn:
    """Check a name and password. Wrong passwords in a row for one account (never correct
    ones) throttle that account for a while; the caller says until when."""
    config = current_app.config
    user = db.session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None:
        check_password_hash(_dummy_hash(config["PASSWORD_HASH_METHOD"]), password)
        return SignIn()
    moment = now()
    if user.locked_until is not None and as_utc(user.locked_until) > moment:
        check_password_hash(_dummy_hash(config["PASSWORD_HASH_METHOD"]), password)
        return SignIn(locked_until=as_utc(user.locked_until))
    if not check_password_hash(user.password_hash, password):
        user.failed_sign_ins = (user.failed_sign_ins or 0) + 1
        if user.failed_sign_ins >= config["SIGN_IN_FAILURES_PER_ACCOUNT"]:
            user.locked_until = moment + timedelta(minutes=config["SIGN_IN_LOCK_MINUTES"])
            user.failed_sign_ins = 0
            record("lock", "user", user.id, agency_id=user.agency_id, user=user)
        return SignIn()
    if not user.is_active:
        return SignIn(inactive=True)
    user.failed_sign_ins = 0
    user.locked_until = None
    user.last_login_at = moment
    return SignIn(user=user)


def unlock(user: User) -> None:
    """HR lifts a throttle caused by wrong passwords (audited)."""
    user.failed_sign_ins = 0
    user.locked_until = None
    record("unlock", "user", user.id, agency_id=user.agency_id)


def end_sessions(user: User) -> None:
    """Every session of the user, on every device, ends at its next request."""
    user.end_sessions()


def set_enabled(user: User, enabled: bool) -> None:
    """An admin disables or re-enables an account (audited); disabling ends its sessions."""
    if user.is_enabled == enabled:
        return
    user.is_enabled = enabled
    if not enabled:
        user.end_sessions()
    record(
        "enable" if enabled else "disable",
        "user",
        user.id,
        agency_id=user.agency_id,
        before={"is_enabled": not enabled},
        after={"is_enabled": enabled},
    )


def set_roles(user: User, roles: list[tuple[RoleName, int | None]]) -> None:
    """Replace the account's roles (audited); its sessions end so no page runs on old rights."""
    before = sorted((r.role.value, r.unit_id or 0) for r in user.roles)
    user.roles = [RoleAssignment(role=r, agency_id=user.agency_id, unit_id=u) for r, u in roles]
    user.end_sessions()
    record(
        "roles",
        "user",
        user.id,
        agency_id=user.agency_id,
        before={"roles": before},
        after={"roles": sorted((r.value, u or 0) for r, u in roles)},
    )


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise ValidationError(("current", _("Mật khẩu hiện tại không đúng.")))
    if current == new:
        raise ValidationError(("new", _("Mật khẩu mới phải khác mật khẩu cũ.")))
    user.password_hash = hash_password(new)
    user.end_sessions()  # every other session of the account ends; this one is signed again
    record("change_password", "user", user.id, agency_id=user.agency_id, user=user)


def create_user(
    agency: Agency,
    username: str,
    password: str,
    *,
    staff: Staff | None = None,
    roles: list[tuple[RoleName, int | None]] = (),
    password_hash: str | None = None,
) -> User:
    """`password_hash`: a hash computed once by bulk loaders (the province generator) so
    thousands of generated accounts do not each pay for a slow key derivation."""
    if db.session.scalars(select(User).where(User.username == username)).first():
        raise ValidationError(("username", _("Tên đăng nhập đã được dùng.")))
    user = User(
        username=username,
        password_hash=password_hash or hash_password(password),
        agency_id=agency.id,
        staff=staff,
    )
    user.roles = [RoleAssignment(role=r, agency_id=agency.id, unit_id=u) for r, u in roles]
    db.session.add(user)
    db.session.flush()
    record(
        "create",
        "user",
        user.id,
        agency_id=agency.id,
        after={"username": username, "roles": [r.value for r, _u in roles]},
    )
    return user
