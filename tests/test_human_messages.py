"""The page checker itself, and the catalogue of human messages: no engine jargon (regime codes,
option codes, input field names, rule-status notes) on staff and head screens or in the
workbook; HR reads the provisional rules once, with the article."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from evaluation.messages import for_people, missing_input, provisional_rules, regime_name
from evaluation.services import decisions as service
from evaluation.services import engine_input

from . import pagecheck

GOOD = """<html lang="vi"><body><h1>Xếp loại</h1>
<form><label for="a">Họ tên</label><input id="a" name="a">
<label><input type="checkbox" name="b"> Đạt</label>
<input type="checkbox" name="c" aria-label="Lỗi lớn 1"><input type="hidden" name="csrf_token">
<button type="submit">Lưu</button></form>
<p>Tô màu in đậm do hệ thống chọn; an toàn.</p>
<table><tr><td data-raw>full_name</td><td data-raw>staff</td></tr></table></body></html>"""


def test_page_checker_passes_a_clean_page():
    assert pagecheck.problems(GOOD) == []


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<h1>a</h1><h1>b</h1>", "2 h1 elements"),
        ("<p>x</p>", "0 h1 elements"),
        ('<h1>a</h1><p id="x"></p><p id="x"></p>', "duplicate id 'x'"),
        ('<h1>a</h1><input name="q">', "<input name='q'> has no label"),
        ('<h1>a</h1><select name="s"></select>', "<select name='s'> has no label"),
        ("<h1>a</h1><p>This field is required.</p>", "English on a Vietnamese page"),
        ("<h1>a</h1><p>Chế độ D335</p>", "internal code on the page: 'D335'"),
        ("<h1>a</h1><p>Cách tính: htt_or_above</p>", "'htt_or_above'"),
        ('<h1>a</h1><input name="n" placeholder="period_scores" aria-label="x">', "period_scores"),
    ],
)
def test_page_checker_finds_each_problem(html, problem):
    found = pagecheck.problems(html)
    assert any(problem in p for p in found), found


def test_english_words_are_fine_on_an_english_page():
    assert pagecheck.problems("<html lang='en'><h1>Staff</h1><p>The list</p></html>", "en") == []


def test_the_catalogue_speaks_in_sentences(app):
    assert missing_input("score").startswith("Chưa có điểm năm")
    assert missing_input("something_new") == "Dữ liệu đánh giá chưa đầy đủ hoặc chưa hợp lệ."
    assert regime_name("D335") == "Công chức — Nghị định 335/2025/NĐ-CP"
    assert regime_name("QD366") == "Cán bộ — Quy định 366-QĐ/TW"
    with app.test_request_context("/"):
        from flask_babel import force_locale

        with force_locale("en"):
            assert "335/2025" in regime_name("D335") and "Civil servant" in regime_name("D335")
    reasons = [
        {"code": "score_band", "article": "Đ 1", "message": "a"},
        {"code": "provisional", "article": "Đ 2", "message": "b"},
    ]
    assert [r["code"] for r in for_people(reasons)] == ["score_band"]
    assert provisional_rules([reasons, reasons]) == [reasons[1]]  # once


@pytest.fixture
def facts(monkeypatch):
    found: dict[int, dict] = {}

    def fake(cycle, ids):
        return {i: found[i] for i in ids if i in found}

    monkeypatch.setattr(engine_input, "annual_facts", fake)
    monkeypatch.setattr(service, "annual_facts", fake)
    import evaluation.queries.results as qr

    monkeypatch.setattr(qr, "annual_facts", fake)
    return found


JARGON = ("D335", "D233", "QD366", "period_scores", "(score)", "htt_or_above", "Quy tắc tạm thời")


def test_head_board_has_no_engine_jargon(client, auth, world, facts):
    facts[world.staff["clerk"].id] = {"score": Decimal("95"), "self_level": "HTXS"}
    auth.login("truongphong")
    html = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}").get_data(
        as_text=True
    )
    assert "Chưa có điểm năm" in html  # the colleague without a form, in words
    assert not [j for j in JARGON if j in html]
    assert pagecheck.problems(html) == []


def test_english_board_says_it_in_english(client, auth, world, facts):
    auth.login("truongphong")
    client.post("/lang/en", data={"next": "/"})
    html = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}").get_data(
        as_text=True
    )
    assert "No annual score yet" in html
    assert "Chưa có điểm năm" not in html


def test_staff_page_names_the_rules_in_words(client, auth, world):
    auth.login("congchuc")
    html = client.get("/assessments/").get_data(as_text=True)
    assert "Nghị định 335/2025/NĐ-CP" in html
    assert "D335" not in html


def test_workbook_has_no_codes_and_no_rule_status_notes(app, world, facts):
    from evaluation.queries.results import results_data
    from exports import excel

    facts[world.staff["clerk"].id] = {"score": Decimal("95"), "self_level": "HTXS"}
    with app.test_request_context("/"):
        content = excel.results_workbook(results_data(world.cycle))
    book = load_workbook(io.BytesIO(content))
    text = " ".join(
        str(cell.value) for ws in book.worksheets for row in ws.iter_rows() for cell in row
    )
    assert not [j for j in JARGON if j in text]
    assert "Chưa có điểm năm" in text
    assert "20% số người hoàn thành tốt nhiệm vụ trở lên" in text  # the quota base in words
