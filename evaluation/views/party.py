"""The party round: the overview, the member's self-review and level, the cell secretary's page,
the committee's board. Every route checks the signed-in, active account, its agency and its part
(member, cell secretary, committee); the services check again and audit."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from exports import party as party_docs
from forms.auth import SimpleActionForm
from forms.party import ITEMS, CellProposalForm, CommitteeDecisionForm, SelfReviewForm
from labels import LEVELS

from .. import permissions as perm
from .._time import evaluation_year
from ..extensions import db
from ..models import MemberCategory, PartyCell
from ..services import ValidationError
from ..services import party as service
from .downloads import send_bytes

bp = Blueprint("party", __name__, url_prefix="/party")


def _org_or_404():
    org = service.organisation_of(current_user.agency_id)
    if org is None:
        abort(404)
    return org


def _round_or_404(org):
    party_round = service.round_of(org, evaluation_year())
    if party_round is None:
        abort(404)
    return party_round


def _int(value) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        abort(400)


@bp.route("/")
@login_required
def index():
    org = service.organisation_of(current_user.agency_id)
    year = evaluation_year()
    context = {"org": org, "year": year}
    if org is not None:
        party_round = service.round_of(org, year)
        membership = service.membership_of(current_user.staff_id)
        context.update(
            party_round=party_round,
            membership=membership,
            mine=service.review_of(party_round, current_user.staff_id)
            if party_round and membership
            else None,
            cells=service.secretary_cells(current_user, org),
            committee=service.can_decide(current_user, org),
            can_print=perm.is_hr(current_user),
            can_open=party_round is None
            and (perm.is_hr(current_user) or service.can_decide(current_user, org)),
            gaps=service.state_round_gaps(org, year) if party_round is None else [],
            progress=service.progress(org, year),
        )
    return render_template("party/index.html", **context)


@bp.route("/open", methods=["POST"])
@login_required
def open_round():
    org = _org_or_404()
    perm.require(perm.is_hr(current_user) or service.can_decide(current_user, org))
    form = SimpleActionForm()
    if form.validate_on_submit():
        try:
            service.open_round(org, evaluation_year(), current_user)
            db.session.commit()
            flash(_("Đã mở đợt kiểm điểm đảng viên."), "success")
        except ValidationError as error:
            db.session.rollback()
            for _f, message in error.errors:
                flash(message, "error")
    return redirect(url_for("party.index"))


@bp.route("/me", methods=["GET", "POST"])
@login_required
def me():
    org = _org_or_404()
    membership = service.membership_of(current_user.staff_id)
    if membership is None or membership.cell.organisation_id != org.id:
        abort(404)
    party_round = _round_or_404(org)
    review = service.review_of(party_round, current_user.staff_id)
    if review is None:
        abort(404)
    form = SelfReviewForm(obj=None)
    if request.method == "GET":
        for key, _label in ITEMS:
            getattr(form, key).data = review.items.get(key, "")
        form.general_score.data = (
            "" if review.general_score is None else f"{review.general_score:g}"
        )
        form.task_score.data = "" if review.task_score is None else f"{review.task_score:g}"
        form.self_level.data = review.self_level.value if review.self_level else ""
    elif form.validate_on_submit():
        try:
            service.submit_self_review(
                party_round,
                current_user,
                items={key: getattr(form, key).data or "" for key, _label in ITEMS},
                general_score=form.general_score.data,
                task_score=form.task_score.data,
                self_level=form.self_level.data,
            )
            db.session.commit()
            flash(_("Đã gửi bản kiểm điểm."), "success")
            return redirect(url_for("party.me"))
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
    return render_template(
        "party/me.html",
        org=org,
        party_round=party_round,
        review=review,
        form=form,
        leader=review.category == MemberCategory.LEADER,
        category=service.category_label(review.category),
        state=service.state_results(org.agency_id, party_round.year, [review.staff_id])[
            review.staff_id
        ],
    )


@bp.route("/cell/<int:cell_id>", methods=["GET", "POST"])
@login_required
def cell(cell_id: int):
    org = _org_or_404()
    party_cell = db.session.get(PartyCell, cell_id)
    if party_cell is None or party_cell.organisation_id != org.id:
        abort(404)
    perm.require(service.can_record_cell(current_user, party_cell))
    party_round = _round_or_404(org)
    form = CellProposalForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            service.record_cell_review(
                party_round,
                _int(form.staff_id.data),
                form.comment.data or "",
                form.level.data,
                current_user,
            )
            db.session.commit()
            flash(_("Đã lưu nhận xét và đề xuất của chi bộ."), "success")
            return redirect(url_for("party.cell", cell_id=cell_id))
        except ValidationError as error:
            db.session.rollback()
            for _f, message in error.errors:
                flash(message, "error")
    rows = [r for r in service.board(party_round) if r.review.cell_id == party_cell.id]
    return render_template(
        "party/cell.html",
        org=org,
        cell=party_cell,
        party_round=party_round,
        rows=rows,
        levels=LEVELS,
    )


@bp.route("/committee", methods=["GET", "POST"])
@login_required
def committee():
    org = _org_or_404()
    perm.require(service.can_decide(current_user, org))
    party_round = _round_or_404(org)
    form = CommitteeDecisionForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            service.decide(
                party_round,
                _int(form.staff_id.data),
                form.level.data,
                form.note.data or "",
                current_user,
            )
            db.session.commit()
            flash(_("Đã quyết định mức xếp loại."), "success")
            return redirect(url_for("party.committee"))
        except ValidationError as error:
            db.session.rollback()
            for _f, message in error.errors:
                flash(message, "error")
    return render_template(
        "party/committee.html",
        org=org,
        party_round=party_round,
        rows=service.board(party_round),
        quotas=service.quota_meters(party_round),
        rules=service.rule_rows(org),
        levels=LEVELS,
    )


MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


@bp.route("/documents/<any(notice, decision):kind>.<any(pdf, docx):fmt>")
@login_required
def results_document(kind: str, fmt: str):
    org = _org_or_404()
    perm.require(service.can_decide(current_user, org) or perm.is_hr(current_user))
    party_round = _round_or_404(org)
    try:
        doc = service.results_document(
            party_round, "TB" if kind == "notice" else "QĐ", current_user
        )
        db.session.commit()
    except ValidationError as error:
        db.session.rollback()
        for _f, message in error.errors:
            flash(message, "error")
        return redirect(url_for("party.index"))
    content = party_docs.results_pdf(doc) if fmt == "pdf" else party_docs.results_docx(doc)
    name = "thong-bao" if kind == "notice" else "quyet-dinh"
    return send_bytes(
        content, f"{name}-xep-loai-dang-vien-{party_round.year}.{fmt}", MIMETYPES[fmt]
    )


@bp.route("/form/<int:staff_id>.<any(pdf, docx):fmt>")
@login_required
def review_form(staff_id: int, fmt: str):
    org = _org_or_404()
    party_round = _round_or_404(org)
    review = service.review_of(party_round, staff_id)
    if review is None:
        abort(404)
    try:
        doc = service.review_document(party_round, review, current_user)
    except ValidationError:
        abort(403)
    content = party_docs.review_form_pdf(doc) if fmt == "pdf" else party_docs.review_form_docx(doc)
    return send_bytes(content, f"ban-kiem-diem-{party_round.year}-{staff_id}.{fmt}", MIMETYPES[fmt])
