"""POST /api/v1/tasks: the agency's document system assigns a task with its deadline; it lands on
the person's periodic sheet; an agency token only; idempotent by external_id."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import ApiToken, AssignedTask, AuditLog, PeriodSheet, SheetStatus

TOKEN = "ma-he-thong-van-ban"  # noqa: S105 - a test token
TASK = {
    "external_id": "VB-2026-0457",
    "staff_code": "CC0001",
    "title": "Thẩm định hồ sơ nâng ngạch <b>đợt 2</b>",
    "units": 2.5,
    "assigned_on": "2026-11-10",
    "due_on": "2026-11-25",
    "document_ref": "457/SNV-VP",
}


@pytest.fixture
def headers(world) -> dict[str, str]:
    db.session.add(
        ApiToken(
            agency_id=world.agency.id,
            name="Hệ thống quản lý văn bản",
            token_hash=hashlib.sha256(TOKEN.encode()).hexdigest(),
        )
    )
    db.session.commit()
    return {"Authorization": f"Bearer {TOKEN}"}


def _sheet(world) -> PeriodSheet:
    return db.session.scalars(
        select(PeriodSheet).where(PeriodSheet.staff_id == world.staff["clerk"].id)
    ).one()


def test_task_appears_on_the_persons_sheet(client, auth, world, headers):
    response = client.post("/api/v1/tasks", json=TASK, headers=headers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert body["period"] == 4 and body["year"] == 2026 and body["units"] == "2.5"
    sheet = _sheet(world)
    assert sheet.status == SheetStatus.DRAFT and sheet.period == 4
    assert [(i["title"], i["units"], i["assigned_on"], i["due_on"]) for i in sheet.items] == [
        (TASK["title"], "2.5", "2026-11-10", "2026-11-25")
    ]
    audit = db.session.scalars(select(AuditLog).where(AuditLog.entity == "assigned_task")).one()
    assert audit.after["external_id"] == "VB-2026-0457"
    auth.login("congchuc")
    page = client.get(f"/assessments/sheet/{world.staff['clerk'].id}/4").get_data(as_text=True)
    assert "Thẩm định hồ sơ nâng ngạch &lt;b&gt;đợt 2&lt;/b&gt;" in page
    assert "2026-11-25" in page or "25/11/2026" in page


def test_repeated_request_changes_nothing(client, world, headers):
    first = client.post("/api/v1/tasks", json=TASK, headers=headers)
    again = client.post("/api/v1/tasks", json=TASK, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json() == first.get_json()
    assert len(_sheet(world).items) == 1
    assert db.session.scalar(select(func.count(AssignedTask.id))) == 1
    other = client.post("/api/v1/tasks", json=TASK | {"title": "Việc khác"}, headers=headers)
    assert other.status_code == 409 and other.get_json()["errors"][0]["path"] == "external_id"
    second = client.post("/api/v1/tasks", json=TASK | {"external_id": "VB-2"}, headers=headers)
    assert second.status_code == 201 and len(_sheet(world).items) == 2


def test_only_an_agency_token(client, auth, world, headers):
    assert client.post("/api/v1/tasks", json=TASK).status_code == 401
    bad = {"Authorization": "Bearer sai"}
    assert client.post("/api/v1/tasks", json=TASK, headers=bad).status_code == 401
    auth.login("tccb")  # a signed-in person is not a document system
    assert client.post("/api/v1/tasks", json=TASK).status_code == 401
    outsider = TASK | {"staff_code": "YT0001"}  # a person of another agency
    assert client.post("/api/v1/tasks", json=outsider, headers=headers).status_code == 404
    assert db.session.scalar(select(func.count(AssignedTask.id))) == 0


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"title": ""}, "title"),
        ({"units": 0}, "units"),
        ({"units": "nhiều"}, "units"),
        ({"due_on": "2026-11-01"}, "due_on"),
        ({"assigned_on": "10/11/2026"}, "assigned_on"),
        ({"external_id": None}, "external_id"),
    ],
)
def test_bad_input_is_refused_with_its_field(client, world, headers, change, path):
    response = client.post("/api/v1/tasks", json=TASK | change, headers=headers)
    assert response.status_code == 422
    assert path in {e["path"] for e in response.get_json()["errors"]}
    assert db.session.scalar(select(func.count(AssignedTask.id))) == 0


def test_submitted_sheet_takes_no_new_task(client, world, headers):
    assert client.post("/api/v1/tasks", json=TASK, headers=headers).status_code == 201
    sheet = _sheet(world)
    sheet.status = SheetStatus.SUBMITTED
    db.session.commit()
    late = client.post("/api/v1/tasks", json=TASK | {"external_id": "VB-3"}, headers=headers)
    assert late.status_code == 409


def test_with_a_catalogue_the_task_is_assigned_from_it(client, world, headers):
    """Issue 19: once the agency has a catalogue in force, the request names the product and
    becomes a task from the catalogue (units = quantity × coefficient), not a typed item."""
    from datetime import date

    from evaluation.models import Task, TaskKind
    from evaluation.services import products
    from tests.test_products import ROWS, director, workbook

    world_version = products.start_version(world.agency, date(2026, 11, 16), "01 văn bản")
    assert products.import_catalogue(world_version, workbook(ROWS)) == []
    products.approve(world_version, director(world))
    db.session.commit()

    missing = client.post(
        "/api/v1/tasks", json=TASK | {"assigned_on": "2026-11-16"}, headers=headers
    )
    assert missing.status_code == 422
    assert missing.get_json()["errors"][0]["path"] == "product_code"
    unknown = TASK | {"assigned_on": "2026-11-16", "product_code": "KHONGCO"}
    assert client.post("/api/v1/tasks", json=unknown, headers=headers).status_code == 422
    assert db.session.scalar(select(func.count()).select_from(PeriodSheet)) == 0

    request = TASK | {"assigned_on": "2026-11-16", "product_code": "vb02", "quantity": 2}
    response = client.post("/api/v1/tasks", json=request, headers=headers)
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    assert (body["product_code"], body["quantity"], body["units"]) == ("VB02", "2", "17.00")
    task = db.session.get(Task, body["task_id"])
    assert (task.kind, task.staff_id, task.expected_output) == (
        TaskKind.ASSIGNED,
        world.staff["clerk"].id,
        TASK["title"],
    )
    assert _sheet(world).items == []  # never typed: the sheet reads the task
    again = client.post("/api/v1/tasks", json=request, headers=headers)
    assert again.status_code == 200 and again.get_json()["task_id"] == task.id
    assert db.session.scalar(select(func.count()).select_from(Task)) == 1
