from tests.disclosure_factories import published
from tests.security.payload_cases import Case
from tests.security.scope_targets import Target

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


def _posting(w):
    cached = getattr(w, "_posting", None)
    if cached is None:
        from evaluation._time import today
        from evaluation.extensions import db
        from evaluation.services import disclosure

        cached = disclosure.record_posting(
            published(w),
            {"place": "Bảng tin", "posted_on": today(), "posted_by": "Phạm Minh Châu"},
            w.users["hr"],
        )
        db.session.commit()
        w._posting = cached
    return {"posting_id": cached.id}


def _settled_petition(w):
    """The clerk's petition, rejected by the clerk's head: its reply can be downloaded."""
    cached = getattr(w, "_settled", None)
    if cached is None:
        from evaluation.extensions import db
        from evaluation.models import Petition, PetitionStatus
        from evaluation.services import disclosure

        for item in db.session.query(Petition).filter_by(staff_id=w.staff["clerk"].id):
            item.status = PetitionStatus.REJECTED  # one open petition per decision
        cached = disclosure.file_petition(published(w), w.users["staff"], "Đề nghị xem lại.")
        disclosure.reject_petition(cached, "Giữ nguyên kết quả.", w.users["unit_head"])
        db.session.commit()
        w._settled = cached
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
    # The summary list and the report to the superior body: HR only.
    "disclosure.summary_list": Rule(HR, args=lambda w: {"cycle_id": w.cycle.id}),
    "disclosure.report_pdf": Rule(HR, args=lambda w: {"cycle_id": w.cycle.id}),
    "disclosure.report": Rule(HR, args=lambda w: {"cycle_id": w.cycle.id}),
    "disclosure.show": Rule(EVERYONE, args=_pub),
    "disclosure.notice_pdf": Rule(HR, args=_pub),
    "disclosure.personal_notice": Rule(
        HR | {"staff"}, args=lambda w: {**_pub(w), "staff_id": w.staff["clerk"].id}
    ),
    "disclosure.notices_zip": Rule(HR, args=_pub),
    "disclosure.posting": Rule(HR, args=_pub),
    "disclosure.posting_record": Rule(HR, args=_posting),
    # The reply: the clerk who petitioned, HR and the clerk's head.
    "disclosure.petition_reply": Rule(HEADS | {"staff"}, args=_settled_petition),
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


# --- objects of another agency / another unit (tests/security/test_scope.py) ---------------


def _other_publication(w):
    """A live publication of world.other, with an approved decision of its staff member."""
    cached = getattr(w, "_other_publication", None)
    if cached is not None:
        return cached
    from datetime import timedelta

    from evaluation._time import today
    from evaluation.extensions import db
    from evaluation.models import Decision, DecisionStatus, Level, RoleName
    from evaluation.services import disclosure
    from tests.factories import make_staff, make_user

    # Its own staff member: world.other["staff"] gets a decision from the decision_id target.
    staff = make_staff(w.other_agency, w.other["unit"], name="Hoàng Thị Yến", code="YT0002")
    w._other_reader = make_user(w.other_agency, "yte-nv", [(RoleName.STAFF, None)], staff)
    db.session.add(
        Decision(
            cycle_id=w.other["cycle"].id,
            staff_id=staff.id,
            regime="D335",
            level=Level.HTT,
            reason="Lý do bí mật của Sở Y tế",
            status=DecisionStatus.APPROVED,
        )
    )
    db.session.flush()
    cached, _warning = disclosure.publish(
        w.other["cycle"],
        {
            "unit_id": None,
            "decided_on": today() - timedelta(days=2),
            "published_on": today(),
            "method": "intranet",
            "notice_number": 9,
            "notice_date": today(),
            "signer_authority": "",
            "signer_post": "GIÁM ĐỐC SỞ Y TẾ",
            "signer_name": "Người Ký Bí Mật",
        },
        w.other["user"],
    )
    db.session.flush()
    w._other_publication = cached
    return cached


def _request_of(publication, user, reason: str):
    """An access request needs an expired publication; the posting period is put back after."""
    from datetime import timedelta

    from evaluation._time import today
    from evaluation.extensions import db
    from evaluation.services import disclosure

    until = publication.visible_until
    publication.visible_until = today() - timedelta(days=1)
    req = disclosure.request_access(publication, user, reason)
    publication.visible_until = until
    db.session.flush()
    return req


def _petition_of(publication, user, text: str):
    from evaluation.extensions import db
    from evaluation.services import disclosure

    petition = disclosure.file_petition(publication, user, text)
    db.session.flush()
    return petition


def _other_job(w):
    from evaluation.services import jobs

    return jobs.create_job(
        "results_workbook",
        w.other["cycle"].agency_id,
        {"cycle_id": w.other["cycle"].id, "unit_ids": None, "total": 1},
        w.other["user"],
    )


def _hr_job(w):
    """A whole-agency export started by HR: not the head's or clerk's own job."""
    from evaluation.services import jobs

    return jobs.create_job(
        "results_workbook",
        w.agency.id,
        {"cycle_id": w.cycle.id, "unit_ids": None, "total": 1},
        w.users["hr"],
    )


def _other_batch(w):
    from evaluation.services import imports
    from exports.excel import staff_template

    return imports.upload(
        w.other_agency, "staff", "bi-mat-yte.xlsx", staff_template(), w.other["user"]
    )


