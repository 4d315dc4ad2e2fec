"""Issue 18 findings 1, 3, 4, 6 and issue 17's sign-in throttling: an account's life follows
the person, sessions end, redirects stay local, sign-in takes as long for unknown names and
throttles wrong passwords, never an office's correct ones."""

from __future__ import annotations

import time
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from config import TestConfig
from evaluation import _time, create_app
from evaluation.extensions import db, limiter
from evaluation.models import AuditLog, PeerReview, User
from evaluation.services import accounts
from evaluation.services import staff as staff_service

from .. import factories

YESTERDAY = date(2026, 11, 15)  # the tests' pinned day is 16/11/2026


def _user(name: str) -> User:
    return db.session.scalars(select(User).where(User.username == name)).one()


def _end(world, key: str, day: date) -> None:
    staff_service.end_staff(world.staff[key], day)
    db.session.commit()


# --- 1. an account's life follows the person --------------------------------------------


def test_a_person_who_left_cannot_sign_in(client, auth, world):
    _end(world, "clerk", YESTERDAY)
    response = auth.login("congchuc")
    assert response.status_code == 200
    assert "Tài khoản này đã ngừng hoạt động" in response.get_data(as_text=True)
    assert client.get("/profile").status_code == 302  # not signed in


def test_the_last_working_day_still_signs_in(client, auth, world):
    _end(world, "clerk", _time.today())  # the end date is the last day of service
    assert auth.login("congchuc").status_code == 302


def test_ending_a_person_ends_the_sessions_they_hold(client, auth, world):
    assert auth.login("truongphong").status_code == 302
    assert client.get("/ranking/").status_code == 200
    _end(world, "head", YESTERDAY)
    assert client.get("/ranking/").status_code == 302  # sent to sign in
    assert client.get("/profile").status_code == 302


def test_a_former_head_holds_no_role(world):
    _end(world, "head", YESTERDAY)
    user = _user("truongphong")
    assert not user.is_active
    assert user.headed_unit_ids() == set()
    assert not user.has_role(*[r.role for r in user.roles])


def test_a_person_who_left_cannot_review(world):
    from evaluation.services.reviews import review_problems

    _end(world, "clerk", YESTERDAY)
    problems = review_problems(world.cycle, world.staff["clerk"], world.staff["colleague"])
    assert "Bạn đã thôi công tác nên không thể góp ý." in problems
    assert db.session.scalar(select(PeerReview.id)) is None


def test_an_admin_disables_and_re_enables_an_account(app, client, auth, world):
    other = app.test_client()  # the clerk's own browser
    assert other.post("/login", data={"username": "congchuc", "password": factories.PASSWORD})
    assert other.get("/profile").status_code == 200
    auth.login("admin")
    clerk = _user("congchuc")
    page = client.get("/accounts/").get_data(as_text=True)
    assert "congchuc" in page and "Vô hiệu hóa" in page
    client.post(f"/accounts/{clerk.id}/disable")
    db.session.expire_all()
    assert not _user("congchuc").is_enabled
    assert other.get("/profile").status_code == 302  # that session ended
    refused = other.post("/login", data={"username": "congchuc", "password": factories.PASSWORD})
    assert "Tài khoản này đã ngừng hoạt động" in refused.get_data(as_text=True)
    client.post(f"/accounts/{clerk.id}/enable")
    done = other.post("/login", data={"username": "congchuc", "password": factories.PASSWORD})
    assert done.status_code == 302
    actions = db.session.scalars(
        select(AuditLog.action).where(AuditLog.entity == "user", AuditLog.entity_id == clerk.id)
    ).all()
    assert "disable" in actions and "enable" in actions


def test_hr_cannot_disable_and_an_admin_cannot_disable_themselves(client, auth, world):
    auth.login("tccb")
    assert client.post(f"/accounts/{world.users['staff'].id}/disable").status_code == 403
    auth.logout()
    auth.login("admin")
    client.post(f"/accounts/{world.users['admin'].id}/disable")
    db.session.expire_all()
    assert _user("admin").is_enabled


# --- 4. sessions end with logout, password change, disabling and role change --------------


def _copied_session(app, client) -> dict[str, str]:
    return {c.key: c.value for c in client._cookies.values()}


def _browser_with(app, cookies: dict[str, str]):
    browser = app.test_client()
    for key, value in cookies.items():
        browser.set_cookie(key, value)
    return browser


