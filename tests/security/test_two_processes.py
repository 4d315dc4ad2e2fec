"""Beyond one machine: two gunicorn processes sharing one database and one Redis behave as one
application (signed-cookie sessions, no local state, a shared sign-in throttle).

The database is the suite's PostgreSQL database when TEST_DATABASE_URL points at PostgreSQL,
otherwise a SQLite file; Redis is db 15 on 127.0.0.1 (REDIS_URL for the limiter storage)."""

from __future__ import annotations

import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import requests

from evaluation.extensions import db

from .. import factories
from .conftest import make_file_app

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
REDIS_URL = "redis://127.0.0.1:6379/15"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def _servers(database_url: str, logs: Path, count: int = 2) -> Iterator[list[str]]:
    env = {
        **os.environ,
        "XEPLOAI_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),  # one secret shared by every host
        "REDIS_URL": REDIS_URL,
    }
    env.pop("TEST_DATABASE_URL", None)
    processes, bases = [], []
    try:
        for i in range(count):
            port = _free_port()
            log = (logs / f"gunicorn-{i}.log").open("w")
            processes.append(
                subprocess.Popen(
                    [
                        GUNICORN,
                        "-w",
                        "1",
                        "--no-control-socket",
                        "--graceful-timeout",
                        "2",
                        "-b",
                        f"127.0.0.1:{port}",
                    ]
                    + ["evaluation:create_app()"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
            log.close()
            bases.append(f"http://127.0.0.1:{port}")
        deadline = time.monotonic() + 90  # a busy CI machine imports slowly
        for base, process in zip(bases, processes, strict=True):
            while True:
                assert process.poll() is None, [p.read_text() for p in logs.glob("gunicorn-*")]
                try:
                    if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                        break
                except requests.RequestException:
                    pass  # the worker is still importing the application
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield bases
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _token(session: requests.Session, url: str) -> str:
    page = session.get(url, timeout=10)
    assert page.status_code == 200, (url, page.status_code)
    match = TOKEN.search(page.text)
    assert match, url
    return match.group(1)


def _sign_in(session: requests.Session, base: str, username: str, password: str):
    token = _token(session, f"{base}/login")
    data = {"username": username, "password": password, "csrf_token": token}
    return session.post(f"{base}/login", data=data, allow_redirects=False, timeout=10)


@pytest.fixture
def shared_database(request, tmp_path) -> Iterator[str]:
    """A database URL both processes use, holding build_world()'s agency."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        request.getfixturevalue("world")  # committed into the suite's PostgreSQL database
        yield url
        db.session.remove()  # the `app` fixture empties the tables afterwards
        return
    app = make_file_app(tmp_path / "shared.db")
    with app.app_context():
        factories.build_world()
        db.session.remove()
        db.engine.dispose()
    yield f"sqlite:///{tmp_path / 'shared.db'}"


def test_two_app_processes_share_sessions_data_and_the_sign_in_throttle(shared_database, tmp_path):
    limiter_store = redis.Redis.from_url(REDIS_URL)
    limiter_store.flushdb()  # db 15 is the tests' own; old counts would skew the throttle
    try:
        with _servers(shared_database, tmp_path) as (first, second):
            # The address throttle counts in Redis: 15 failures on each host exhaust the
            # 30/minute (an unknown name: the per-account throttle is not what is tested here).
            for attempt in range(30):
                base = first if attempt % 2 else second
                response = _sign_in(requests.Session(), base, "ai-do", f"sai-{attempt}")
                assert response.status_code == 200 and "không đúng" in response.text, attempt
            response = _sign_in(requests.Session(), second, "ai-do", "sai-nua")
            assert response.status_code == 429
            assert "từ địa chỉ mạng này" in response.text
            limiter_store.flushdb()

            # Signed in on the first host; the same cookie is a session on the second.
            browser = requests.Session()
            response = _sign_in(browser, first, "tccb", factories.PASSWORD)
            assert response.status_code == 302, response.text[:500]
            cookie = browser.cookies.get("session")
            assert cookie
            other_browser = requests.Session()
            other_browser.cookies.set("session", cookie)
            home = other_browser.get(f"{second}/", allow_redirects=False, timeout=10)
            assert home.status_code == 200, home.headers.get("Location")
            assert "Phạm Minh Châu" in home.text  # tccb's own name in the header

            # A change made through one host is visible on the other; the CSRF token of a
            # page from the first host is accepted by the second (it lives in the cookie).
            token = _token(browser, f"{first}/units/new")
            form = {
                "code": "HAIMAY",
                "name": "Phòng Tạo Trên Máy Thứ Nhất",
                "kind": "department",
                "parent_id": "0",
                "csrf_token": token,
            }
            created = browser.post(f"{first}/units/new", data=form, allow_redirects=False)
            assert created.status_code == 302, created.text[:500]
            assert "Phòng Tạo Trên Máy Thứ Nhất" in other_browser.get(f"{second}/units/").text
            # Cookies are per host name, not port: `browser` now behaves like a client behind a
            # load balancer whose next request lands on the other host.
            form = {**form, "code": "HAIMAY2", "name": "Phòng Tạo Trên Máy Thứ Hai"}
            created = browser.post(f"{second}/units/new", data=form, allow_redirects=False)
            assert created.status_code == 302, created.text[:500]
            assert "Phòng Tạo Trên Máy Thứ Hai" in browser.get(f"{first}/units/").text

            # Signing out on one host ends the session on the other too (no server-side state
            # to get out of sync: the cookie is cleared, and a copy no longer opens pages
            # once the user's session identifier is gone from it).
            out = browser.post(
                f"{second}/logout",
                data={"csrf_token": _token(browser, f"{second}/")},
                allow_redirects=False,
            )
            assert out.status_code == 302
            assert browser.get(f"{first}/", allow_redirects=False).status_code == 302
            browser.close()
            other_browser.close()
    finally:
        limiter_store.flushdb()
        limiter_store.close()