SCOPE_TARGETS = {
    # A publication is an agency-wide document (every staff member reads it while posted).
    "publication_id": Target(
        other_agency=_other_publication, secrets=lambda p: [p.signer_name, p.signer_post]
    ),
    "request_id": Target(
        other_agency=lambda w: _request_of(
            _other_publication(w), w._other_reader, "Lý do đề nghị bí mật"
        ),
        other_unit=lambda w: _request_of(
            published(w), w.users["outsider"], "Lý do đề nghị của thanh tra"
        ),
        secrets=lambda r: [r.reason],
    ),
    "petition_id": Target(
        other_agency=lambda w: _petition_of(
            _other_publication(w), w._other_reader, "Kiến nghị bí mật của Sở Y tế"
        ),
        other_unit=lambda w: _petition_of(
            published(w), w.users["outsider"], "Kiến nghị bí mật của thanh tra"
        ),
        secrets=lambda p: [p.text],
    ),
    "job_id": Target(other_agency=_other_job, other_unit=_hr_job),
    # Imports are agency-wide (HR only).
    "batch_id": Target(other_agency=_other_batch, secrets=lambda b: [b.filename]),
}


# --- hostile text through the real forms (tests/security/test_payloads.py) -----------------


def _decided(w) -> None:
    from evaluation.extensions import db
    from tests.disclosure_factories import decide_all

    decide_all(w)
    db.session.commit()


def _publish_data(w, n: int) -> dict:
    from datetime import timedelta

    from evaluation._time import today

    return {
        "unit_id": 0,
        "decided_on": (today() - timedelta(days=2)).isoformat(),
        "published_on": today().isoformat(),
        "method": "intranet",
        "notice_number": "",  # the register gives the next number (typed ones are never reused)
        "notice_date": today().isoformat(),
        "signer_authority": "KT. GIÁM ĐỐC",
        "signer_post": "PHÓ GIÁM ĐỐC",
        "signer_name": "Đỗ Ngọc Hân",
        "recipients": "Lãnh đạo Sở\nLưu: VT, TCCB",
        "note": "Ghi chú",
    }


def _publish_pages(w, data: dict) -> list[str]:
    from evaluation.extensions import db
    from evaluation.models import Publication

    latest = db.session.query(Publication).order_by(Publication.id.desc()).first()
    return [f"/disclosure/{latest.id}", f"/audit/?entity=publication&entity_id={latest.id}"]


def _posting_data(w, n: int) -> dict:
    from evaluation._time import today

    return {
        "place": "Bảng tin tầng 1",
        "posted_on": today().isoformat(),
        "posted_by": "Văn thư",
        "note": "Biên bản lưu tại văn thư",
    }


def _access_data(w, n: int) -> dict:
    """The publication has ended; earlier requests of the colleague were answered already."""
    from datetime import timedelta

    from evaluation._time import today
    from evaluation.extensions import db
    from evaluation.models import AccessRequest, AccessStatus

    pub = published(w)
    pub.visible_until = today() - timedelta(days=1)
    for req in db.session.query(AccessRequest).filter_by(status=AccessStatus.PENDING):
        req.status = AccessStatus.REFUSED
    db.session.commit()
    return {"reason": "Cần xem lại"}


def _petition_data(w, n: int) -> dict:
    """Earlier petitions of the clerk were closed (one open petition per decision)."""
    from evaluation.extensions import db
    from evaluation.models import Petition, PetitionStatus

    published(w)
    for item in db.session.query(Petition).filter_by(staff_id=w.staff["clerk"].id):
        item.status = PetitionStatus.REJECTED
    db.session.commit()
    return {"text": "Tôi đề nghị xem lại."}


def _latest_petition(w):
    from evaluation.extensions import db
    from evaluation.models import Petition

    db.session.expire_all()
    return db.session.query(Petition).order_by(Petition.id.desc()).first()


def _answer_data(w, n: int) -> dict:
    """The clerk's petition is open again for each answer (answered → answered is refused)."""
    from evaluation.extensions import db
    from evaluation.models import PetitionStatus

    _petition(w)
    item = _latest_petition(w)
    item.status = PetitionStatus.OPEN
    db.session.commit()
    return {"action": "answer", "level": "", "answer": "Đã xem xét."}


PAYLOAD_CASES = [
    Case(
        "forms.disclosure.PublishForm",
        ("signer_authority", "signer_post", "signer_name", "recipients", "note"),
        "tccb",
        lambda w: f"/disclosure/cycles/{w.cycle.id}/publish",
        _publish_data,
        _publish_pages,
        setup=_decided,
    ),
    Case(
        "forms.disclosure.PostingForm",
        ("place", "posted_by", "note"),
        "tccb",
        lambda w: f"/disclosure/{published(w).id}/postings",
        _posting_data,
        lambda w, d: [f"/disclosure/{published(w).id}"],
    ),
    # The colleague's reason is read by HR on the disclosure page (requests to decide).
    Case(
        "forms.disclosure.AccessRequestForm",
        ("reason",),
        "dongnghiep",
        lambda w: f"/disclosure/{published(w).id}/request-access",
        _access_data,
        lambda w, d: ["/disclosure/"],
        viewer="tccb",
    ),
    Case(
        "forms.disclosure.PetitionForm",
        ("text",),
        "congchuc",
        lambda w: f"/disclosure/{published(w).id}/petition",
        _petition_data,
        lambda w, d: [f"/disclosure/petitions/{_latest_petition(w).id}"],
    ),
    # The head's answer is read by the clerk who petitioned.
    Case(
        "forms.disclosure.PetitionAnswerForm",
        ("answer",),
        "truongphong",
        lambda w: f"/disclosure/petitions/{_latest_petition(w).id}",
        _answer_data,
        lambda w, d: [f"/disclosure/petitions/{_latest_petition(w).id}"],
        viewer="congchuc",
    ),
]