def test_a_cookie_copied_before_logout_opens_nothing(app, client, auth, world):
    auth.login("congchuc")
    copied = _copied_session(app, client)
    assert _browser_with(app, copied).get("/profile").status_code == 200
    auth.logout()
    assert _browser_with(app, copied).get("/profile").status_code == 302


def test_a_password_change_ends_the_other_sessions_but_not_this_one(app, client, auth, world):
    other = app.test_client()
    other.post("/login", data={"username": "congchuc", "password": factories.PASSWORD})
    assert other.get("/profile").status_code == 200
    auth.login("congchuc")
    new = "mat-khau-moi-dai-hon"
    response = client.post(
        "/account/password",
        data={"current": factories.PASSWORD, "new": new, "confirm": new},
    )
    assert response.status_code == 302
    assert client.get("/profile").status_code == 200  # this session, signed anew
    assert other.get("/profile").status_code == 302


def test_a_role_change_ends_the_sessions(app, client, auth, world):
    from evaluation.models import RoleName

    auth.login("truongphong")
    assert client.get("/ranking/").status_code == 200
    accounts.set_roles(_user("truongphong"), [(RoleName.STAFF, None)])
    db.session.commit()
    assert client.get("/ranking/").status_code == 302


def test_a_session_cookie_without_a_version_is_signed_out(app, client, world):
    with client.session_transaction() as session:
        session["_user_id"] = str(world.users["staff"].id)  # the old format: id only
    assert client.get("/profile").status_code == 302


# --- 3. redirect targets stay local ------------------------------------------------------


@pytest.mark.parametrize(
    "target",
    [
        "/%09/evil.example",
        "/\t/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/x\r\nSet-Cookie: a=b",
        "/\x00/evil.example",
        "javascript:alert(1)",
        "/%2f/evil.example",
        "evil.example",
    ],
)
def test_sign_in_never_redirects_elsewhere(client, world, target):
    response = client.post(
        "/login",
        query_string={"next": target},
        data={"username": "congchuc", "password": factories.PASSWORD},
    )
    if response.status_code == 400:  # a control character: refused before sign-in
        assert any(ord(c) < 32 for c in target)
        return
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert "\\" not in location
    assert "\n" not in location and "\r" not in location and "\t" not in location


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/a\nb"])
def test_the_language_switch_never_redirects_elsewhere(client, target):
    response = client.post("/lang/en", data={"next": target})
    assert response.status_code == 302
    location = response.headers["Location"]
    assert location.startswith("/") and not location.startswith("//"), location
    assert not any(ord(c) < 32 for c in location)


def test_a_local_target_with_its_query_is_kept(client, world):
    response = client.post(
        "/login",
        query_string={"next": "/staff/?q=nguyen van&page=2"},
        data={"username": "tccb", "password": factories.PASSWORD},
    )
    assert response.headers["Location"] == "/staff/?q=nguyen%20van&page=2"


def test_the_tab_trick_from_the_finding_never_leaves(client, world):
    response = client.post(
        "/login?next=/%09/evil.example",
        data={"username": "congchuc", "password": factories.PASSWORD},
    )
    # Refused by the input guard (a control character); without it, safe_next sends home.
    assert response.status_code == 400
    assert "ký tự không hợp lệ" in response.get_data(as_text=True)
    from evaluation.views.auth import safe_next

    with client.application.test_request_context():
        assert safe_next("/\t/evil.example") == "/"
        assert safe_next("/x\r\nSet-Cookie: a=b") == "/"


# --- 6. constant-time sign-in --------------------------------------------------------------


def test_an_unknown_name_costs_the_same_hash_as_a_real_account(app, world):
    app.config["PASSWORD_HASH_METHOD"] = "scrypt"
    try:
        user = _user("congchuc")
        user.password_hash = accounts.hash_password(factories.PASSWORD)
        db.session.commit()

        def timed(name: str) -> float:
            best = float("inf")
            for _attempt in range(3):
                start = time.perf_counter()
                accounts.sign_in(name, "mat-khau-sai")
                best = min(best, time.perf_counter() - start)
            db.session.rollback()
            return best

        real, unknown = timed("congchuc"), timed("khong-ai-ca")
        assert unknown > real * 0.6, (real, unknown)
        assert real > unknown * 0.6, (real, unknown)
    finally:
        app.config["PASSWORD_HASH_METHOD"] = TestConfig.PASSWORD_HASH_METHOD


