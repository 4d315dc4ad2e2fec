"""The Xếp loại application: create_app() wires configuration, extensions and blueprints."""

from __future__ import annotations

import os

from flask import Flask, g, has_request_context, request, session
from flask_login import current_user

from config import CONFIGS, Config, ProductionConfig


def create_app(config: type[Config] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    config = config or CONFIGS[os.environ.get("XEPLOAI_ENV", "development")]
    if config is ProductionConfig:
        ProductionConfig.check()
    app.config.from_object(config)
    os.makedirs(app.instance_path, exist_ok=True)
    trusted = int(app.config.get("TRUSTED_PROXIES", 0) or 0)
    if trusted > 0:
        # Behind N load balancers/proxies: trust exactly N X-Forwarded-* hops (client IP for the
        # sign-in throttle, https scheme for secure cookies and redirects).
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=trusted, x_proto=trusted, x_host=trusted, x_port=trusted
        )

    register_extensions(app)
    from . import input_guard

    input_guard.register(app)  # before the blueprints: their `int` ids use its converter
    register_blueprints(app)
    from .services import mail

    mail.init_app(app)  # queued e-mails leave through a background job after the request
    register_template_helpers(app)
    register_security_headers(app)
    register_errors(app)
    register_commands(app)
    return app


def select_locale() -> str:
    if not has_request_context():  # commands and services called outside a request
        return "vi"
    user = current_user._get_current_object()
    # Decided once per request and user: after a commit the user row is expired, and asking
    # it again (for the "saved" message of every save) would reload it from the database.
    known = g.get("locale_for_user")
    if known is not None and known[0] is user:
        return known[1]
    if getattr(user, "is_authenticated", False) and user.locale:
        lang = user.locale
    else:
        lang = session.get("lang") or "vi"
    g.locale_for_user = (user, lang)
    return lang


def register_extensions(app: Flask) -> None:
    from sqlalchemy import bindparam, event, select
    from sqlalchemy.orm import joinedload

    from . import models  # noqa: F401 - the metadata must know every table
    from .extensions import babel, csrf, db, limiter, login_manager, migrate, ping_when_idle

    db.init_app(app)
    migrations = os.path.join(os.path.dirname(os.path.dirname(__file__)), "migrations")
    migrate.init_app(app, db, directory=migrations, render_as_batch=True, compare_type=True)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"

    # Every request loads the user: the roles come in the same query. The statement is built
    # once (building it and its cache key per request cost about 2% of a save's CPU).
    user_with_roles = (
        select(models.User)
        .options(joinedload(models.User.roles), joinedload(models.User.staff))
        .where(models.User.id == bindparam("user_id"))
    )

    @login_manager.user_loader
    def load_user(user_id: str):
        # "id:version": a session signed before a logout, password change, disabling or role
        # change names an older version and is refused; so is an account no longer active.
        wanted, _sep, version = user_id.partition(":")
        try:
            wanted_id, wanted_version = int(wanted), int(version)
        except ValueError:
            return None  # a session cookie from elsewhere or older: signed out, not an error
        found = db.session.execute(user_with_roles, {"user_id": wanted_id})
        user = found.unique().scalar_one_or_none()
        if user is None or user.session_version != wanted_version or not user.is_active:
            return None
        return user

    with app.app_context():
        if db.engine.dialect.name != "sqlite":  # a server that may restart or cut connections
            ping_when_idle(db.engine, app.config["DB_PING_IDLE_SECONDS"])
        if db.engine.dialect.name == "sqlite":
            # WAL + busy timeout: concurrent readers and writers without "database is locked".
            @event.listens_for(db.engine, "connect")
            def _sqlite_pragmas(dbapi_connection, _record):
                cursor = dbapi_connection.cursor()
                cursor.execute("PRAGMA foreign_keys=ON")
                cursor.execute("PRAGMA busy_timeout=5000")
                if app.config["SQLALCHEMY_DATABASE_URI"] not in ("sqlite://", "sqlite:///:memory:"):
                    cursor.execute("PRAGMA journal_mode=WAL")
                cursor.close()


def register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .views import BLUEPRINTS

    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.register_blueprint(api_bp)


def register_template_helpers(app: Flask) -> None:
    import labels
    from scoring.vocabulary import RANK

    from . import permissions
    from .forms_support import action_form

    @app.template_filter("vndate")
    def vndate(value) -> str:
        return value.strftime("%d/%m/%Y") if value else ""

    @app.template_filter("vndatetime")
    def vndatetime(value) -> str:
        if not value:
            return ""
        from ._time import VN, as_utc

        value = as_utc(value).astimezone(VN)
        return value.strftime("%d/%m/%Y %H:%M")

    @app.template_filter("num")
    def num(value, places: int = 2) -> str:
        from .text import number

        return number(value, places)

    @app.template_filter("numtext")
    def numtext(value) -> str:
        from .text import number_text

        return number_text(value)

    from .messages import audit_action, audit_entity, for_people, provisional_rules, regime_name

    app.add_template_filter(for_people, "for_people")
    app.add_template_filter(regime_name, "regime_name")
    app.add_template_filter(audit_action, "audit_action")
    app.add_template_filter(audit_entity, "audit_entity")

    def provisional_notes(board) -> list:
        return provisional_rules(
            [row.result.get("reasons") for _g, rows in board.groups for row in rows if row.result]
        )

    app.jinja_env.globals["provisional_notes"] = provisional_notes

    @app.template_filter("label")
    def label(code, kind: str) -> str:
        return labels.label(getattr(labels, kind), getattr(code, "value", code))

    from .engine_text import reason_message, translate

    app.add_template_filter(translate, "tr")
    app.add_template_filter(reason_message, "reason_text")  # an engine reason, in the UI language

    from .navigation import nav_items

    # Globals (not a context processor) so imported macros see them too.
    app.jinja_env.globals.update(
        perm=permissions,
        choices=labels,
        level_rank=RANK,
        action_form=action_form,
        nav_items=nav_items,
    )

    @app.before_request
    def remember_language() -> None:
        g.lang = select_locale()


def register_security_headers(app: Flask) -> None:
    csp = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    )

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", csp)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        # The session says whether someone is signed in; asking current_user would reload the
        # user after a commit has expired it (two queries per write for one header).
        if request.endpoint and request.endpoint != "static" and "_user_id" in session:
            response.headers["Cache-Control"] = "no-store"  # pages carry personal data
        return response


def register_errors(app: Flask) -> None:
    from .views.errors import register

    register(app)


def register_commands(app: Flask) -> None:
    from .cli import register

    register(app)
