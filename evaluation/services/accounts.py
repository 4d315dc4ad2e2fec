"""Sign-in and accounts."""

from __future__ import annotations

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from .._time import now
from ..extensions import db
from ..models import Agency, RoleAssignment, RoleName, Staff, User
from . import ValidationError
from .audit import record

# A hash to compare against when the user does not exist, so timing does not reveal usernames.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="pbkdf2:sha256:1000")


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


def authenticate(username: str, password: str) -> User | None:
    user = db.session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.is_enabled or not check_password_hash(user.password_hash, password):
        return None
    user.last_login_at = now()
    return user


def change_password(user: User, current: str, new: str) -> None:
    if not check_password_hash(user.password_hash, current):
        raise ValidationError(("current", _("Mật khẩu hiện tại không đúng.")))
    if current == new:
        raise ValidationError(("new", _("Mật khẩu mới phải khác mật khẩu cũ.")))
    user.password_hash = hash_password(new)
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
