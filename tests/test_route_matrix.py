"""Every route, requested as anonymous and as each role: the designed answer or the test fails.

A new route without a rule in tests/access/rules_*.py fails test_every_route_has_a_rule."""

from __future__ import annotations

import pytest

from .access import ROLES, all_rules

RULES = all_rules()
LOGIN_AS = {  # role -> username in factories.build_world()
    "staff": "congchuc",
    "unit_head": "truongphong",
    "hr": "tccb",
    "party_committee": "capuy",
    "admin": "admin",
}


def _routes(app):
    for rule in app.url_map.iter_rules():
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        yield rule.endpoint, methods


def test_every_route_has_a_rule(app):
    missing = sorted({endpoint for endpoint, _m in _routes(app)} - set(RULES))
    assert not missing, f"routes without an access rule: {missing}"
    stale = sorted(set(RULES) - {endpoint for endpoint, _m in _routes(app)})
    assert not stale, f"rules for routes that no longer exist: {stale}"


def _request(client, app, world, endpoint, method):
    from flask import url_for

    rule = RULES[endpoint]
    with app.test_request_context():
        url = url_for(endpoint, **rule.args(world))
    if method == "GET":
        return client.get(url)
    return client.open(url, method=method, data=rule.post_data(world))


@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_route_answers_each_role_as_designed(app, client, auth, world, endpoint):
    client.check_pages = True  # every page answered goes through tests/pagecheck.py
    rule = RULES[endpoint]
    methods = dict(_routes(app))[endpoint]
    methods = [m for m in methods if not rule.methods or m in rule.methods]
    for method in methods:
        response = _request(client, app, world, endpoint, method)
        if rule.public:
            assert response.status_code < 400, (endpoint, method, "anonymous")
        elif endpoint.startswith("api."):
            assert response.status_code == 401, (endpoint, method, "anonymous")
        else:
            assert response.status_code == 302, (endpoint, method, "anonymous")
            assert "/login" in response.headers["Location"]
    # Denied roles first: their requests must change nothing, so allowed ones still see state.
    order = sorted(ROLES, key=lambda role: role in rule.allowed)
    for role in order:
        auth.login(LOGIN_AS[role])
        for method in methods:
            response = _request(client, app, world, endpoint, method)
            who = (endpoint, method, role, response.status_code)
            if role in rule.allowed:
                assert response.status_code not in (401, 403, 404, 405, 500), who
            else:
                assert response.status_code in rule.denied_status, who
        client.post("/logout")
        client.delete_cookie("session")


def test_other_agency_objects_answer_404(client, auth, world):
    auth.login("tccb")
    other = world.other
    for url in (
        f"/staff/{other['staff'].id}",
        f"/staff/{other['staff'].id}/edit",
        f"/units/{other['unit'].id}/edit",
        f"/cycles/{other['cycle'].id}",
        f"/cycles/{other['cycle'].id}/edit",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Bùi Xuân Trường" not in response.get_data(as_text=True)


def test_unknown_ids_answer_404_in_vietnamese(client, auth, world):
    auth.login("tccb")
    response = client.get("/staff/999999")
    assert response.status_code == 404
    assert "Không tìm thấy" in response.get_data(as_text=True)
