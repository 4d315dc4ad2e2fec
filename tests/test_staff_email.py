"""The work e-mail address HR keeps: set on the staff page and by the staff import (validated,
all-or-nothing, audited); reminders go there unless the person chose their own address."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import AuditLog, ImportBatch, Staff
from evaluation.services import mail
from exports.excel import STAFF_COLUMNS
from tests.test_imports import GOOD_STAFF, upload, workbook

OLD_COLUMNS = tuple(c for c in STAFF_COLUMNS if c != "E-mail")


def _edit_data(staff: Staff, **changes) -> dict:
    data = {
        "code": staff.code,
        "full_name": staff.full_name,
        "gender": staff.gender.value,
        "title": staff.title,
        "group": staff.group.value,
        "position": staff.position.value,
        "task_group": staff.task_group,
        "unit_id": staff.unit_id,
        "start_date": "",
        "end_date": "",
        "email": "",
    }
    return {**data, **changes}


def test_hr_sets_the_address_on_the_staff_page_and_it_is_audited(client, auth, world):
    clerk = world.staff["clerk"]
    auth.login("tccb")
    response = client.post(
        f"/staff/{clerk.id}/edit", data=_edit_data(clerk, email=" hung.tq@snv.bacninh.gov.vn ")
    )
    assert response.status_code == 302
    db.session.refresh(clerk)
    assert clerk.email == "hung.tq@snv.bacninh.gov.vn"
    entry = db.session.scalars(
        select(AuditLog).where(
            AuditLog.entity == "staff", AuditLog.entity_id == clerk.id, AuditLog.action == "update"
        )
    ).one()
    assert entry.before["email"] == "" and entry.after["email"] == "hung.tq@snv.bacninh.gov.vn"
    page = client.get(f"/staff/{clerk.id}").get_data(as_text=True)
    assert "hung.tq@snv.bacninh.gov.vn" in page


def test_a_bad_address_is_explained_next_to_the_field_and_changes_nothing(client, auth, world):
    clerk = world.staff["clerk"]
    auth.login("tccb")
    response = client.post(
        f"/staff/{clerk.id}/edit", data=_edit_data(clerk, title="Mới", email="hung@@snv")
    )
    assert response.status_code == 200
    assert "Địa chỉ e-mail không hợp lệ." in response.get_data(as_text=True)
    assert 'value="hung@@snv"' in response.get_data(as_text=True)  # what was typed stays
    db.session.refresh(clerk)
    assert clerk.email == "" and clerk.title != "Mới"


def _with_email(row: tuple, email: str | None) -> tuple:
    return (*row, email)


def test_the_import_sets_addresses_all_or_nothing(client, auth, world):
    auth.login("tccb")
    bad = [
        _with_email(GOOD_STAFF[0], "hung.tq@snv.bacninh.gov.vn"),
        _with_email(GOOD_STAFF[1], "ha.ltt@@snv"),
    ]
    upload(client, workbook(staff=bad))
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.problems == [
        {
            "sheet": "Cán bộ",
            "row": 3,
            "column": "E-mail",
            "message": "Địa chỉ e-mail không hợp lệ: “ha.ltt@@snv”.",
        }
    ]
    assert client.post(f"/imports/{batch.id}/confirm").status_code in (302, 422)
    assert db.session.get(Staff, world.staff["clerk"].id).email == ""
    good = [
        _with_email(GOOD_STAFF[0], "hung.tq@snv.bacninh.gov.vn"),
        _with_email(GOOD_STAFF[1], "ha.ltt@snv.bacninh.gov.vn"),
    ]
    upload(client, workbook(staff=good))
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    assert batch.problems == []
    client.post(f"/imports/{batch.id}/confirm")
    clerk = db.session.get(Staff, world.staff["clerk"].id)
    assert clerk.email == "hung.tq@snv.bacninh.gov.vn"
    new = db.session.scalars(select(Staff).where(Staff.code == "CC0099")).one()
    assert new.email == "ha.ltt@snv.bacninh.gov.vn"
    audited = db.session.scalars(
        select(AuditLog)
        .where(AuditLog.entity == "staff", AuditLog.entity_id == clerk.id)
        .order_by(AuditLog.id)
    ).all()
    assert audited[-1].after["email"] == "hung.tq@snv.bacninh.gov.vn"


def test_an_import_without_the_column_or_with_a_blank_cell_keeps_the_address(client, auth, world):
    clerk = world.staff["clerk"]
    clerk.email = "hung.tq@snv.bacninh.gov.vn"
    db.session.commit()
    auth.login("tccb")
    for content in (
        workbook(staff=GOOD_STAFF, staff_columns=OLD_COLUMNS),
        workbook(staff=[_with_email(r, None) for r in GOOD_STAFF]),
    ):
        upload(client, content)
        batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
        assert batch.problems == []
        client.post(f"/imports/{batch.id}/confirm")
        assert db.session.get(Staff, clerk.id).email == "hung.tq@snv.bacninh.gov.vn"
    assert db.session.get(Staff, clerk.id).birth_date == date(1984, 2, 3)  # the rest applied


@pytest.mark.day("2026-11-28")
def test_reminders_go_to_the_hr_address_unless_the_person_chose_one(world):
    world.staff["clerk"].email = "hung.tq@snv.bacninh.gov.vn"
    world.staff["colleague"].email = "duong.dt@snv.bacninh.gov.vn"
    world.users["colleague"].email = "duong.rieng@example.vn"  # the person's own choice wins
    db.session.commit()
    assert mail.queue_reminders() == 2
    recipients = set(db.session.scalars(select(mail.MailMessage.recipient)))
    assert recipients == {"hung.tq@snv.bacninh.gov.vn", "duong.rieng@example.vn"}
