"""With REDIS_URL set, a job goes to the RQ queue and a real `rq worker` process (not the app's
process) runs it against the same database: the result bytes land in the Job row.

The database is the suite's PostgreSQL database when TEST_DATABASE_URL points at PostgreSQL,
otherwise a SQLite file both processes open; Redis is db 14 on 127.0.0.1 (the tests' own)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from openpyxl import load_workbook

from evaluation.extensions import db
from evaluation.models import Job
from evaluation.services import jobs

from . import factories
from .disclosure_factories import decide_all
from .security.conftest import make_file_app

ROOT = Path(__file__).resolve().parents[1]
RQ = Path(sys.executable).with_name("rq")
REDIS_URL = "redis://127.0.0.1:6379/14"


@pytest.fixture
def shared(request, tmp_path) -> Iterator[str]:
    """A pushed app context on a database another process can open; yields its URL."""
    url = os.environ.get("TEST_DATABASE_URL", "")
    if url.startswith("postgresql"):
        request.getfixturevalue("app")  # the suite's app and context; tables emptied after
        yield url
        return
    path = tmp_path / "queue.db"
    app = make_file_app(path)
    with app.app_context():
        yield f"sqlite:///{path}"
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def queue() -> Iterator[redis.Redis]:
    connection = redis.Redis.from_url(REDIS_URL)
    connection.flushdb()
    yield connection
    connection.flushdb()
    connection.close()


def test_job_runs_in_an_rq_worker_process(shared, queue, tmp_path):
    from flask import current_app

    world = factories.build_world()
    decisions = decide_all(world)
    db.session.commit()
    job = jobs.create_job(
        "results_workbook",
        world.agency.id,
        {"cycle_id": world.cycle.id, "unit_ids": None, "total": len(decisions)},
        None,
    )
    db.session.commit()
    app = current_app._get_current_object()
    saved = {k: app.config.get(k) for k in ("REDIS_URL", "JOBS_SYNC")}
    app.config.update(REDIS_URL=REDIS_URL, JOBS_SYNC=False)
    try:
        assert jobs.start(job) is None  # handed to the queue, not to a thread of this process
    finally:
        app.config.update(saved)
    assert queue.llen(f"rq:queue:{jobs.QUEUE}") == 1
    db.session.expire_all()
    assert db.session.get(Job, job.id).status == "queued"

    env = {
        **os.environ,
        "XEPLOAI_ENV": "development",
        "DATABASE_URL": shared,
        "REDIS_URL": REDIS_URL,
        "SECRET_KEY": "a-worker-secret-of-at-least-32-characters",
    }
    env.pop("TEST_DATABASE_URL", None)
    worker = subprocess.run(
        [RQ, "worker", jobs.QUEUE, "--burst", "--url", REDIS_URL],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert "Job OK" in worker.stdout + worker.stderr, worker.stdout + worker.stderr

    db.session.expire_all()
    done = db.session.get(Job, job.id)
    assert done.status == "done", done.error
    assert done.progress == 100 and done.filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(done.result), read_only=True)
    cells = {cell for sheet in workbook.worksheets for row in sheet.values for cell in row}
    assert {world.staff["clerk"].full_name, world.staff["clerk"].code} <= cells
