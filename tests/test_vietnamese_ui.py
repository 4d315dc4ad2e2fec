"""Vietnamese everywhere: WTForms' own messages, labels, numbers per language, Vietnamese
collation, one id per page for the CSRF fields."""

from __future__ import annotations

import re

import pytest
from flask import g
from flask_babel import force_locale

from evaluation.text import number, vn_sort_key
from forms.cycle import CycleForm
from forms.disclosure import PublishForm

from .conftest import csrf_token
from .factories import PASSWORD

CYCLE = {
    "year": "2027",
    "period_kind": "quarter",
    "self_assessment_deadline": "30/11/2027",
    "review_opens_on": "01/12/2027",
    "review_closes_on": "07/12/2027",
    "classification_deadline": "15/12/2027",
    "quota_base": "htt_or_above",
    "cadre_rules": "qd366",
    "head_cap_scope": "service_unit_head",
}


def _errors(app, form_class, data: dict, lang: str = "vi") -> dict[str, list[str]]:
    with app.test_request_context("/", method="POST", data=data), force_locale(lang):
        g.lang = lang
        form = form_class()
        form.validate()
        return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


def test_wtforms_messages_are_vietnamese(app):
    errors = _errors(
        app, CycleForm, {**CYCLE, "period_kind": "week", "classification_deadline": ""}
    )
    assert errors["period_kind"] == ["Lựa chọn không hợp lệ."]
    assert errors["classification_deadline"] == ["Bắt buộc nhập."]
    errors = _errors(app, PublishForm, {"notice_number": "0"})
    assert errors["notice_number"] == ["Số phải từ 1 đến 99999."]


def test_an_impossible_date_is_reported_as_invalid_not_as_missing(app):
    for typed in ("32/13/2026", "31/02/2026"):
        errors = _errors(app, CycleForm, {**CYCLE, "self_assessment_deadline": typed})
        assert errors["self_assessment_deadline"] == ["Ngày không hợp lệ (nhập dd/mm/yyyy)."]
    errors = _errors(app, CycleForm, {**CYCLE, "year": "hai nghìn"})
    assert errors["year"][0] == "Phải là một số nguyên."


def test_english_interface_gets_english_messages(app):
    errors = _errors(app, CycleForm, {**CYCLE, "period_kind": "week"}, lang="en")
    assert errors["period_kind"] == ["Not a valid choice."]
    errors = _errors(app, PublishForm, {"notice_number": "0"}, lang="en")
    assert errors["notice_number"] == ["Number must be between 1 and 99999."]


def test_english_labels_say_what_the_vietnamese_means(app):
    from labels import GROUPS, label

    with app.test_request_context("/"), force_locale("en"):
        assert label(GROUPS, "can_bo") == "Cadre"
        from flask_babel import gettext, pgettext

        assert gettext("Mức sử dụng") == "Quota used"
        assert pgettext("menu", "Cán bộ") == "Staff"


def test_numbers_follow_the_language(app):
    assert number(97.06) == "97,06"  # outside a request: Vietnamese
    with app.test_request_context("/"):
        with force_locale("vi"):
            assert number(97.06) == "97,06"
            assert number(7.5, 1) == "7,5"
        with force_locale("en"):
            assert number(97.06) == "97.06"
    assert number(None) == ""


def test_vietnamese_collation():
    names = ["Võ Văn An", "Đinh Thị Bình", "Dương Văn Cường", "Em Thị Dung", "Ưng Văn E", "Uông F"]
    assert sorted(names, key=vn_sort_key) == [
        "Dương Văn Cường",
        "Đinh Thị Bình",
        "Em Thị Dung",
        "Uông F",
        "Ưng Văn E",
        "Võ Văn An",
    ]
    # tones only decide between otherwise equal words, in dictionary order
    assert sorted(["Ạ", "Á", "A", "Ã", "À", "Ả"], key=vn_sort_key) == ["A", "À", "Ả", "Ã", "Á", "Ạ"]
    assert sorted(["Ân", "Ăn", "An", "Bo"], key=vn_sort_key) == ["An", "Ăn", "Ân", "Bo"]


@pytest.mark.parametrize("path", ["/", "/cycles/", "/profile"])
def test_a_page_with_several_forms_has_no_duplicate_csrf_id(csrf_app, client, world, path):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"username": "tccb", "password": PASSWORD, "csrf_token": token})
    html = client.get(path).get_data(as_text=True)
    assert html.count('name="csrf_token"') >= 2, "the page should hold the header's two forms"
    assert not re.search(r'id="csrf_token"', html)
