"""Background job pages: a progress bar polled by static JS, a JSON status, the download."""

from flask import Blueprint, abort, jsonify, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import undefer

from .. import permissions as perm
from ..extensions import db
from ..models import Job
from ..permissions.disclosure import can_see_job
from ..services import jobs
from .downloads import send_bytes

bp = Blueprint("jobs", __name__, url_prefix="/jobs")


def _load(job_id: int, *, with_result: bool = False) -> Job:
    options = [undefer(Job.result)] if with_result else []
    job = db.session.get(Job, job_id, options=options)
    perm.in_agency_or_404(job)
    perm.require(can_see_job(current_user, job))
    return job


def _current(job: Job) -> Job:
    """The job as it stands now: another process or thread may have moved it on, or died."""
    db.session.refresh(job)
    if jobs.settle_if_stalled(job):
        db.session.commit()
    return job


@bp.route("/<int:job_id>")
@login_required
def show(job_id: int):
    return render_template("jobs/show.html", job=_current(_load(job_id)))


@bp.route("/<int:job_id>/status")
@login_required
def status(job_id: int):
    job = _current(_load(job_id))
    return jsonify(
        {
            "id": job.id,
            "status": job.status,
            "progress": job.progress,
            "filename": job.filename,
            "download_url": url_for("jobs.download", job_id=job.id)
            if job.status == "done"
            else None,
            "error": _("Tác vụ gặp lỗi; vui lòng thử lại.") if job.status == "failed" else None,
        }
    )


@bp.route("/<int:job_id>/download")
@login_required
def download(job_id: int):
    job = _load(job_id, with_result=True)
    if job.status != "done" or job.result is None:
        abort(404)
    return send_bytes(job.result, job.filename, job.mimetype)
