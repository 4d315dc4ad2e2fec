"""The party round: the overview, the member's self-review and level, the cell secretary's page,
the committee's board. Every route checks the signed-in, active account, its agency and its part
(member, cell secretary, committee); the services check again and audit."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select

from exports import party as party_docs
from forms.auth import SimpleActionForm
from forms.party import (
    CellProposalForm,
    CollectiveDecisionForm,
    CollectiveReviewForm,
    CommitteeDecisionForm,
    PartyCellForm,
    PartyItemsForm,
    PartyOrganisationForm,
    PartyRuleForm,
    SelfReviewForm,
)
from labels import LEVELS

from .. import permissions as perm
from .._time import evaluation_year
from ..extensions import db
from ..forms_support import run_service
from ..models import PartyCell, PartyOrgReview, Staff, Unit
from ..services import ValidationError
from ..services import party as service
from ..services import party_items as items_service
from ..services import party_structure as structure_service
from ..text import nfc
from .downloads import send_bytes

K = TypeVar("K")

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


def _row_errors(errors, prefix: str, key: Callable[[str], K]) -> dict[K, list[str]]:
    """The refused service's messages about one row of a table the page draws itself ("item-…",
    "row-…"), by that row's key; run_service has already put them at the top of the form."""
    found: dict[K, list[str]] = {}
    for field, message in errors:
        if field.startswith(prefix):
            found.setdefault(key(field[len(prefix) :]), []).append(message)
    return found


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
    context = {"org": org, "year": year, "can_manage": structure_service.can_manage(current_user)}
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
        run_service(
            lambda: service.open_round(org, evaluation_year(), current_user),
            success=_("Đã mở đợt kiểm điểm đảng viên."),
        )
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
    items = items_service.items_for(org, party_round.year, review.category.value)
    answers = {i.key: review.items.get(i.key, "") for i in items}
    item_errors: dict[str, list[str]] = {}
    if request.method == "GET":
        form.general_score.data = (
            "" if review.general_score is None else f"{review.general_score:g}"
        )
        form.task_score.data = "" if review.task_score is None else f"{review.task_score:g}"
        form.self_level.data = review.self_level.value if review.self_level else ""
    else:
        answers = {i.key: nfc(request.form.get(f"item-{i.key}", "")).strip() for i in items}
        if form.validate_on_submit():
            outcome = run_service(
                lambda: service.submit_self_review(
                    party_round,
                    current_user,
                    items=answers,
                    general_score=form.general_score.data,
                    task_score=form.task_score.data,
                    self_level=form.self_level.data,
                ),
                form=form,
                success=_("Đã gửi bản kiểm điểm."),
            )
            if outcome:
                return redirect(url_for("party.me"))
            item_errors = _row_errors(outcome.errors, "item-", str)
    return render_template(
        "party/me.html",
        org=org,
        party_round=party_round,
        review=review,
        form=form,
        items=items,
        answers=answers,
        item_errors=item_errors,
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
    if (
        request.method == "POST"
        and form.validate_on_submit()
        and run_service(
            lambda: service.record_cell_review(
                party_round,
                _int(form.staff_id.data),
                form.comment.data or "",
                form.level.data,
                current_user,
            ),
            success=_("Đã lưu nhận xét và đề xuất của chi bộ."),
        )
    ):
        return redirect(url_for("party.cell", cell_id=cell_id))
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
    if (
        request.method == "POST"
        and form.validate_on_submit()
        and run_service(
            lambda: service.decide(
                party_round,
                _int(form.staff_id.data),
                form.level.data,
                form.note.data or "",
                current_user,
            ),
            success=_("Đã quyết định mức xếp loại."),
        )
    ):
        return redirect(url_for("party.committee"))
    return render_template(
        "party/committee.html",
        org=org,
        party_round=party_round,
        rows=service.board(party_round),
        quotas=service.quota_meters(party_round),
        rules=service.rule_rows(org, party_round.year),
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
    outcome = run_service(
        lambda: service.results_document(
            party_round, "TB" if kind == "notice" else "QĐ", current_user
        )
    )
    if not outcome:
        return redirect(url_for("party.index"))
    doc = outcome.value
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


# --- collectives (Mẫu 01): the cell's and the organisation's own review, the committee's levels --


def _collective_page(org, party_round, party_cell: PartyCell | None):
    review = service.collective_review_of(party_round, party_cell)
    form = CollectiveReviewForm()
    if request.method == "GET" and review is not None:
        form.report.data = review.report
        form.score.data = "" if review.score is None else f"{float(review.score):g}"
        facts = review.facts or {}
        for key in service.PERCENT_FACTS:
            value = facts.get(key)
            getattr(form, key).data = "" if value is None else f"{float(value):g}"
        for key in service.YES_NO_FACTS:
            getattr(form, key).data = {True: "yes", False: "no"}.get(facts.get(key), "")
        for key in service.FLAG_FACTS:
            getattr(form, key).data = bool(facts.get(key))
    elif (
        request.method == "POST"
        and form.validate_on_submit()
        and run_service(
            lambda: service.record_collective_review(
                party_round,
                party_cell,
                report=form.report.data or "",
                score=form.score.data,
                facts={key: getattr(form, key).data for key in service.FACT_FIELDS},
                user=current_user,
            ),
            form=form,
            success=_("Đã lưu báo cáo kiểm điểm của tập thể."),
        )
    ):
        return redirect(request.path)
    return render_template(
        "party/collective_review.html",
        org=org,
        cell=party_cell,
        party_round=party_round,
        review=review,
        form=form,
    )


@bp.route("/cell/<int:cell_id>/collective", methods=["GET", "POST"])
@login_required
def collective_cell(cell_id: int):
    org = _org_or_404()
    party_cell = db.session.get(PartyCell, cell_id)
    if party_cell is None or party_cell.organisation_id != org.id:
        abort(404)
    perm.require(service.can_record_cell(current_user, party_cell))
    return _collective_page(org, _round_or_404(org), party_cell)


@bp.route("/organisation/review", methods=["GET", "POST"])
@login_required
def collective_org():
    org = _org_or_404()
    perm.require(service.can_decide(current_user, org))
    return _collective_page(org, _round_or_404(org), None)


@bp.route("/collectives", methods=["GET", "POST"])
@login_required
def collectives():
    org = _org_or_404()
    perm.require(service.can_decide(current_user, org))
    party_round = _round_or_404(org)
    form = CollectiveDecisionForm()
    if request.method == "POST" and form.validate_on_submit():
        review = db.session.get(PartyOrgReview, _int(form.review_id.data))
        if review is None or review.round_id != party_round.id:
            abort(404)
        if run_service(
            lambda: service.decide_collective(party_round, review, form.level.data, current_user),
            success=_("Đã quyết định mức xếp loại của tổ chức đảng."),
        ):
            return redirect(url_for("party.collectives"))
    return render_template(
        "party/collectives.html",
        org=org,
        party_round=party_round,
        subjects=service.collective_subjects(party_round),
        quota=service.collective_quota(party_round),
        levels=LEVELS,
    )


@bp.route("/collective/<int:org_review_id>.<any(pdf, docx):fmt>")
@login_required
def collective_form(org_review_id: int, fmt: str):
    org = _org_or_404()
    party_round = _round_or_404(org)
    review = db.session.get(PartyOrgReview, org_review_id)
    if review is None or review.round_id != party_round.id:
        abort(404)
    try:
        doc = service.collective_document(party_round, review, current_user)
    except ValidationError:
        abort(403)
    content = (
        party_docs.collective_form_pdf(doc)
        if fmt == "pdf"
        else party_docs.collective_form_docx(doc)
    )
    subject = "dang-bo" if review.cell is None else f"chi-bo-{review.cell_id}"
    return send_bytes(
        content, f"bao-cao-kiem-diem-{subject}-{party_round.year}.{fmt}", MIMETYPES[fmt]
    )


# --- the structure: the organisation and its cells, typed on a page (HR, the party committee) ----


@bp.route("/structure", methods=["GET", "POST"])
@login_required
def structure():
    perm.require(structure_service.can_manage(current_user))
    org = service.organisation_of(current_user.agency_id)
    form = PartyOrganisationForm(obj=org)
    if org is not None and not form.is_submitted():
        form.kind.data = org.kind.value
    if form.validate_on_submit() and run_service(
        lambda: structure_service.save_organisation(
            current_user.agency_id,
            org,
            {key: getattr(form, key).data for key in structure_service.ORG_FIELDS},
            current_user,
        ),
        form=form,
        success=_("Đã lưu tổ chức đảng."),
    ):
        return redirect(url_for("party.structure"))
    counts = {}
    if org is not None:
        for membership in service.members(org):
            counts[membership.cell_id] = counts.get(membership.cell_id, 0) + 1
    return render_template("party/structure.html", org=org, form=form, counts=counts)


def _people_choices(placeholder: str) -> list[tuple[int, str]]:
    people = db.session.scalars(
        select(Staff)
        .where(Staff.agency_id == current_user.agency_id)
        .order_by(Staff.name_sort, Staff.id)
    )
    return [(0, placeholder)] + [(p.id, f"{p.full_name} ({p.code})") for p in people if p.active]


def _unit_choices(placeholder: str) -> list[tuple[int, str]]:
    units = db.session.scalars(
        select(Unit).where(Unit.agency_id == current_user.agency_id).order_by(Unit.name)
    )
    return [(0, placeholder)] + [(u.id, u.name) for u in units]


@bp.route("/structure/cells/new", methods=["GET", "POST"])
@bp.route("/structure/cells/<int:cell_id>", methods=["GET", "POST"])
@login_required
def cell_edit(cell_id: int | None = None):
    perm.require(structure_service.can_manage(current_user))
    org = _org_or_404()
    party_cell = None
    if cell_id is not None:
        party_cell = db.session.get(PartyCell, cell_id)
        if party_cell is None or party_cell.organisation_id != org.id:
            abort(404)
    form = PartyCellForm(obj=party_cell)
    form.secretary_id.choices = _people_choices(_("(Chưa có)"))
    form.unit_id.choices = _unit_choices(_("(Không gắn với đơn vị)"))
    if party_cell is not None and not form.is_submitted():
        form.secretary_id.data = party_cell.secretary_id or 0
        form.unit_id.data = party_cell.unit_id or 0
    if form.validate_on_submit() and run_service(
        lambda: structure_service.save_cell(
            org,
            party_cell,
            {
                "code": form.code.data,
                "name": form.name.data,
                "secretary_id": form.secretary_id.data or None,
                "unit_id": form.unit_id.data or None,
                "active": form.active.data if party_cell is not None else True,
            },
            current_user,
        ),
        form=form,
        success=_("Đã lưu chi bộ."),
    ):
        return redirect(url_for("party.structure"))
    return render_template("party/cell_form.html", org=org, cell=party_cell, form=form)


# --- the Party rules (data, per year): HR and the party committee adjust them -----------------


@bp.route("/rules", methods=["GET", "POST"])
@login_required
def rules():
    perm.require(structure_service.can_manage(current_user))
    org = _org_or_404()
    year = evaluation_year()
    form = PartyRuleForm()
    editing = None
    if request.method == "POST":
        editing = form.key.data
        if form.validate_on_submit():
            value, value_errors = None, []
            try:
                value = service.parse_rule_input(
                    form.key.data or "",
                    {name: field.data for name, field in form._fields.items()},
                )
            except ValidationError as error:
                value_errors = error.errors
            if run_service(
                lambda: service.set_rule(
                    org,
                    form.key.data or "",
                    value,
                    form.source.data or "",
                    bool(form.verified.data),
                    current_user,
                    from_year=form.from_year.data,
                    value_errors=value_errors,
                ),
                form=form,
                success=_("Đã lưu quy định; áp dụng từ năm %(year)s.", year=form.from_year.data),
            ):
                return redirect(url_for("party.rules"))
    decided = service.decided_years(org, year)
    return render_template(
        "party/rules.html",
        org=org,
        year=year,
        rows=service.rule_rows(org, year),
        form=form,
        editing=editing,
        first_open_year=(decided[-1] + 1) if decided else year,
        scopes=SCOPE_LABELS,
        bases=BASE_LABELS,
    )


SCOPE_LABELS = {
    "organisation": _l("Toàn tổ chức cơ sở đảng"),
    "cell": _l("Từng chi bộ"),
    "category": _l("Từng nhóm mẫu kiểm điểm (2A, 2B, 2C)"),
}
BASE_LABELS = {
    "htt_or_above": _l("Số xếp “Hoàn thành tốt nhiệm vụ” trở lên"),
    "htt_only": _l("Chỉ số xếp “Hoàn thành tốt nhiệm vụ”"),
}


# --- the self-review items (per year): HR and the party committee configure them --------------

MAX_ITEM_ROWS = 60


@bp.route("/items", methods=["GET", "POST"])
@login_required
def items():
    perm.require(structure_service.can_manage(current_user))
    org = _org_or_404()
    year = request.args.get("year", type=int) or evaluation_year()
    if not 2000 <= year <= 2100:
        abort(404)
    form = PartyItemsForm()
    current = items_service.items_for(org, year)
    rows = [{"key": i.key, "label": i.label, "forms": i.forms} for i in current]
    row_errors: dict[int, list[str]] = {}
    if request.method == "GET":
        form.year.data = year + 1 if items_service.closed_year(org, year) else year
    else:
        rows = [
            {
                "key": request.form.get(f"key-{n}", ""),
                "label": request.form.get(f"label-{n}", ""),
                "forms": tuple(request.form.getlist(f"forms-{n}")),
            }
            for n in range(1, MAX_ITEM_ROWS + 1)
            if f"label-{n}" in request.form
        ]
        if form.validate_on_submit():
            outcome = run_service(
                lambda: items_service.save_items(org, form.year.data, rows, current_user),
                form=form,
                success=_(
                    "Đã lưu nội dung bản kiểm điểm; áp dụng từ năm %(year)s.", year=form.year.data
                ),
            )
            if outcome:
                return redirect(url_for("party.items", year=form.year.data))
            row_errors = _row_errors(outcome.errors, "row-", int)
    blank = {"key": "", "label": "", "forms": items_service.FORMS}
    return render_template(
        "party/items.html",
        org=org,
        year=year,
        form=form,
        rows=rows + [blank] * 3,
        row_errors=row_errors,
        forms=items_service.FORMS,
        default=items_service.is_default(org, year),
    )
