"""Background jobs: the agency's personal notices as one ZIP, large results workbooks.

With REDIS_URL set, jobs go to the RQ queue ``xeploai`` (run ``rq worker xeploai`` with the
same environment as the app); otherwise they run in a thread of the app process, with its own
app context. Either way the Job row (status, progress, result bytes) lives in the database, so
any app host can answer the status poll and serve the result.
"""

from __future__ import annotations

import io
import threading
import traceback
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app
from flask_babel import gettext as _

from exports import excel, pdf

from .._time import as_utc, now
from ..extensions import db
from ..models import Cycle, Job, Publication, User
from . import ValidationError
from .audit import record

QUEUE = "xeploai"
# A job that shows no sign of life for this long died with its process (a thread job when the
# app restarted, an RQ job whose worker was killed): it is reported failed, not left spinning.
# Running jobs move their progress at least every few seconds; a queued job may wait behind
# others as long as RQ lets one run (job_timeout below).
STALLED_RUNNING = timedelta(minutes=10)
STALLED_QUEUED = timedelta(hours=1)
RQ_JOB_TIMEOUT = int(STALLED_QUEUED.total_seconds())
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _set_progress(job_id: int, percent: int) -> None:
    # Committed on its own so the status poll of another request sees it at once.
    job = db.session.get(Job, job_id)
    job.progress = max(0, min(100, percent))
    db.session.commit()


def _personal_notices(job: Job, progress: Callable[[int], None]) -> tuple[bytes, str, str]:
    from ..queries.disclosure import personal_notice_data
    from .disclosure import approved_decisions, scope_unit_ids

    publication = db.session.get(Publication, job.params["publication_id"])
    decisions = approved_decisions(publication.cycle, scope_unit_ids(publication))
    items = [personal_notice_data(publication, d.staff, d) for d in decisions]
    named: list[tuple[str, bytes]] = []
    step = max(1, len(items) // 20)
    for first in range(0, len(items), step):
        chunk = items[first : first + step]
        for decision, content in zip(
            decisions[first : first + step], pdf.render_many(chunk, "personal_notice"), strict=True
        ):
            named.append((f"{decision.staff.code} {decision.staff.full_name}", content))
        progress(5 + 90 * len(named) // max(1, len(items)))
    filename = f"thong-bao-ca-nhan-{publication.cycle.year}.zip"
    return pdf.zip_pdfs(named), filename, "application/zip"


def _results_workbook(job: Job, progress: Callable[[int], None]) -> tuple[bytes, str, str]:
    from ..queries.disclosure import results_data

    cycle = db.session.get(Cycle, job.params["cycle_id"])
    unit_ids = set(job.params["unit_ids"]) if job.params.get("unit_ids") is not None else None
    data = results_data(cycle, unit_ids)
    total = max(1, job.params.get("total", 1))
    buffer = io.BytesIO()
    excel.write_results_workbook(data, buffer, progress=lambda n: progress(5 + 90 * n // total))
    return buffer.getvalue(), f"ket-qua-xep-loai-{cycle.year}.xlsx", XLSX


def _send_mail(job: Job, progress: Callable[[int], None]) -> tuple[bytes, str, str]:
    from .mail import send_due

    sent, failed = send_due()
    return f"sent {sent}, failed {failed}\n".encode(), "mail.txt", "text/plain"


def _national_sync(job: Job, progress: Callable[[int], None]) -> tuple[bytes, str, str]:
    from .outbox import deliver_all

    accepted = deliver_all()
    return f"accepted {accepted}\n".encode(), "national.txt", "text/plain"


HANDLERS: dict[str, Callable[[Job, Callable[[int], None]], tuple[bytes, str, str]]] = {
    "personal_notices": _personal_notices,
    "results_workbook": _results_workbook,
    "send_mail": _send_mail,  # services/mail.py: the queued e-mails, retried on failure
    "national_sync": _national_sync,  # services/outbox.py: results to the national database
}


def run_job(job_id: int) -> None:
    """Run one job to its end inside the current app context; never raises."""
    job = db.session.get(Job, job_id)
    if job is None or job.status != "queued":
        return
    job.status, job.started_at, job.progress = "running", now(), 5
    db.session.commit()
    try:
        content, filename, mimetype = HANDLERS[job.kind](job, lambda p: _set_progress(job_id, p))
    except Exception:  # a failed job must say so, whatever failed
        db.session.rollback()
        job = db.session.get(Job, job_id)
        if job is None:
            return
        job.status, job.error, job.finished_at = "failed", traceback.format_exc(limit=3), now()
        db.session.commit()
        current_app.logger.exception("job %s failed", job_id)
        return
    job = db.session.get(Job, job_id)
    job.result, job.filename, job.mimetype = content, filename, mimetype
    job.status, job.progress, job.finished_at = "done", 100, now()
    db.session.commit()


def rq_entry(job_id: int) -> None:
    """What the RQ worker runs: it builds its own app (the worker has none)."""
    from .. import create_app

    app = create_app()
    with app.app_context():
        run_job(job_id)


def _run_in_thread(app: Flask, job_id: int) -> threading.Thread:
    def target() -> None:
        with app.app_context():
            try:
                run_job(job_id)
            finally:
                db.session.remove()

    thread = threading.Thread(target=target, name=f"job-{job_id}", daemon=True)
    thread.start()
    return thread


def create_job(kind: str, agency_id: int, params: dict, user: User | None) -> Job:
    if kind not in HANDLERS:
        raise ValidationError(_("Loại tác vụ không hợp lệ."))
    job = Job(
        agency_id=agency_id, kind=kind, params=params, created_by_id=getattr(user, "id", None)
    )
    db.session.add(job)
    db.session.flush()
    record(
        "create",
        "job",
        job.id,
        agency_id=agency_id,
        after={"kind": kind, "params": params},
        user=user,
    )
    return job


def start(job: Job) -> threading.Thread | None:
    """Hand a committed job to a worker. JOBS_SYNC (tests) runs it before returning."""
    app = current_app._get_current_object()
    if app.config.get("JOBS_SYNC"):
        run_job(job.id)
        return None
    if app.config.get("REDIS_URL"):
        from redis import Redis
        from rq import Queue

        Queue(QUEUE, connection=Redis.from_url(app.config["REDIS_URL"])).enqueue(
            rq_entry, job.id, job_timeout=RQ_JOB_TIMEOUT
        )
        return None
    return _run_in_thread(app, job.id)


def settle_if_stalled(job: Job) -> bool:
    """Mark a job failed when nothing has moved it for too long (see STALLED_RUNNING).
    Returns whether it changed; the caller commits. A late worker then finds it no longer
    queued and leaves it alone (run_job)."""
    limit = {"running": STALLED_RUNNING, "queued": STALLED_QUEUED}.get(job.status)
    if limit is None:
        return False
    last_sign = as_utc(job.updated_at)
    if now() - last_sign <= limit:
        return False
    job.status, job.finished_at = "failed", now()
    job.error = f"interrupted: no progress since {last_sign:%Y-%m-%d %H:%M} UTC ({limit} allowed)"
    return True
