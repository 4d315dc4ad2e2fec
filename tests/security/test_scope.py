"""Cross-scope access: every route with an object id, pointed at ANOTHER AGENCY's object and at
ANOTHER UNIT's object, answers 403/404, changes nothing and never shows that object's data.

Routes are read from app.url_map, so routes added later are covered automatically; an id
argument name missing from scope_targets fails loudly until it is mapped."""

from __future__ import annotations

import re

from flask import url_for
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import AuditLog

from ..access import all_rules
from ..test_route_matrix import LOGIN_AS
from .scope_targets import all_targets

INT_ARG = re.compile(r"<int(?:\([^)]*\))?:(\w+)>")
DENIED = (403, 404)
# Roles whose reach is limited to their own unit(s): they are tried against another unit.
UNIT_SCOPED_ROLES = ("staff", "unit_head")


def id_routes(app) -> list[tuple[str, list[str], list[str]]]:
    """(endpoint, int argument names, methods) of every route that takes an object id."""
    found = []
    for rule in app.url_map.iter_rules():
        names = INT_ARG.findall(rule.rule)
        if names:
            methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
            found.append((rule.endpoint, names, methods))
    return sorted(found)


def _audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditLog))


def test_every_id_argument_is_mapped(app):
    routes = id_routes(app)
    assert {"staff.show", "org.edit", "cycles.show"} <= {r[0] for r in routes}
    targets = all_targets()
    unmapped = sorted({(e, n) for e, names, _m in routes for n in names if n not in targets})
    assert not unmapped, (
        f"route id arguments with no cross-scope target: {unmapped}; "
        "add them to SCOPE_TARGETS in your tests/access/rules_<area>.py"
    )


def _urls(app, world, mode: str):
    """(endpoint, method, url, post data, secrets) for each id route in the given mode."""
    rules, targets = all_rules(), all_targets()
    for endpoint, names, methods in id_routes(app):
        rule = rules[endpoint]
        # Every id foreign at once, and (for /cycles/<own>/staff/<foreign> style routes) each id
        # foreign on its own: a route that checks only its first object is caught too.
        variants = [tuple(names)] + ([(n,) for n in names] if len(names) > 1 else [])
        for foreign in variants:
            args = dict(rule.args(world))
            secrets: list[str] = []
            for name in foreign:
                target = targets[name]
                builder = target.other_agency if mode == "agency" else target.other_unit
                if builder is None:
                    continue  # agency-wide object: keep the route's own one
                obj = builder(world)
                args[name] = obj.id
                secrets += target.secrets(obj)
            if not secrets and all(
                (targets[n].other_agency if mode == "agency" else targets[n].other_unit) is None
                for n in foreign
            ):
                continue  # nothing of another scope in this variant
            with app.test_request_context():
                url = url_for(endpoint, **args)
            for method in methods:
                yield endpoint, method, url, rule.post_data(world), secrets


def _check(client, auth, app, world, mode: str, roles, always_secret: list[str]) -> int:
    requests = list(_urls(app, world, mode))
    audits = _audit_count()
    checked = 0
    for role in roles:
        auth.login(LOGIN_AS[role])
        for endpoint, method, url, data, secrets in requests:
            response = client.open(url, method=method, data=data)
            who = (mode, role, endpoint, method, url, response.status_code)
            assert response.status_code in DENIED, who
            body = response.get_data(as_text=True)
            for secret in secrets + always_secret:
                assert secret not in body, (*who, secret)
            checked += 1
        client.post("/logout")
        client.delete_cookie("session")
    db.session.expire_all()
    assert _audit_count() == audits, "a refused request changed something"
    return checked


def test_objects_of_another_agency_are_out_of_reach_for_every_role(app, client, auth, world):
    from ..access import ROLES

    always = ["Bùi Xuân Trường", "Văn phòng Sở Y tế", "Sở Y tế tỉnh Hà Nam"]
    assert _check(client, auth, app, world, "agency", ROLES, always) > 0


def test_objects_of_another_unit_are_out_of_reach_for_unit_scoped_roles(app, client, auth, world):
    # world.staff["outsider"] (Lê Văn Đức) works in Thanh tra Sở, not in the head's unit.
    assert _check(client, auth, app, world, "unit", UNIT_SCOPED_ROLES, ["Lê Văn Đức"]) > 0


def test_the_check_is_not_vacuous_own_objects_are_reachable(app, client, auth, world):
    """Canary: the same head does see the staff of their own unit by the same route."""
    auth.login("truongphong")
    page = client.get(f"/staff/{world.staff['clerk'].id}")
    assert page.status_code == 200
    assert "Trương Quốc Hưng" in page.get_data(as_text=True)
