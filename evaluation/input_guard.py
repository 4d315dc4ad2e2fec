"""Input boundaries, checked once for every request before any view runs.

A NUL byte makes PostgreSQL refuse the statement, a 30-digit number overflows its integers
(SQLite's too), and both used to end in a 500. Every query parameter and form field is
checked here: control characters are refused (tab and line breaks only inside form fields,
where text areas hold them) and a whole-number value must fit the database's integers. A
refusal is a 400 in the user's language that changes nothing. URL ids are bounded by the
`int` converter (BoundedIntegerConverter)."""

from __future__ import annotations

import re

from flask import Flask, abort, g, request
from werkzeug.routing import IntegerConverter

# PostgreSQL's integer: the widest id or count the schema holds.
MAX_INT = 2**31 - 1
_WHOLE = re.compile(r"[+-]?\d+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # tab, LF, CR allowed
# Free text that may be a long run of digits: a search, a password.
_NOT_NUMBERS = frozenset({"q", "password", "current", "new", "confirm", "csrf_token"})


class BoundedIntegerConverter(IntegerConverter):
    """`<int:...>` in a route: an id too large for the database is a 404, not a 500."""

    def __init__(self, map, *args, **kwargs) -> None:  # noqa: A002 - werkzeug's signature
        kwargs.setdefault("max", MAX_INT)
        super().__init__(map, *args, **kwargs)


def problem(values, *, text_allowed: bool) -> str | None:
    """'control' or 'number' for the first bad (name, value) pair, None when all are fine."""
    control = _CONTROL_IN_TEXT if text_allowed else _CONTROL
    for name, value in values:
        if control.search(name) or control.search(value):
            return "control"
        whole = name not in _NOT_NUMBERS and _WHOLE.fullmatch(value.strip())
        if whole and abs(int(value)) > MAX_INT:
            return "number"
    return None


def _json_strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_json_strings(k), *_json_strings(v))]
    if isinstance(value, list):
        return [s for item in value for s in _json_strings(item)]
    return []


def check_request() -> None:
    found = problem(request.args.items(multi=True), text_allowed=False)
    if found is None and request.method in ("POST", "PUT", "PATCH"):
        found = problem(request.form.items(multi=True), text_allowed=True)
        if found is None and request.is_json:
            strings = _json_strings(request.get_json(silent=True))
            if any("\x00" in s for s in strings):
                found = "control"
    if found is None and _CONTROL.search(request.path):
        found = "control"
    if found is not None:
        g.input_problem = found
        abort(400)


def register(app: Flask) -> None:
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(check_request)
