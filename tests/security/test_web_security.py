"""CSRF on every POST route, security headers on every page, no inline script anywhere,
cookie flags, production settings, sign-in throttling and the upload size limit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import func, select

from config import DEV_SECRET, ProductionConfig, TestConfig
from evaluation import create_app
from evaluation.extensions import db, limiter

from ..access import all_rules
from ..conftest import csrf_token
from ..test_route_matrix import LOGIN_AS

TEMPLATES = Path(__file__).resolve().parents[2] / "evaluation" / "templates"
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc\s*=)[^>]*>", re.IGNORECASE)
HANDLER_ATTR = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"""(href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def _routes(app, method: str) -> list[str]:
    return sorted(
        {r.endpoint for r in app.url_map.iter_rules() if method in r.methods} - {"static"}
    )


def _row_counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def _sign_in_with_token(client, username: str) -> None:
    token = csrf_token(client.get("/login").get_data(as_text=True))
    data = {"username": username, "password": "mat-khau-thu-nghiem", "csrf_token": token}
    response = client.post("/login", data=data)
    assert response.status_code == 302, "signing in with the token must work"


# --- CSRF ----------------------------------------------------------------------------------


def test_every_post_route_refuses_a_request_without_csrf_token(csrf_app, client, world):
    rules = all_rules()
    endpoints = _routes(csrf_app, "POST")
    assert {"auth.login", "auth.logout", "staff.create", "api.classify"} <= set(endpoints)
    _sign_in_with_token(client, "tccb")
    # Build every URL and body first: some Rule.args create the row the route needs (an
    # approved decision...). Only the POSTs themselves are measured.
    requests = []
    for endpoint in endpoints:
        rule = rules[endpoint]
        with csrf_app.test_request_context():
            url = url_for(endpoint, **rule.args(world))
        data = rule.post_data(world)
        assert "csrf_token" not in data
        requests.append((endpoint, url, data))
    db.session.commit()
    before = _row_counts()
    for endpoint, url, data in requests:
        if endpoint.startswith("api."):
            response = client.post(url, json={"year": 2026, "people": []})
        else:
            response = client.post(url, data=data)
        assert response.status_code == 400, (endpoint, response.status_code)
        if not endpoint.startswith("api."):
            assert "biểu mẫu không hợp lệ" in response.get_data(as_text=True), endpoint
    db.session.expire_all()
    assert _row_counts() == before, "a request without a CSRF token changed data"
    # The refused logout did not sign the user out either.
    assert client.get("/").status_code == 200


# --- headers, inline script --------------------------------------------------------------


def _assert_security_headers(response, where) -> None:
    csp = response.headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp, where
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, where
    assert "frame-ancestors 'none'" in csp, where
    assert response.headers.get("X-Frame-Options") == "DENY", where
    assert response.headers.get("X-Content-Type-Options") == "nosniff", where


def test_every_get_page_sends_security_headers_and_no_inline_script(app, client, auth, world):
    rules = all_rules()
    preference = ("hr", "admin", "unit_head", "party_committee", "staff")
    by_role: dict[str, list[str]] = {}
    for endpoint in _routes(app, "GET"):
        rule = rules[endpoint]
        role = next(r for r in preference if r in rule.allowed)
        by_role.setdefault(role, []).append(endpoint)
    pages = 0
    for role, endpoints in by_role.items():
        auth.login(LOGIN_AS[role])
        for endpoint in endpoints:
            with app.test_request_context():
                url = url_for(endpoint, **rules[endpoint].args(world))
            response = client.get(url)
            where = (role, endpoint, response.status_code)
            assert response.status_code < 400, where
            _assert_security_headers(response, where)
            if response.mimetype == "text/html" and response.status_code == 200:
                html = response.get_data(as_text=True)
                assert not INLINE_SCRIPT.search(html), where
                assert not HANDLER_ATTR.search(html), where
                assert not JS_URL.search(html), where
                pages += 1
        client.post("/logout")
        client.delete_cookie("session")
    assert pages >= 10
    # Error pages and the sign-in page carry them too.
    _assert_security_headers(client.get("/login"), "login")
    _assert_security_headers(client.get("/khong-co-trang-nay"), "404")


def test_no_template_has_inline_script_or_event_handler():
    templates = sorted(TEMPLATES.rglob("*.html"))
    assert len(templates) > 10
    offenders = []
    for path in templates:
        source = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER_ATTR, JS_URL):
            for match in pattern.finditer(source):
                offenders.append(f"{path.relative_to(TEMPLATES)}: {match.group(0)[:60]}")
    assert not offenders, offenders


def test_the_template_check_catches_what_it_should():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/app.js" defer></script>')
    assert HANDLER_ATTR.search('<button type="button" onclick="go()">')
    assert HANDLER_ATTR.search("<img src=x\nonerror=alert(1)>")
    assert not HANDLER_ATTR.search("<p>Nội dung online=có</p>")
    assert JS_URL.search('<a href="javascript:alert(1)">')


# --- cookies and production settings ------------------------------------------------------


def _cookie_header(response, name: str) -> str:
    found = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(f"{name}=")]
    assert found, f"no {name} cookie set"
    return found[-1]


def test_session_cookie_is_httponly_and_samesite_lax(app, client, world):
    response = client.post("/login", data={"username": "tccb", "password": "mat-khau-thu-nghiem"})
    assert response.status_code == 302
    cookie = _cookie_header(response, "session")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development and tests


