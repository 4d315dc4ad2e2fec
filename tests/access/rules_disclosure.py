from tests.disclosure_factories import published

from . import EVERYONE, HR, Rule


def _pub(w):
    return {"publication_id": published(w).id}


def _petition(w):
    cached = getattr(w, "_petition", None)
    if cached is None:
        from evaluation.extensions import db
        from evaluation.services import disclosure

        cached = disclosure.file_petition(published(w), w.users["staff"], "Tôi đề nghị xem lại.")
        db.session.commit()
        w._petition = cached
    return {"petition_id": cached.id}


def _job(w):
    cached = getattr(w, "_job", None)
    if cached is None:
        from evaluation.extensions import db
        from evaluation.services import jobs

        cached = jobs.create_job(
            "results_workbook",
            w.agency.id,
            {"cycle_id": w.cycle.id, "unit_ids": None, "total": 1},
            w.users["hr"],
        )
        db.session.commit()
        jobs.run_job(cached.id)
        w._job = cached
    return {"job_id": cached.id}


def _batch(w):
    cached = getattr(w, "_batch", None)
    if cached is None:
        from evaluation.extensions import db
        from evaluation.services import imports
        from exports.excel import staff_template

        cached = imports.upload(w.agency, "staff", "mau.xlsx", staff_template(), w.users["hr"])
        db.session.commit()
        w._batch = cached
    return {"batch_id": cached.id}


def _access_request(w):
    cached = getattr(w, "_access", None)
    if cached is None:
        from datetime import timedelta

        from evaluation._time import today
        from evaluation.extensions import db
        from evaluation.services import disclosure

        pub = published(w)
        pub.visible_until = today() - timedelta(days=1)  # expired, so a request is allowed
        cached = disclosure.request_access(pub, w.users["colleague"], "Cần xem lại")
        pub.visible_until = today() + timedelta(days=19)
        db.session.commit()
        w._access = cached
    return {"request_id": cached.id, "action": "refuse"}


HEADS = HR | {"unit_head"}
# Everyone with a decision in the publication (the admin account has no staff record).
WITH_DECISION = frozenset({"staff", "unit_head", "hr", "party_committee"})

RULES = {
    "disclosure.index": Rule(EVERYONE),
    "disclosure.results_xlsx": Rule(HEADS, args=lambda w: {"cycle_id": w.cycle.id}),
    "disclosure.results_job": Rule(HEADS, args=lambda w: {"cycle_id": w.cycle.id}),
    # The clerk's form: HR, the clerk's head, the party committee and the clerk themselves.
    "disclosure.annual_form": Rule(
        HR | {"unit_head", "party_committee", "staff"},
        args=lambda w: {"cycle_id": w.cycle.id, "staff_id": w.staff["clerk"].id},
    ),
    "disclosure.publish": Rule(HR, args=lambda w: {"cycle_id": w.cycle.id}),
    "disclosure.show": Rule(EVERYONE, args=_pub),
    "disclosure.notice_pdf": Rule(HR, args=_pub),
    "disclosure.personal_notice": Rule(
        HR | {"staff"}, args=lambda w: {**_pub(w), "staff_id": w.staff["clerk"].id}
    ),
    "disclosure.notices_zip": Rule(HR, args=_pub),
    "disclosure.posting": Rule(HR, args=_pub),
    "disclosure.request_access": Rule(EVERYONE, args=_pub),
    "disclosure.decide_access": Rule(HR, args=_access_request),
    "disclosure.petition": Rule(WITH_DECISION, args=_pub),
    "disclosure.petitions": Rule(HEADS),
    # The clerk's petition: HR and the clerk's head handle it, the clerk sees it (GET only).
    "disclosure.petition_show": Rule(HEADS | {"staff"}, args=_petition, methods=("GET",)),
    "jobs.show": Rule(HR, args=_job),
    "jobs.status": Rule(HR, args=_job),
    "jobs.download": Rule(HR, args=_job),
    "imports.index": Rule(HR),
    "imports.template": Rule(HR, args=lambda w: {"kind": "staff"}),
    "imports.upload": Rule(HR, args=lambda w: {"kind": "staff"}),
    "imports.preview": Rule(HR, args=_batch),
    "imports.confirm": Rule(HR, args=_batch),
    "api.results": Rule(HR, args=lambda w: {"year": w.cycle.year}, methods=("GET",)),
    "api.openapi": Rule(EVERYONE, public=True),
}
