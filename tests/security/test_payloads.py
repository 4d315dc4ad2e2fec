"""Hostile text (HTML, script, spreadsheet formulas) round-tripped through the real forms comes
back escaped in pages, literal in PDFs and as plain text cells in workbooks."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
import re
import subprocess
import time
import zipfile
from dataclasses import replace
from datetime import date

import openpyxl
import pytest
from flask_wtf import FlaskForm
from markupsafe import escape
from wtforms import FieldList, FormField, PasswordField, StringField, TextAreaField

import forms
from exports import excel, pdf

from ..access import all_rules
from ..exports import exports_samples as samples
from .payload_cases import CASES, NOT_FREE_TEXT, PAYLOADS

TODAY = date(2026, 11, 16)  # the import checks birth and start dates against it


def _rules_modules() -> list:
    return [
        importlib.import_module(f"tests.access.{module.name}")
        for module in pkgutil.iter_modules(importlib.import_module("tests.access").__path__)
        if module.name.startswith("rules_")
    ]


def all_cases() -> list:
    cases = list(CASES)
    for module in _rules_modules():
        cases += getattr(module, "PAYLOAD_CASES", [])
    return cases


def not_free_text() -> dict[tuple[str, str], str]:
    """NOT_FREE_TEXT plus the same table of every tests/access/rules_*.py module."""
    found = dict(NOT_FREE_TEXT)
    for module in _rules_modules():
        extra = getattr(module, "NOT_FREE_TEXT", {})
        clash = set(found) & set(extra)
        assert not clash, f"fields listed twice: {clash}"
        found.update(extra)
    return found


def _text_fields_of(cls, prefix: str = "") -> set[str]:
    """Free-text field names of a form class; the rows of FieldList(FormField(Row)) and
    FormField(Sub) are followed too, named "items.title" (posted as items-0-title)."""
    found = set(getattr(cls, "ROW_TEXT_FIELDS", ()))  # rows a form parses outside WTForms
    for field_name in dir(cls):
        value = getattr(cls, field_name)
        field_class = getattr(value, "field_class", None)
        if field_class is None:
            continue
        if issubclass(field_class, FieldList):
            value = value.args[0]  # the unbound entry field
            field_class = value.field_class
        if issubclass(field_class, FormField):
            found |= _text_fields_of(value.args[0], f"{prefix}{field_name}.")
        # PasswordField is a StringField but is never shown back.
        elif issubclass(field_class, (StringField, TextAreaField)) and not issubclass(
            field_class, PasswordField
        ):
            found.add(f"{prefix}{field_name}")
    return found


def _free_text_fields() -> set[tuple[str, str]]:
    found = set()
    for module_info in pkgutil.iter_modules(forms.__path__):
        module = importlib.import_module(f"forms.{module_info.name}")
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if not issubclass(cls, FlaskForm) or cls.__module__ != module.__name__:
                continue
            found |= {(f"{module.__name__}.{name}", f) for f in _text_fields_of(cls)}
    return found


def test_every_free_text_field_of_every_form_is_covered():
    fields = _free_text_fields()
    assert ("forms.staff.StaffForm", "full_name") in fields  # the scan finds real fields
    assert ("forms.review.MeetingForm", "members.summary") in fields  # and rows of a list
    covered = {(case.form, f) for case in all_cases() for f in case.fields}
    skipped = not_free_text()
    assert all(why.strip() for why in skipped.values()), "every exemption gives its reason"
    missing = sorted(fields - covered - set(skipped))
    assert not missing, (
        f"free-text form fields without a payload round-trip: {missing}; add a Case to "
        "PAYLOAD_CASES in your tests/access/rules_<area>.py (see tests/security/payload_cases.py)"
    )
    stale = sorted((covered | set(skipped)) - fields)
    assert not stale, f"payload cases for fields that no longer exist: {stale}"


def _assert_escaped(html: str, payload: str, where) -> bool:
    """The raw markup never reaches the page; True when the escaped text is shown."""
    if escape(payload) != payload:
        assert payload not in html, where
    return str(escape(payload)) in html


@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.form)
def test_form_text_is_escaped_wherever_it_is_shown(app, client, auth, world, case):
    if case.setup:
        case.setup(world)
    auth.login(case.username)
    n = 0
    for field in case.fields:
        for payload in PAYLOADS:
            n += 1
            data = case.data(world, n)
            data[case.key(world, field)] = payload
            response = client.post(case.url(world), data=data)
            assert response.status_code == 302, (field, payload, response.status_code)
            if case.viewer:
                _switch(client, auth, case.viewer)
            shown = 0
            for url in case.pages(world, data):
                page = client.get(url)
                assert page.status_code == 200, url
                shown += _assert_escaped(page.get_data(as_text=True), payload, (field, url))
            assert shown, (field, payload, "the text is shown nowhere: wrong pages?")
            if case.viewer:
                _switch(client, auth, case.username)


def _switch(client, auth, username: str) -> None:
    client.post("/logout")
    client.delete_cookie("session")
    assert auth.login(username).status_code == 302, username


def test_search_box_reflects_query_escaped(app, client, auth, world):
    auth.login("tccb")
    for payload in PAYLOADS:
        html = client.get("/staff/", query_string={"q": payload}).get_data(as_text=True)
        assert _assert_escaped(html, payload, payload)


def test_sign_in_reflects_username_escaped(app, client):
    for payload in PAYLOADS:
        html = client.post("/login", data={"username": payload, "password": "x"}).get_data(
            as_text=True
        )
        assert "không đúng" in html
        assert _assert_escaped(html, payload, payload)


def test_audit_filter_reflects_user_escaped(app, client, auth, world):
    auth.login("tccb")
    for payload in PAYLOADS:
        page = client.get("/audit/", query_string={"user": payload})
        assert page.status_code == 200, payload
        assert _assert_escaped(page.get_data(as_text=True), payload, payload)


def test_case_pages_are_routes_with_rules(app):
    assert {"staff.create", "org.create"} <= set(all_rules())


# --- PDF and Excel -------------------------------------------------------------------------


def test_pdf_notice_shows_hostile_names_literally(tmp_path):
    document = pdf.notice_pdf(samples.notice(n=3, extra_names=PAYLOADS))
    path = tmp_path / "thong-bao.pdf"
    path.write_bytes(document)
    # -raw keeps the content-stream order, so a wrapped cell's lines stay together (the
    # layout mode interleaves them with the next column's text).
    text = subprocess.run(
        ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    for number, payload in enumerate(PAYLOADS, start=1):
        # The whole name cell, between its row number and the next column, is exactly the
        # payload's characters in order (a wrap may only add whitespace between them).
        literal = r"\s*".join(re.escape(ch) for ch in re.sub(r"\s+", "", payload))
        cell = re.compile(rf"(?m)^{number}\s+{literal}\s+Chuyên viên\b")
        assert cell.search(text), (number, payload)
    assert "&lt;" not in text and "&#34;" not in text  # not double-escaped either


def test_results_workbook_keeps_hostile_names_as_text():
    content = excel.results_workbook(samples.results(n=len(PAYLOADS) * 2, payload_every=1))
    wb = openpyxl.load_workbook(io.BytesIO(content))
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    found = {}
    for cell in cells:
        if isinstance(cell.value, str) and cell.value in samples.PAYLOADS:
            found[cell.value] = cell
    assert set(found) == set(samples.PAYLOADS)

    # The brief's own payloads, through the same writer.
    rows = [
        replace(r, full_name=p, unit_name=p, reasons=p)
        for r, p in zip(samples.result_rows(len(PAYLOADS)), PAYLOADS, strict=True)
    ]
    data = replace(samples.results(1), rows=tuple(rows))
    wb = openpyxl.load_workbook(io.BytesIO(excel.results_workbook(data)))
    seen: dict[str, int] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in PAYLOADS:
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
                    seen[cell.value] = seen.get(cell.value, 0) + 1
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
    assert set(seen) == set(PAYLOADS)
    with zipfile.ZipFile(io.BytesIO(excel.results_workbook(data))) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        xml = "".join(archive.read(n).decode() for n in sheets)
    assert "<f>" not in xml, "no cell of the results workbook is a formula"


# --- hostile import files ------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _template_with(extra: dict[str, bytes]) -> bytes:
    with zipfile.ZipFile(io.BytesIO(excel.staff_template())) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    return _zip({**members, **extra})


HOSTILE_FILES = {
    "pdf": (b"%PDF-1.7\n" + b"0" * 1000, "không phải là bảng tính Excel"),
    "random": (bytes(range(256)) * 40, "không phải là bảng tính Excel"),
    "empty": (b"", "không phải là bảng tính Excel"),
    "docx": (_zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"}), "Excel"),
    "html-as-xlsx": (b"<html><script>alert(1)</script></html>", "không phải là bảng tính Excel"),
}


@pytest.mark.parametrize("kind", sorted(HOSTILE_FILES))
def test_non_excel_files_are_refused_with_a_vietnamese_message(kind):
    content, message = HOSTILE_FILES[kind]
    parsed = excel.read_staff_workbook(content, today=TODAY)
    assert not parsed.ok and not parsed.staff and not parsed.units
    assert message in parsed.errors[0].message_vi


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"xl/media/bomb.bin": b"\0" * 150_000_000}, "giải nén quá lớn"),
        ({"xl/media/ratio.bin": b"\0" * 30_000_000}, "Tỷ lệ nén bất thường"),
        ({f"xl/media/{i}.bin": b"x" for i in range(1_200)}, "quá nhiều thành phần"),
    ],
    ids=["total-size", "ratio", "members"],
)
def test_zip_bombs_are_refused_before_parsing(extra, message):
    content = _template_with(extra)
    assert len(content) < 1_000_000  # small on the wire, huge once inflated
    started = time.monotonic()
    parsed = excel.read_staff_workbook(content, today=TODAY)
    assert time.monotonic() - started < 2
    assert not parsed.ok
    assert message in parsed.errors[0].message_vi


def test_a_file_over_the_byte_limit_is_refused():
    parsed = excel.read_staff_workbook(excel.staff_template(), max_bytes=100, today=TODAY)
    assert not parsed.ok and "quá lớn" in parsed.errors[0].message_vi


def test_the_genuine_template_is_accepted():
    """Canary: the refusals above are about the hostility, not about every file."""
    parsed = excel.read_staff_workbook(excel.staff_template(), today=TODAY)
    assert parsed.ok, parsed.errors


def test_minutes_pdf_shows_hostile_meeting_text_literally(app, client, auth, world, tmp_path):
    """What the head types into the minutes (place, opinions) prints as itself in the PDF."""
    from tests.access.rules_reviews import _meeting_form, _meeting_url

    auth.login("truongphong")
    for payload in PAYLOADS:
        data = _meeting_form(world, 0)
        data["place"] = f"Phòng {payload} họp"
        data["members-1-summary"] = f"Ý kiến {payload} hết"
        assert client.post(_meeting_url(world, "/edit"), data=data).status_code == 302, payload
        response = client.get(_meeting_url(world, "/minutes.pdf"))
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        path = tmp_path / "bien-ban.pdf"
        path.write_bytes(response.data)
        text = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
            text=True,
        ).stdout
        flat = re.sub(r"\s+", "", text)
        for typed in (data["place"], data["members-1-summary"]):
            assert re.sub(r"\s+", "", typed) in flat, typed
        assert "&lt;" not in text and "&#34;" not in text and "&amp;" not in text
