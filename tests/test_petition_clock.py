"""Decree 335 Art 22: a petition is answered within 7 working days of receipt. The clock, the
reminder card, the overdue flag on the HR dashboard and on the list, the answer in the record."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest
from sqlalchemy import select

from evaluation import workdays
from evaluation._time import VN
from evaluation.extensions import db
from evaluation.models import Petition
from evaluation.services import disclosure, petition_clock

from .disclosure_factories import publish


def test_d335_art22_due_seven_working_days_after_receipt():
    # Received Friday 4/12/2026: Mon 7 ... Fri 11 (5), Mon 14, Tue 15 (7).
    assert workdays.petition_due(date(2026, 12, 4)) == date(2026, 12, 15)
    # Received Tuesday 25/8/2026: 31/8 (substituted day off), 1/9 and 2/9 (National Day) are
    # skipped: 26, 27, 28/8, 3, 4, 7, 8/9.
    assert workdays.petition_due(date(2026, 8, 25)) == date(2026, 9, 8)
    assert workdays.working_days_between(date(2026, 12, 4), date(2026, 12, 15)) == 7


@pytest.mark.day("2026-12-04")
def test_d335_art22_clock_reminder_overdue_flag_and_answer_kept(client, auth, world, clock):
    publication, _d = publish(world)
    disclosure.file_petition(publication, world.users["staff"], "Xin xem lại mức của tôi.")
    db.session.commit()
    petition = db.session.scalars(select(Petition)).one()
    c = petition_clock.clock(petition)
    assert (c.received_on, c.due_on, c.state, c.days_left) == (
        date(2026, 12, 4),
        date(2026, 12, 15),
        "open",
        7,
    )
    auth.login("tccb")
    page = client.get("/dashboard").get_data(as_text=True)
    assert "Kiến nghị chờ trả lời" in page and "15/12/2026" in page
    assert "data-petition-overdue" not in page

    # Friday 11/12: two working days left, the authority is reminded of the date.
    clock.move_to(datetime.combine(date(2026, 12, 11), time(9), tzinfo=VN))
    assert petition_clock.clock(petition).state == "due_soon"
    assert "Hạn trả lời gần nhất: 15/12/2026." in client.get("/").get_data(as_text=True)

    # Wednesday 16/12: overdue, flagged on the dashboard, the list and the home card.
    clock.move_to(datetime.combine(date(2026, 12, 16), time(9), tzinfo=VN))
    assert petition_clock.clock(petition).state == "overdue"
    assert "data-petition-overdue" in client.get("/dashboard").get_data(as_text=True)
    assert "Quá hạn" in client.get("/disclosure/petitions").get_data(as_text=True)
    home = client.get("/").get_data(as_text=True)
    assert "1 kiến nghị đã quá hạn trả lời." in home and "card-danger" in home

    # The answer is kept on the petition, with its day; late is said so. (HR answers; rejecting
    # is for the clerk's head, who decides the level: tests/test_petition_routing.py.)
    client.post(
        f"/disclosure/petitions/{petition.id}",
        data={"action": "answer", "level": "", "answer": "Giữ nguyên mức đã quyết định."},
    )
    db.session.refresh(petition)
    assert petition.answer == "Giữ nguyên mức đã quyết định." and petition.answered_at
    c = petition_clock.clock(petition)
    assert (c.answered_on, c.state) == (date(2026, 12, 16), "answered_late")
    page = client.get(f"/disclosure/petitions/{petition.id}").get_data(as_text=True)
    assert "Trả lời muộn" in page and "16/12/2026" in page and "Điều 22" in page
    assert "Kiến nghị chờ trả lời" not in client.get("/dashboard").get_data(as_text=True)
