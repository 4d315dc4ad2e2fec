"""Peer-review authorship is unreachable: on every page the reviewed person and their head can
open, no reviewer's full name stands next to the text of a review.

Reviews are written by SEED_PEER_REVIEWS(world) -> list[(reviewer full name, review text)] from
any tests/access/rules_*.py (the reviews feature provides it: colleagues of world.staff["clerk"]
review the clerk in world.cycle with distinctive comment texts). Every GET route the two roles
may open is visited, so pages added later are covered without editing this file."""

from __future__ import annotations

import html as html_lib
import importlib
import io
import pkgutil
import re
import subprocess
import tempfile
import zipfile

import openpyxl
from flask import url_for

from ..access import all_rules
from ..test_route_matrix import LOGIN_AS

WINDOW = 300  # characters of visible text on either side of a name


def seeders() -> list:
    found = []
    for module in pkgutil.iter_modules(importlib.import_module("tests.access").__path__):
        if module.name.startswith("rules_"):
            seed = getattr(
                importlib.import_module(f"tests.access.{module.name}"), "SEED_PEER_REVIEWS", None
            )
            if seed is not None:
                found.append(seed)
    return found


def visible_text(page: str) -> str:
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    # Attribute values count too (title="...", data-* hold text a user can read).
    attributes = " ".join(re.findall(r'=\s*"([^"]*)"', page))
    return html_lib.unescape(re.sub(r"<[^>]+>", " ", page) + " " + attributes)


def authorship_leaks(page: str, reviewers: list[str], texts: list[str]) -> list[tuple[str, str]]:
    """(reviewer, text) pairs where the name occurs within WINDOW characters of the text."""
    text = re.sub(r"\s+", " ", visible_text(page))
    leaks = []
    for name in reviewers:
        for match in re.finditer(re.escape(name), text):
            around = text[max(0, match.start() - WINDOW) : match.end() + WINDOW]
            leaks += [(name, t) for t in texts if t in around]
    return leaks


def readable_text(response) -> str:
    """What a reader sees in the answer: the HTML page, or the text of a PDF, workbook or
    ZIP of those (downloads are read too: a form PDF could print a reviewer by their text)."""
    body = response.get_data()
    mimetype = response.mimetype or ""
    if body.startswith(b"%PDF"):
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(body)
            handle.flush()
            text = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", handle.name, "-"],
                capture_output=True,
                check=True,
                text=True,
            ).stdout
        return html_lib.escape(text)
    if body.startswith(b"PK"):
        archive = zipfile.ZipFile(io.BytesIO(body))
        if "xl/workbook.xml" in archive.namelist():
            wb = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
            cells = [
                str(v)
                for ws in wb.worksheets
                for row in ws.iter_rows(values_only=True)
                for v in row
            ]
            wb.close()
            return html_lib.escape(" ".join(c for c in cells if c != "None"))
        raise AssertionError(f"unexpected archive in a GET answer ({mimetype})")
    return response.get_data(as_text=True)


def reviewed_routes(app, world) -> list[tuple[str, str, str]]:
    """(role, endpoint, url) of every GET route the reviewed clerk and the head may open."""
    rules, found = all_rules(), []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in ("static", "main.healthz"):
            continue
        access = rules[rule.endpoint]
        for role in ("staff", "unit_head"):
            if role in access.allowed and not access.public:
                with app.test_request_context():
                    url = url_for(rule.endpoint, **access.args(world))
                found.append((role, rule.endpoint, url))
    return sorted(found)


def test_no_reviewer_name_next_to_review_text_on_any_reachable_page(app, client, auth, world):
    routes = reviewed_routes(app, world)
    assert len(routes) >= 5, routes
    assert {("staff", "main.home"), ("unit_head", "staff.index")} <= {(r, e) for r, e, _u in routes}
    written = [pair for seed in seeders() for pair in seed(world)]
    reviewers = sorted({name for name, _t in written}) or [world.staff["colleague"].full_name]
    texts = [t for _n, t in written]
    assert texts, "no SEED_PEER_REVIEWS wrote any review: the check would be vacuous"
    for role in ("staff", "unit_head"):
        auth.login(LOGIN_AS[role])
        shown_on = []
        for who, endpoint, url in routes:
            if who != role:
                continue
            response = client.get(url, follow_redirects=True)
            assert response.status_code == 200, (role, endpoint, response.status_code)
            page = readable_text(response)
            leaks = authorship_leaks(page, reviewers, texts)
            assert not leaks, (role, endpoint, leaks)
            if all(t in re.sub(r"\s+", " ", visible_text(page)) for t in texts):
                shown_on.append(endpoint)
        # Not vacuous: the reviewed clerk and their head do read the review texts somewhere.
        assert shown_on, (role, "the review texts are shown on no page this role can open")
        client.post("/logout")
        client.delete_cookie("session")


def test_canary_the_name_does_appear_where_it_should(app, client, auth, world):
    """The names the check looks for are really rendered (HR's staff list shows them)."""
    auth.login("tccb")
    page = client.get(f"/staff/?unit={world.units['dept'].id}").get_data(as_text=True)
    for key in ("colleague", "clerk", "head"):
        assert world.staff[key].full_name in visible_text(page)


def test_canary_the_detector_finds_a_name_beside_a_comment():
    name, comment = "Đặng Thùy Dương", "Anh ấy làm việc rất chăm chỉ, đúng hạn."
    leaking = f"<table><tr><td>{name}</td><td>{html_lib.escape(comment)}</td></tr></table>"
    assert authorship_leaks(leaking, [name], [comment]) == [(name, comment)]
    in_attribute = f'<li title="{name}">{html_lib.escape(comment)}</li>'
    assert authorship_leaks(in_attribute, [name], [comment]) == [(name, comment)]
    anonymous = f"<ul><li>{html_lib.escape(comment)}</li></ul>" + "<p>x</p>" * 200 + name
    assert authorship_leaks(anonymous + " " * 10 + "." * 400 + name, [name], [comment]) == []
