"""forms_support.run_service: the views' one transaction block, with the two cases the
self-assessment pages need (messages shown by the page itself; a lost version check)."""

from __future__ import annotations

import pytest
from flask import get_flashed_messages
from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from evaluation.errors import ValidationError
from evaluation.extensions import db
from evaluation.forms_support import run_service
from evaluation.models import Agency

from . import factories


def _agencies() -> int:
    return db.session.scalar(select(func.count(Agency.id))) or 0


def test_a_lost_version_check_is_refused_with_its_message_and_rolled_back(app):
    with app.test_request_context():
        shown: list = []

        def save() -> None:
            factories.make_agency("TMP", "Cơ quan tạm")
            raise StaleDataError("version")

        outcome = run_service(save, on_error=shown.append, stale="Đã có người lưu trước.")
        assert not outcome and outcome.stale
        assert outcome.errors == (("", "Đã có người lưu trước."),)
        assert shown == [[("", "Đã có người lưu trước.")]]
        assert get_flashed_messages() == []  # the page (or the JSON answer) shows it
        assert _agencies() == 0


def test_without_stale_a_lost_version_check_is_not_swallowed(app):
    def save() -> None:
        raise StaleDataError("version")

    with app.test_request_context(), pytest.raises(StaleDataError):
        run_service(save)


def test_a_refusal_goes_to_on_error_not_stale_and_success_is_committed(app):
    with app.test_request_context():
        shown: list = []

        def refuse() -> None:
            raise ValidationError(("year", "Năm không hợp lệ."))

        outcome = run_service(refuse, on_error=shown.append, stale="x")
        assert not outcome and not outcome.stale and shown == [[("year", "Năm không hợp lệ.")]]
        done = run_service(lambda: factories.make_agency("OK", "Cơ quan"), success="Đã lưu.")
        assert done and done.value.code == "OK"
        assert get_flashed_messages(with_categories=True) == [("success", "Đã lưu.")]
    db.session.rollback()
    assert _agencies() == 1  # committed