def test_production_cookies_are_secure(app, client, world, monkeypatch):
    assert ProductionConfig.SESSION_COOKIE_SECURE is True
    assert ProductionConfig.REMEMBER_COOKIE_SECURE is True
    # What a browser receives with the production flags applied.
    monkeypatch.setitem(app.config, "SESSION_COOKIE_SECURE", True)
    monkeypatch.setitem(app.config, "REMEMBER_COOKIE_SECURE", True)
    response = client.post(
        "/login",
        data={"username": "tccb", "password": "mat-khau-thu-nghiem", "remember": "y"},
    )
    for name in ("session", "remember_token"):
        cookie = _cookie_header(response, name)
        assert "Secure" in cookie and "HttpOnly" in cookie, cookie


def test_production_config_refuses_dev_secret_and_missing_database(monkeypatch):
    # A production environment: the clock is not moved (the shifted-date CI run moves it).
    monkeypatch.delenv("XEPLOAI_CLOCK_START", raising=False)
    monkeypatch.setenv("DATABASE_URL", "postgresql://xeploai@db/xeploai")
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", DEV_SECRET)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.check()
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "ngắn")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        ProductionConfig.check()
    monkeypatch.setattr(ProductionConfig, "SECRET_KEY", "k" * 48)
    ProductionConfig.check()  # a good secret and a database: accepted
    monkeypatch.delenv("DATABASE_URL")
    with pytest.raises(RuntimeError, match="DATABASE_URL"):
        ProductionConfig.check()
    with pytest.raises(RuntimeError):
        create_app(ProductionConfig)  # create_app runs the check before anything else


# --- sign-in throttling --------------------------------------------------------------------


# Redis db 14: db 15 belongs to test_two_processes.py, which may run at the same time (xdist).
@pytest.fixture(params=["memory://", "redis://127.0.0.1:6379/14"])
def throttled_app(request, app):
    """An app with the sign-in limit on (TestConfig turns it off), memory or Redis storage."""
    config = type(
        "Throttled",
        (TestConfig,),
        {"RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": request.param},
    )
    throttled = create_app(config)
    with throttled.app_context():
        db.create_all()
        limiter.reset()  # Redis keeps counts between runs: start from zero
        yield throttled
        limiter.reset()
        db.session.remove()
        if db.engine.dialect.name == "sqlite":
            db.engine.dispose()
    limiter.enabled = False  # the shared limiter object must not throttle the other tests


def test_sign_in_is_throttled_after_the_limit_with_a_vietnamese_page(throttled_app):
    storage = type(limiter.storage).__name__
    uri = throttled_app.config["RATELIMIT_STORAGE_URI"]
    expected = "RedisStorage" if uri.startswith("redis") else "MemoryStorage"
    assert storage == expected
    client = throttled_app.test_client()
    # Failed attempts only, loosely per address (issue 17: an office signs in behind one NAT).
    assert throttled_app.config["LOGIN_RATE_LIMIT"] == "30 per minute"
    for attempt in range(30):
        response = client.post("/login", data={"username": "ai-do", "password": f"sai-{attempt}"})
        assert response.status_code == 200, attempt
        assert "không đúng" in response.get_data(as_text=True)
    response = client.post("/login", data={"username": "ai-do", "password": "sai-nua"})
    assert response.status_code == 429
    assert "quá nhiều lần đăng nhập sai từ địa chỉ mạng này" in response.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # only POST is limited


# --- size limit ----------------------------------------------------------------------------


def test_a_body_over_the_size_limit_gets_413_in_vietnamese(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    assert limit == 5 * 1024 * 1024
    response = client.post(
        "/login",
        data={"username": "tccb", "password": "x" * (limit + 1)},
    )
    assert response.status_code == 413
    assert "Tệp tải lên quá lớn" in response.get_data(as_text=True)
    _assert_security_headers(response, "413")


# --- behind a proxy ------------------------------------------------------------------------


def _proxied_app(trusted: int):
    from flask import request

    config = type("Proxied", (TestConfig,), {"TRUSTED_PROXIES": trusted})
    proxied = create_app(config)

    @proxied.route("/_who")
    def who():
        return f"{request.remote_addr} {request.scheme}"

    return proxied


def test_proxy_fix_trusts_exactly_the_configured_number_of_hops():
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.9", "X-Forwarded-Proto": "https"}
    behind_one = _proxied_app(1).test_client().get("/_who", headers=headers)
    # The balancer appended the real client; the forged first entry is ignored.
    assert behind_one.get_data(as_text=True) == "203.0.113.9 https"
    direct = _proxied_app(0).test_client().get("/_who", headers=headers)
    assert direct.get_data(as_text=True) == "127.0.0.1 http"  # headers not trusted at all


def test_redis_url_selects_redis_for_the_sign_in_throttle():
    import subprocess
    import sys

    probe = "import config; print(config.Config.RATELIMIT_STORAGE_URI)"
    root = Path(__file__).resolve().parents[2]
    env = {"PATH": "/usr/bin:/bin", "REDIS_URL": "redis://redis.internal:6379/0"}
    with_redis = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert with_redis.stdout.strip() == "redis://redis.internal:6379/0"
    env.pop("REDIS_URL")
    without = subprocess.run(
        [sys.executable, "-c", probe], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    assert without.stdout.strip() == "memory://"
