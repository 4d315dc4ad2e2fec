"""JSON API (/api/v1): the engine's contract over HTTP and read endpoints for other systems.

Callers authenticate with a signed-in HR session or an agency-scoped bearer token. The API is
exempt from CSRF only for bearer-token requests (a browser never sends those on its own)."""

from __future__ import annotations

import hashlib
from functools import wraps

from flask import Blueprint, abort, current_app, g, jsonify, request
from flask_login import current_user
from sqlalchemy import select

from ..extensions import csrf, db
from ..models import ApiToken
from ..permissions import is_hr

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _bearer_agency() -> int | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    token = db.session.scalars(
        select(ApiToken).where(
            ApiToken.token_hash == token_hash(header[7:].strip()), ApiToken.revoked.is_(False)
        )
    ).first()
    if token is None:
        abort(401)
    return token.agency_id


def api_auth(view):
    """HR in a session, or a valid agency token; g.agency_id is the caller's agency."""

    @wraps(view)
    def wrapper(*args, **kwargs):
        agency_id = _bearer_agency()
        if agency_id is None:
            if not current_user.is_authenticated:
                abort(401)
            if not is_hr(current_user):
                abort(403)
            if current_app.config.get("WTF_CSRF_ENABLED", True):
                csrf.protect()  # a session caller is a browser: require its CSRF token
            agency_id = current_user.agency_id
        g.agency_id = agency_id
        return view(*args, **kwargs)

    return wrapper


def json_error(status: int, errors: list[dict]):
    return jsonify({"errors": errors}), status


@bp.errorhandler(401)
def unauthorized(_error):
    return json_error(401, [{"path": "", "message": "Cần đăng nhập hoặc mã truy cập (token)."}])


from . import results, routes, tasks  # noqa: E402,F401 - routes register on bp