def test_the_dummy_hash_uses_the_configured_method(app):
    assert accounts._dummy_hash("scrypt").startswith("scrypt:")
    assert accounts._dummy_hash(app.config["PASSWORD_HASH_METHOD"]).startswith("pbkdf2:sha256:1000")


# --- issue 17.1: throttle failed sign-ins, never successful ones ---------------------------


@pytest.fixture
def throttled(app):
    """An app with the sign-in limits on (TestConfig turns the address limit off) and a world
    (its own in-memory SQLite database; on PostgreSQL the tests' one, emptied by `app`)."""
    config = type("Throttled", (TestConfig,), {"RATELIMIT_ENABLED": True})
    app = create_app(config)
    with app.app_context():
        db.create_all()
        limiter.reset()
        factories.build_world()
        yield app
        limiter.reset()
        db.session.remove()
        db.engine.dispose()
    limiter.enabled = False  # the shared limiter object must not throttle the other tests


class _Auth:
    def __init__(self, client):
        self.client = client

    def login(self, username: str, password: str = factories.PASSWORD):
        return self.client.post("/login", data={"username": username, "password": password})

    def logout(self):
        return self.client.post("/logout")


def test_fifty_correct_sign_ins_from_one_address_within_a_minute_all_succeed(
    throttled,
):
    for attempt in range(50):
        browser = throttled.test_client()
        response = browser.post(
            "/login", data={"username": "congchuc", "password": factories.PASSWORD}
        )
        assert response.status_code == 302, attempt


def test_eleven_wrong_passwords_for_one_account_are_throttled(throttled):
    client = throttled.test_client()
    for attempt in range(10):
        response = client.post("/login", data={"username": "congchuc", "password": f"sai{attempt}"})
        assert response.status_code == 200, attempt
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.get_data(as_text=True)
    response = client.post("/login", data={"username": "congchuc", "password": "sai-nua"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "tài khoản tạm khóa" in page and "Hãy thử lại sau" in page
    # even the right password waits: guessing on must not be told when it hits
    right = client.post("/login", data={"username": "congchuc", "password": factories.PASSWORD})
    assert right.status_code == 429
    # other accounts from the same address sign in
    other = throttled.test_client()
    assert (
        other.post(
            "/login", data={"username": "dongnghiep", "password": factories.PASSWORD}
        ).status_code
        == 302
    )


def test_hr_unlocks_a_throttled_account(throttled):
    client = throttled.test_client()
    auth = _Auth(client)
    for attempt in range(10):
        client.post("/login", data={"username": "congchuc", "password": f"sai{attempt}"})
    clerk = _user("congchuc")
    assert clerk.locked_until is not None
    auth.login("tccb")
    page = client.get("/accounts/").get_data(as_text=True)
    assert "Tạm khóa do nhập sai mật khẩu" in page
    assert client.post(f"/accounts/{clerk.id}/unlock").status_code == 302
    auth.logout()
    assert auth.login("congchuc").status_code == 302
    assert db.session.scalar(
        select(AuditLog.id).where(AuditLog.action == "unlock", AuditLog.entity_id == clerk.id)
    )


def test_the_throttle_ends_by_itself(throttled, clock):
    client = throttled.test_client()
    for attempt in range(10):
        client.post("/login", data={"username": "congchuc", "password": f"sai{attempt}"})
    clock.shift(timedelta(minutes=16))
    response = client.post("/login", data={"username": "congchuc", "password": factories.PASSWORD})
    assert response.status_code == 302


def test_a_correct_sign_in_resets_the_count(throttled):
    client = throttled.test_client()
    auth = _Auth(client)
    for attempt in range(9):
        client.post("/login", data={"username": "congchuc", "password": f"sai{attempt}"})
    assert auth.login("congchuc").status_code == 302
    auth.logout()
    for attempt in range(9):
        response = client.post("/login", data={"username": "congchuc", "password": f"s{attempt}"})
        assert response.status_code == 200


def test_many_failures_from_one_address_pause_it_with_a_time_to_retry(throttled):
    limit = int(throttled.config["LOGIN_RATE_LIMIT"].split()[0])
    browser = throttled.test_client()
    for attempt in range(limit):
        response = browser.post("/login", data={"username": f"ai-{attempt}", "password": "x"})
        assert response.status_code == 200, attempt
    response = browser.post("/login", data={"username": "ai-nua", "password": "x"})
    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "từ địa chỉ mạng này" in page and "Hãy thử lại sau" in page
