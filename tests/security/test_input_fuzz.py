"""Issue 18 finding 7: malformed input never gives a 500. Every route's query parameters and
form fields (the names its page uses, and the names filters use) get 30-digit numbers,
negative and non-numbers, unknown choices, NUL and other control characters; on SQLite and
on PostgreSQL (TEST_DATABASE_URL) the answer is never a 5xx, and a refusal is a 400 in the
user's language."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl

import pytest
from flask import url_for

from ..access import all_rules
from ..test_route_matrix import LOGIN_AS

RULES = all_rules()
QUERY_NAMES = (
    "page", "unit", "unit_id", "entity", "entity_id", "action", "user", "group", "q",
    "date_from", "date_to", "cycle", "cycle_id", "year", "kind", "status", "level", "staff_id",
    "format", "lang",
)  # fmt: skip
BAD_VALUES = (
    "9" * 30,
    "-" + "9" * 30,
    "-1",
    "không-phải-số",
    "zzz",
    "a\x00b",
    "\x00",
    "x\x01\x1by",
    "1e309",
    "",
)
FIELD = re.compile(r"""<(?:input|select|textarea)\b[^>]*\bname="([^"]+)\"""")


def _role(rule) -> str:
    for role in ("hr", "admin", "unit_head", "staff", "party_committee"):
        if role in rule.allowed:
            return role
    return "admin"


def _methods(app, endpoint: str) -> list[str]:
    for rule in app.url_map.iter_rules():
        if rule.endpoint == endpoint:
            return sorted(rule.methods - {"HEAD", "OPTIONS"})
    return []


@pytest.mark.parametrize("endpoint", sorted(RULES))
def test_no_malformed_value_gives_a_server_error(app, client, auth, world, endpoint):
    rule = RULES[endpoint]
    auth.login(LOGIN_AS[_role(rule)])
    with app.test_request_context():
        url = url_for(endpoint, **rule.args(world))
    url, _sep, own_query = url.partition("?")
    own = dict(parse_qsl(own_query))
    post_url = f"{url}?{own_query}" if own_query else url
    methods = _methods(app, endpoint)
    names = set(QUERY_NAMES)
    if "GET" in methods:
        page = client.get(url, query_string=own)
        assert page.status_code < 500, (endpoint, page.status_code)
        if page.mimetype == "text/html":
            names |= set(FIELD.findall(page.get_data(as_text=True))) - {"csrf_token"}
    for value in BAD_VALUES:
        if "GET" in methods:
            response = client.get(url, query_string={**own, **{name: value for name in names}})
            assert response.status_code < 500, (endpoint, "GET", repr(value))
        for method in (m for m in methods if m != "GET"):
            data = {**rule.post_data(world), **{name: value for name in names}}
            if endpoint.startswith("api."):
                response = client.open(post_url, method=method, json=data)
            else:
                response = client.open(post_url, method=method, data=data)
            assert response.status_code < 500, (endpoint, method, repr(value))
