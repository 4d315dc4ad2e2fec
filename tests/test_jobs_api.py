"""Background jobs (ZIP of personal notices, large workbook), the results API and its OpenAPI
document, and the commands `flask token create` and `flask export notice`."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta

import pytest
from flask import url_for
from sqlalchemy import select, update

from evaluation.extensions import db
from evaluation.models import ApiToken, AuditLog, Job, OutgoingDocument
from evaluation.services import jobs

from .disclosure_factories import decide_all, publish


def pdf_text(content: bytes) -> str:
    done = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=content, capture_output=True
    )
    return done.stdout.decode()


def test_zip_of_personal_notices_runs_as_a_job(client, auth, world):
    publication, decisions = publish(world)
    auth.login("tccb")
    response = client.post(f"/disclosure/{publication.id}/notices-zip")
    assert response.status_code == 302
    job = db.session.scalars(select(Job)).one()
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "jobs.js" in page and "data-job-status" in page and "<script>" not in page
    status = client.get(f"/jobs/{job.id}/status").get_json()
    assert status["status"] == "done" and status["progress"] == 100
    archive = zipfile.ZipFile(io.BytesIO(client.get(status["download_url"]).data))
    names = archive.namelist()
    assert len(names) == len(decisions)
    clerk = next(n for n in names if n.startswith("CC0001"))
    assert "Trương Quốc Hưng" in pdf_text(archive.read(clerk))
    # Another user of the agency may not watch or fetch HR's job.
    auth.logout()
    auth.login("congchuc")
    assert client.get(f"/jobs/{job.id}/status").status_code == 403
    assert client.get(f"/jobs/{job.id}/download").status_code == 403


def test_job_runs_in_a_thread_without_redis(app, world):
    decide_all(world)
    db.session.commit()
    job = jobs.create_job(
        "results_workbook",
        world.agency.id,
        {"cycle_id": world.cycle.id, "unit_ids": None, "total": 7},
        None,
    )
    db.session.commit()
    app.config["JOBS_SYNC"] = False
    try:
        thread = jobs.start(job)
        assert thread is not None
        thread.join(60)
    finally:
        app.config["JOBS_SYNC"] = True
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == "done", job.error
    assert job.result[:2] == b"PK" and job.filename.endswith(".xlsx")


def test_failed_job_says_so(app, world):
    job = jobs.create_job("results_workbook", world.agency.id, {"cycle_id": 999999}, None)
    db.session.commit()
    jobs.run_job(job.id)
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    assert job.status == "failed" and job.error


def test_head_runs_a_workbook_job_for_their_unit_only(client, auth, world):
    decide_all(world)
    db.session.commit()
    auth.login("truongphong")
    other = world.units["other_dept"].id
    assert (
        client.post(f"/disclosure/cycles/{world.cycle.id}/results-job?unit={other}").status_code
        == 403
    )
    response = client.post(f"/disclosure/cycles/{world.cycle.id}/results-job")
    assert response.status_code == 302
    job = db.session.scalars(select(Job)).one()
    assert job.status == "done" and job.params["unit_ids"]
    assert client.get(f"/jobs/{job.id}/download").status_code == 200


def test_token_and_results_api(runner, client, world):
    publish(world)
    result = runner.invoke(args=["token", "create", "--agency", "SNV", "--name", "Cổng thông tin"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    row = db.session.scalars(select(ApiToken)).one()
    assert row.token_hash != token and len(token) > 30
    assert db.session.scalars(select(AuditLog).where(AuditLog.entity == "api_token")).one()
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/results?year=2026", headers=headers).get_json()
    assert body["count"] == 7
    clerk = next(r for r in body["results"] if r["code"] == "CC0001")
    assert clerk == {
        "code": "CC0001",
        "full_name": "Trương Quốc Hưng",
        "title": "Chuyên viên",
        "unit": "Phòng Công chức, viên chức",
        "level": "HTT",
        "decided_on": clerk["decided_on"],
    }
    assert "Lý do" not in str(body) and "reason" not in str(body)
    assert client.get("/api/v1/results?year=1999", headers=headers).status_code == 422
    assert client.get("/api/v1/results?year=2031", headers=headers).status_code == 404
    assert client.get("/api/v1/results?year=2026").status_code == 401
    bad = {"Authorization": "Bearer nope"}
    assert client.get("/api/v1/results?year=2026", headers=bad).status_code == 401


def test_other_agency_token_sees_only_its_agency(runner, client, world):
    publish(world)
    result = runner.invoke(args=["token", "create", "--agency", "SYT", "--name", "Y tế"])
    token = result.stdout.strip().splitlines()[0]
    body = client.get("/api/v1/results?year=2026", headers={"Authorization": f"Bearer {token}"})
    assert body.get_json()["count"] == 0  # the other agency has no approved decisions


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def test_openapi_document(client, app):
    doc = client.get("/api/v1/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    assert set(doc["paths"]) == {"/classify", "/classify-units", "/results", "/tasks"}
    for ref in _refs(doc):
        name = ref.removeprefix("#/components/schemas/")
        assert name in doc["components"]["schemas"], ref
    with app.test_request_context():
        server = url_for("api.results", _external=True).rsplit("/", 1)[0]
    assert doc["servers"][0]["url"] == server
    result_schema = doc["components"]["schemas"]["Result"]
    assert "reason" not in result_schema["properties"]


def test_export_notice_command(runner, world, tmp_path):
    publish(world)
    out = tmp_path / "tb.pdf"
    result = runner.invoke(
        args=[
            "export",
            "notice",
            "--year",
            "2026",
            "--unit",
            "CCVC",
            "--agency",
            "SNV",
            "-o",
            str(out),
        ]
    )
    # Only the whole agency's notice was recorded, and the agency has no head on record: an
    # unsigned final notice is refused, a draft is allowed and takes no number.
    assert result.exit_code != 0 and "--signer-name" in result.output
    draft = runner.invoke(
        args=["export", "notice", "--year", "2026", "--unit", "CCVC", "--agency", "SNV"]
        + ["--draft", "-o", str(out)]
    )
    assert draft.exit_code == 0, draft.output
    text = pdf_text(out.read_bytes())
    assert "DỰ THẢO" in text and re.search(r"Số:\s+/TB-SNV", text)
    assert (
        db.session.query(OutgoingDocument)
        .filter_by(ref=f"notice-cli:{world.cycle.id}:CCVC")
        .count()
        == 0
    )
    signed = ["--signer-post", "Phó Giám đốc", "--signer-name", "Đỗ Ngọc Hân", "-o", str(out)]
    # A number already given to the agency's notice (07) is refused; 99 is free.
    taken = runner.invoke(
        args=["export", "notice", "--year", "2026", "--unit", "CCVC", "--agency", "SNV"]
        + ["--number", "7", *signed]
    )
    assert taken.exit_code != 0 and "07/TB-SNV" in taken.output
    result = runner.invoke(
        args=["export", "notice", "--year", "2026", "--unit", "CCVC", "--agency", "SNV"]
        + ["--number", "99", *signed]
    )
    assert result.exit_code == 0, result.output
    text = pdf_text(out.read_bytes())
    assert "Trương Quốc Hưng" in text and "Lê Văn Đức" not in text
    assert "99/TB-SNV" in text and "Đỗ Ngọc Hân" in text and "DỰ THẢO" not in text
    # Printed again: the same number, never a new one.
    again = runner.invoke(
        args=["export", "notice", "--year", "2026", "--unit", "CCVC", "--agency", "SNV", *signed]
    )
    assert again.exit_code == 0 and "99/TB-SNV" in again.output
    result = runner.invoke(
        args=["export", "notice", "--year", "2019", "-o", str(out), "--agency", "SNV"]
    )
    assert result.exit_code != 0 and "Không có kỳ đánh giá năm 2019" in result.output


def test_schemathesis_loads_the_openapi_document():
    import schemathesis

    from evaluation.api.openapi import openapi_document

    schema = schemathesis.openapi.from_dict(openapi_document("http://127.0.0.1:5000/api/v1"))
    labels = sorted(op.ok().label for op in schema.get_all_operations())
    assert labels == ["GET /results", "POST /classify", "POST /classify-units", "POST /tasks"]


def _job_last_moved(world, status: str, minutes_ago: int) -> Job:
    job = jobs.create_job("results_workbook", world.agency.id, {"cycle_id": world.cycle.id}, None)
    db.session.flush()
    moved = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    # Straight to the table: the ORM would stamp updated_at with the present time.
    db.session.execute(
        update(Job.__table__).where(Job.id == job.id).values(status=status, updated_at=moved)
    )
    db.session.commit()
    return job


@pytest.mark.parametrize(
    ("status", "minutes_ago", "after"),
    [
        ("running", 11, "failed"),  # its thread or worker died: no progress for 10 minutes
        ("running", 2, "running"),
        ("queued", 61, "failed"),  # never picked up within RQ's time limit
        ("queued", 20, "queued"),  # waiting behind other jobs
    ],
)
def test_a_job_that_stopped_moving_is_reported_failed(
    client, auth, world, status, minutes_ago, after
):
    job = _job_last_moved(world, status, minutes_ago)
    auth.login("tccb")
    answer = client.get(f"/jobs/{job.id}/status").get_json()
    assert answer["status"] == after
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == after
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    shows_error = 'class="job-error error">' in page  # the hidden attribute sits before ">"
    assert shows_error == (after == "failed")
    if after == "failed":
        assert answer["error"] == "Tác vụ gặp lỗi; vui lòng thử lại."
        assert "interrupted" in db.session.get(Job, job.id).error
        jobs.run_job(job.id)  # a worker that wakes up late leaves it alone
        db.session.expire_all()
        assert db.session.get(Job, job.id).status == "failed"
