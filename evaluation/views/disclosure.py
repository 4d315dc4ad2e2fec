"""Results workbook and PDFs, publication of results, the in-agency results page, petitions."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from exports import excel
from forms.auth import SimpleActionForm
from forms.disclosure import (
    AccessRequestForm,
    PetitionAnswerForm,
    PetitionForm,
    PostingForm,
    PublishForm,
)

from .. import permissions as perm
from .._time import today
from ..extensions import db
from ..forms_support import run_service
from ..models import (
    AccessRequest,
    Cycle,
    Petition,
    PetitionStatus,
    Posting,
    Publication,
    Staff,
)
from ..permissions import decisions as dec_perm
from ..permissions import disclosure as dperm
from ..queries import disclosure as queries
from ..services import ValidationError, petition_clock
from ..services import disclosure as service
from ..services import jobs as job_service
from ..services.org import unit_choices
from .downloads import DOCX, PDF, send_bytes, send_document

bp = Blueprint("disclosure", __name__, url_prefix="/disclosure")


def _document(kind: str, data, stem: str):
    """The document as PDF, or as Word with ?format=docx (the văn thư edits before signing)."""
    return send_document(kind, data, stem)


def _load(model, obj_id: int):
    obj = db.session.get(model, obj_id)
    perm.in_agency_or_404(obj)
    return obj


def _scope_from_args() -> set[int] | None:
    """?unit=ID → that unit and its subtree; a head without ?unit gets all their units."""
    unit_id = request.args.get("unit", type=int)
    if unit_id:
        return perm.subtree_ids({unit_id})
    if perm.is_hr(current_user):
        return None
    return perm.headed_units(current_user) or None


@bp.route("/")
@login_required
def index():
    publications = db.session.scalars(
        select(Publication)
        .where(Publication.agency_id == current_user.agency_id)
        .order_by(Publication.published_on.desc(), Publication.id.desc())
    ).all()
    if not perm.is_hr(current_user):
        publications = [p for p in publications if not p.withdrawn]
    cycles = db.session.scalars(
        select(Cycle).where(Cycle.agency_id == current_user.agency_id).order_by(Cycle.year.desc())
    ).all()
    mine = db.session.scalars(
        select(Petition).where(Petition.staff_id == (current_user.staff_id or -1))
    ).all()
    pending = []
    if perm.is_hr(current_user):
        pending = db.session.scalars(
            select(AccessRequest).where(
                AccessRequest.agency_id == current_user.agency_id,
                AccessRequest.status == "pending",
            )
        ).all()
    return render_template(
        "disclosure/index.html",
        publications=publications,
        cycles=cycles,
        mine=mine,
        pending=pending,
        live=service.is_live,
        heads=perm.headed_units(current_user),
    )


@bp.route("/cycles/<int:cycle_id>/results.xlsx")
@login_required
def results_xlsx(cycle_id: int):
    cycle = _load(Cycle, cycle_id)
    unit_ids = _scope_from_args()
    perm.require(dperm.can_export_units(current_user, unit_ids))
    content = excel.results_workbook(queries.results_data(cycle, unit_ids))
    return send_bytes(content, f"ket-qua-xep-loai-{cycle.year}.xlsx", job_service.XLSX)


@bp.route("/cycles/<int:cycle_id>/results-job", methods=["POST"])
@login_required
def results_job(cycle_id: int):
    cycle = _load(Cycle, cycle_id)
    unit_ids = _scope_from_args()
    perm.require(dperm.can_export_units(current_user, unit_ids))
    if not SimpleActionForm().validate_on_submit():
        abort(400)
    total = len(db.session.execute(queries.decision_query(cycle, unit_ids)).all())
    job = job_service.create_job(
        "results_workbook",
        cycle.agency_id,
        {
            "cycle_id": cycle.id,
            "unit_ids": sorted(unit_ids) if unit_ids is not None else None,
            "total": total,
        },
        current_user,
    )
    db.session.commit()
    job_service.start(job)
    return redirect(url_for("jobs.show", job_id=job.id))


def _report_document(cycle: Cycle):
    from ..queries.report import report_ref
    from ..services import register

    return register.find(cycle.agency_id, report_ref(cycle))


@bp.route("/cycles/<int:cycle_id>/summary-list.pdf")
@login_required
def summary_list(cycle_id: int):
    """HR's summary list of the year's results per group (PDF, or Word with ?format=docx)."""
    perm.require(dperm.can_publish(current_user))
    cycle = _load(Cycle, cycle_id)
    from exports import report as report_export

    from ..queries.report import summary_list_data

    data = summary_list_data(cycle, today())
    stem = f"danh-sach-tong-hop-{cycle.year}"
    if request.args.get("format") == "docx":
        return send_bytes(report_export.summary_list_docx(data), f"{stem}.docx", DOCX)
    return send_bytes(report_export.summary_list_pdf(data), f"{stem}.pdf", PDF)


@bp.route("/cycles/<int:cycle_id>/report.pdf")
@login_required
def report_pdf(cycle_id: int):
    """The report to the superior body: numbered once issued, a draft before."""
    perm.require(dperm.can_publish(current_user))
    cycle = _load(Cycle, cycle_id)
    from exports import report as report_export

    from ..queries.report import report_data

    data = report_data(cycle, _report_document(cycle))
    stem = f"bao-cao-ket-qua-xep-loai-{cycle.year}"
    if request.args.get("format") == "docx":
        return send_bytes(report_export.report_docx(data), f"{stem}.docx", DOCX)
    return send_bytes(report_export.report_pdf(data), f"{stem}.pdf", PDF)


@bp.route("/cycles/<int:cycle_id>/report", methods=["GET", "POST"])
@login_required
def report(cycle_id: int):
    """Issue the report: HR types the addressee (remembered per agency); the register gives the
    number once, issuing again keeps it."""
    from forms.disclosure import ReportForm

    from ..services.report import issue_report

    perm.require(dperm.can_publish(current_user))
    cycle = _load(Cycle, cycle_id)
    document = _report_document(cycle)
    form = ReportForm()
    if not form.is_submitted():
        agency = cycle.agency
        form.addressee.data = agency.superior_body or agency.governing_body
        form.issued_on.data = document.issued_on if document else today()
    if form.validate_on_submit():
        outcome = run_service(
            lambda: issue_report(cycle, form.addressee.data, form.issued_on.data),
            form=form,
            success=lambda d: _("Đã cấp số báo cáo %(n)s.", n=d.number_symbol),
        )
        if outcome:
            return redirect(url_for("disclosure.report", cycle_id=cycle.id))
    return render_template("disclosure/report.html", form=form, cycle=cycle, document=document)


@bp.route("/cycles/<int:cycle_id>/staff/<int:staff_id>/annual-form.pdf")
@login_required
def annual_form(cycle_id: int, staff_id: int):
    cycle = _load(Cycle, cycle_id)
    staff = _load(Staff, staff_id)
    perm.require(perm.can_view_staff(current_user, staff))
    from ..services.signing import signed_form

    signed = signed_form(cycle, staff)
    if signed is not None and request.args.get("format") != "docx":  # the signed bytes
        return send_bytes(signed.content, signed.filename, PDF)
    data = queries.annual_form_data(cycle, staff)
    if data is None:  # người lao động: no classification form
        abort(404)
    return _document("annual_form", data, f"phieu-xep-loai-{cycle.year}-{staff.code}")


@bp.route("/cycles/<int:cycle_id>/publish", methods=["GET", "POST"])
@login_required
def publish(cycle_id: int):
    perm.require(dperm.can_publish(current_user))
    cycle = _load(Cycle, cycle_id)
    form = PublishForm()
    form.unit_id.choices = unit_choices(current_user.agency_id, blank=_("Toàn cơ quan"))
    if not form.is_submitted():
        form.decided_on.data = service.default_decided_on(cycle, None)
        form.published_on.data = today()
        form.notice_date.data = today()
        form.method.data = "intranet" if current_user.agency.has_intranet else "posting"
        form.recipients.data = "\n".join(queries.NOTICE_RECIPIENTS)
    if form.validate_on_submit():
        data = {
            name: getattr(form, name).data
            for name in form.data
            if name not in ("submit", "csrf_token")
        }
        try:
            publication, warning = service.publish(cycle, data, current_user)
        except ValidationError as error:
            error.apply_to(form)
        else:
            db.session.commit()
            if warning:
                flash(warning, "warning")
            flash(_("Đã ghi nhận việc công khai kết quả."), "success")
            return redirect(url_for("disclosure.show", publication_id=publication.id))
    deadline = None
    if form.decided_on.data:
        from .. import workdays

        deadline = workdays.disclosure_deadline(form.decided_on.data)
    return render_template("disclosure/publish.html", form=form, cycle=cycle, deadline=deadline)


@bp.route("/<int:publication_id>")
@login_required
def show(publication_id: int):
    from ..services.signing import signed_copy

    publication = _load(Publication, publication_id)
    if not dperm.can_see_publication(current_user, publication):
        return redirect(url_for("disclosure.request_access", publication_id=publication.id))
    own = service.own_decision(publication, current_user.staff)
    return render_template(
        "disclosure/show.html",
        publication=publication,
        rows=service.results_rows(publication),
        live=service.is_live(publication),
        own=own,
        posting_form=PostingForm() if dperm.can_publish(current_user) else None,
        signed=signed_copy(publication.agency_id, f"notice:{publication.id}"),
    )


@bp.route("/<int:publication_id>/notice.pdf")
@login_required
def notice_pdf(publication_id: int):
    perm.require(dperm.can_publish(current_user))
    publication = _load(Publication, publication_id)
    from ..services.signing import signed_copy

    signed = signed_copy(publication.agency_id, f"notice:{publication.id}")
    if signed is not None:  # once signed, the signed bytes are the document
        return send_bytes(signed.content, signed.filename, PDF)
    data = queries.notice_data(publication, service.scope_unit_ids(publication))
    return _document("notice", data, f"thong-bao-ket-qua-{publication.cycle.year}")


@bp.route("/<int:publication_id>/staff/<int:staff_id>/notice.pdf")
@login_required
def personal_notice(publication_id: int, staff_id: int):
    publication = _load(Publication, publication_id)
    staff = _load(Staff, staff_id)
    perm.require(dperm.can_get_personal_notice(current_user, staff))
    decision = service.own_decision(publication, staff)
    if decision is None:
        abort(404)
    if dperm.can_publish(current_user):  # a decision replaced after publishing: number it now
        service.issue_personal_notice(publication, decision)
        db.session.commit()
    data = queries.personal_notice_data(publication, staff, decision)
    return _document("personal_notice", data, f"thong-bao-{publication.cycle.year}-{staff.code}")


@bp.route("/<int:publication_id>/notices-zip", methods=["POST"])
@login_required
def notices_zip(publication_id: int):
    perm.require(dperm.can_publish(current_user))
    publication = _load(Publication, publication_id)
    if not SimpleActionForm().validate_on_submit():
        abort(400)
    job = job_service.create_job(
        "personal_notices",
        publication.agency_id,
        {"publication_id": publication.id},
        current_user,
    )
    db.session.commit()
    job_service.start(job)
    return redirect(url_for("jobs.show", job_id=job.id))


@bp.route("/<int:publication_id>/postings", methods=["GET", "POST"])
@login_required
def posting(publication_id: int):
    perm.require(dperm.can_publish(current_user))
    publication = _load(Publication, publication_id)
    form = PostingForm()
    if form.validate_on_submit():
        data = {
            name: getattr(form, name).data for name in ("place", "posted_on", "posted_by", "note")
        }
        if run_service(
            lambda: service.record_posting(publication, data, current_user),
            form=form,
            success=_("Đã ghi nhận việc niêm yết."),
        ):
            return redirect(url_for("disclosure.show", publication_id=publication.id))
    return render_template("disclosure/posting.html", form=form, publication=publication)


@bp.route("/postings/<int:posting_id>/record.pdf")
@login_required
def posting_record(posting_id: int):
    """Biên bản niêm yết (PDF, or Word with ?format=docx); numbered on its first download."""
    perm.require(dperm.can_publish(current_user))
    item = db.session.get(Posting, posting_id)
    perm.in_agency_or_404(item.publication if item is not None else None)
    service.issue_posting_record(item)
    db.session.commit()
    data = queries.posting_record_data(item)
    return _document("posting_record", data, f"bien-ban-niem-yet-{item.publication.cycle.year}")


@bp.route("/<int:publication_id>/request-access", methods=["GET", "POST"])
@login_required
def request_access(publication_id: int):
    publication = _load(Publication, publication_id)
    form = AccessRequestForm()
    if form.validate_on_submit() and run_service(
        lambda: service.request_access(publication, current_user, form.reason.data or ""),
        form=form,
        success=_("Đã gửi đề nghị xem kết quả."),
    ):
        return redirect(url_for("disclosure.index"))
    return render_template(
        "disclosure/request_access.html",
        form=form,
        publication=publication,
        live=service.is_live(publication),
    )


@bp.route("/access/<int:request_id>/<any(grant, refuse):action>", methods=["POST"])
@login_required
def decide_access(request_id: int, action: str):
    perm.require(dperm.can_publish(current_user))
    req = _load(AccessRequest, request_id)
    if not SimpleActionForm().validate_on_submit():
        abort(400)
    try:
        service.decide_access(req, action == "grant", current_user)
    except ValidationError as error:
        flash(error.errors[0][1], "error")
    else:
        db.session.commit()
        flash(_("Đã xử lý đề nghị."), "success")
    return redirect(url_for("disclosure.index"))


@bp.route("/<int:publication_id>/petition", methods=["GET", "POST"])
@login_required
def petition(publication_id: int):
    publication = _load(Publication, publication_id)
    decision = service.own_decision(publication, current_user.staff)
    perm.require(decision is not None)
    form = PetitionForm()
    if form.validate_on_submit() and (
        done := run_service(
            lambda: service.file_petition(publication, current_user, form.text.data),
            form=form,
            success=_("Đã gửi kiến nghị."),
        )
    ):
        item = done.value
        return redirect(url_for("disclosure.petition_show", petition_id=item.id))
    return render_template(
        "disclosure/petition.html",
        form=form,
        publication=publication,
        decision=decision,
        live=service.is_live(publication),
    )


@bp.route("/petitions")
@login_required
def petitions():
    heads = perm.headed_units(current_user)
    perm.require(perm.is_hr(current_user) or bool(heads))
    stmt = (
        select(Petition)
        .join(Staff, Petition.staff_id == Staff.id)
        .where(Petition.agency_id == current_user.agency_id)
        .order_by(Petition.created_at.desc())
    )
    if not perm.is_hr(current_user):  # a head's own petition goes to the head above them
        stmt = stmt.where(Staff.unit_id.in_(heads), Petition.staff_id != current_user.staff_id)
    items = db.session.scalars(stmt).all()
    clocks = {p.id: petition_clock.clock(p) for p in items}
    return render_template("disclosure/petitions.html", petitions=items, clocks=clocks)


@bp.route("/petitions/<int:petition_id>", methods=["GET", "POST"])
@login_required
def petition_show(petition_id: int):
    item = _load(Petition, petition_id)
    perm.require(dperm.can_view_petition(current_user, item))
    handler = dperm.can_handle_petition(current_user, item)
    settles = dperm.can_settle_petition(current_user, item)
    form = PetitionAnswerForm() if handler else None
    if form is not None and not settles:  # only what this person has the authority to do
        form.action.choices = [c for c in form.action.choices if c[0] == "answer"]
    if request.method == "POST":
        perm.require(handler)
        closed = item.status in (PetitionStatus.ACCEPTED, PetitionStatus.REJECTED)
        if closed:
            flash(_("Kiến nghị đã đóng."), "error")
        elif form.validate_on_submit():
            try:
                if form.action.data == "accept":
                    service.accept_petition(item, form.level.data, form.answer.data, current_user)
                elif form.action.data == "reject":
                    service.reject_petition(item, form.answer.data, current_user)
                else:
                    service.answer_petition(item, form.answer.data, current_user)
            except ValidationError as error:
                db.session.rollback()
                item = _load(Petition, petition_id)
                error.apply_to(form)
            else:
                db.session.commit()
                # Say what was done: answered (still open), or closed either way.
                done = {
                    "accept": _("Đã chấp nhận kiến nghị và xếp loại lại; kiến nghị đã đóng."),
                    "reject": _("Đã không chấp nhận kiến nghị; kiến nghị đã đóng."),
                }.get(form.action.data, _("Đã lưu câu trả lời; kiến nghị vẫn mở."))
                flash(done, "success")
                return redirect(url_for("disclosure.petition_show", petition_id=item.id))
    return render_template(
        "disclosure/petition_show.html",
        petition=item,
        form=form,
        settles=settles,
        deciders=dec_perm.deciders(item.staff),
        history=queries.petition_history(item),
        clock=petition_clock.clock(item),
    )


@bp.route("/petitions/<int:petition_id>/reply.pdf")
@login_required
def petition_reply(petition_id: int):
    """The reply to a settled petition: the petitioner, HR and the deciding head download it;
    a reply settled before replies were numbered gets its number from HR or the head."""
    item = _load(Petition, petition_id)
    perm.require(dperm.can_view_petition(current_user, item))
    if item.status not in (PetitionStatus.ACCEPTED, PetitionStatus.REJECTED):
        abort(404)
    if dperm.can_handle_petition(current_user, item):
        service.issue_petition_reply(item)
        db.session.commit()
    data = queries.petition_reply_data(item)
    return _document("petition_reply", data, f"tra-loi-kien-nghi-{item.staff.code}")


def home_cards(user, cycle) -> list[dict]:
    """Reminders: HR's disclosure deadline, the posted results, petitions waiting for an answer."""
    if cycle is None:
        return []
    cards: list[dict] = []
    publications = db.session.scalars(
        select(Publication).where(
            Publication.cycle_id == cycle.id, Publication.withdrawn.is_(False)
        )
    ).all()
    if perm.is_hr(user) and not publications:
        decided = service.default_decided_on(cycle, None)
        if decided is not None:
            from .. import workdays

            deadline = workdays.disclosure_deadline(decided)
            overdue = today() > deadline
            cards.append(
                {
                    "title": _("Công khai kết quả năm %(year)s", year=cycle.year),
                    "text": _(
                        "Kết quả được quyết định ngày %(d)s; hạn công khai là %(deadline)s "
                        "(5 ngày làm việc).",
                        d=decided.strftime("%d/%m/%Y"),
                        deadline=deadline.strftime("%d/%m/%Y"),
                    ),
                    "url": url_for("disclosure.publish", cycle_id=cycle.id),
                    "action": _("Ghi nhận công khai"),
                    "kind": "danger" if overdue else "warning",
                }
            )
    for publication in publications:
        if service.is_live(publication):
            cards.append(
                {
                    "title": _("Kết quả xếp loại năm %(year)s", year=cycle.year),
                    "text": _(
                        "Đang được công khai đến hết ngày %(d)s; có thể gửi kiến nghị về kết quả "
                        "của mình trong thời gian này.",
                        d=publication.visible_until.strftime("%d/%m/%Y"),
                    ),
                    "url": url_for("disclosure.show", publication_id=publication.id),
                    "action": _("Xem kết quả"),
                    "kind": "info",
                }
            )
    heads = perm.headed_units(user)
    if perm.is_hr(user) or heads:
        stmt = (
            select(Petition)
            .join(Staff, Petition.staff_id == Staff.id)
            .where(
                Petition.agency_id == user.agency_id,
                Petition.status.in_([PetitionStatus.OPEN, PetitionStatus.ANSWERED]),
            )
        )
        if not perm.is_hr(user):
            stmt = stmt.where(Staff.unit_id.in_(heads))
        pending = db.session.scalars(stmt).all()
        waiting = len(pending)
        if waiting:
            # Decree 335 Art 22: 7 working days from receipt; the authority is reminded here.
            clocks = [petition_clock.clock(p) for p in pending]
            overdue = sum(c.state == "overdue" for c in clocks)
            soon = sorted(c.due_on for c in clocks if c.state == "due_soon")
            text = _("%(n)s kiến nghị đang chờ xử lý.", n=waiting)
            if overdue:
                text += " " + _("%(n)s kiến nghị đã quá hạn trả lời.", n=overdue)
            elif soon:
                text += " " + _("Hạn trả lời gần nhất: %(d)s.", d=f"{soon[0]:%d/%m/%Y}")
            cards.append(
                {
                    "title": _("Kiến nghị về kết quả"),
                    "text": text,
                    "url": url_for("disclosure.petitions"),
                    "action": _("Xử lý"),
                    "kind": "danger" if overdue else "warning",
                }
            )
    return cards
