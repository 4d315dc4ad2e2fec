"""Fixtures: one app and schema per session; every test starts from empty tables."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from flask import g
from flask.testing import FlaskClient
from sqlalchemy import text

from config import TestConfig
from evaluation import _time, create_app
from evaluation._time import VN
from evaluation.extensions import db

from . import factories, pagecheck
from .conftest_queries import count_queries  # noqa: F401 - shared fixture


class FreshRequestClient(FlaskClient):
    """Tests share one app context with their requests (so db.session sees the same rows);
    forget the signed-in user cached in `g` so every request loads it from its own cookie, and
    the locale cached there (by Flask-Babel and by select_locale) so every request selects its
    language."""

    # When on, every HTML page answered 200 goes through tests/pagecheck.py (the route matrix
    # switches it on): a page with a problem fails the test that asked for it.
    check_pages = False

    def open(self, *args, **kwargs):
        for key in ("_login_user", "_flask_babel", "locale_for_user"):
            g.pop(key, None)
        try:
            response = super().open(*args, **kwargs)
        finally:
            for key in ("_login_user", "_flask_babel", "locale_for_user"):
                g.pop(key, None)
        if self.check_pages and response.status_code == 200 and response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            lang = re.search(r'<html lang="(\w+)"', html)
            path = response.request.path
            found = pagecheck.problems(html, lang.group(1) if lang else "vi")
            assert not found, f"{path}: {found}"
        return response


# The day every test is about unless it names another with @pytest.mark.day("YYYY-MM-DD"):
# a Monday of the 2026 round with the self-assessment open (deadline 30/11/2026), before the
# review window (1-7/12/2026). The system date never matters: CI also runs the suite under
# faketime on other days of the year (.ci/run).
DEFAULT_DAY = date(2026, 11, 16)

# CI runs the suite again as if the machine's date were another day (.ci/run sets
# XEPLOAI_SYSTEM_DATE; Debian's libfaketime 0.9.10 breaks Python's sleep and timed waits, so the
# shift goes through time-machine): the whole session travels there, and the app processes that
# tests start (gunicorn, workers, the scoring CLI) begin their clock there. Each test still
# pins its own day on top, so nothing may change.
SYSTEM_DATE = os.environ.get("XEPLOAI_SYSTEM_DATE")


def pytest_configure(config):
    if SYSTEM_DATE:
        time_machine.travel(datetime.fromisoformat(SYSTEM_DATE), tick=True).start()
        # This process imported the clock above, without an offset; only child processes read
        # the variable.
        assert _time._offset == timedelta(0)
        os.environ[_time.CLOCK_START_VARIABLE] = SYSTEM_DATE


def pytest_report_header(config):
    return f"system date for this run: {SYSTEM_DATE}" if SYSTEM_DATE else None


@pytest.fixture(autouse=True)
def clock(request):
    """Pin the clock to the test's day (09:00 in Vietnam) and let it tick from there; the test
    can move it further with `clock.move_to(...)`."""
    marker = request.node.get_closest_marker("day")
    day = date.fromisoformat(marker.args[0]) if marker else DEFAULT_DAY
    at = time.fromisoformat(marker.kwargs.get("at", "09:00")) if marker else time(9, 0)
    with time_machine.travel(datetime.combine(day, at, tzinfo=VN), tick=True) as traveller:
        yield traveller


@pytest.fixture(scope="session")
def _app():
    app = create_app(TestConfig)
    app.test_client_class = FreshRequestClient
    with app.app_context():
        db.drop_all()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()


@pytest.fixture
def app(_app):
    """A fresh app context per test; every table is emptied afterwards."""
    with _app.app_context():
        yield _app
        _empty_tables()


def _empty_tables() -> None:
    db.session.rollback()
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    if db.engine.dialect.name == "postgresql":
        # DELETE is far cheaper than TRUNCATE on tiny tables; replica mode skips FK triggers.
        db.session.execute(text("SET session_replication_role = replica"))
        for table in tables:
            db.session.execute(text(f'DELETE FROM "{table}"'))
        db.session.execute(text("SET session_replication_role = DEFAULT"))
    else:
        db.session.execute(text("PRAGMA foreign_keys=OFF"))
        for table in tables:
            db.session.execute(text(f'DELETE FROM "{table}"'))
        db.session.execute(text("PRAGMA foreign_keys=ON"))
    db.session.commit()
    db.session.remove()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def world(app):
    """Two agencies with units, staff and one account per role in the first."""
    return factories.build_world()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = factories.PASSWORD):
        return self.client.post(
            "/login", data={"username": username, "password": password}, follow_redirects=False
        )

    def logout(self):
        return self.client.post("/logout")


@pytest.fixture
def auth(client):
    return Auth(client)


@pytest.fixture
def csrf_app(app):
    """Switch CSRF protection on for one test."""
    app.config["WTF_CSRF_ENABLED"] = True
    yield app
    app.config["WTF_CSRF_ENABLED"] = False


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert match, "page has no CSRF token"
    return match.group(1)
