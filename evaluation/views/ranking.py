"""The head's ranking screen, approval, re-classification and the units' own evaluation."""

from __future__ import annotations

from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from exports import recognition
from forms.auth import ConfirmActionForm
from forms.decision import (
    LEVEL_CHOICES,
    DecisionForm,
    OutsideDecisionForm,
    ReclassifyForm,
    UnitDecisionForm,
    UnitSelfAssessmentForm,
    VerificationForm,
)

from .. import permissions as perm
from ..extensions import db
from ..forms_support import run_service
from ..models import Cycle, Decision, Staff, Unit
from ..permissions import decisions as pd
from ..permissions import reviews as rperm
from ..queries.recognition import recognition_data
from ..services import ValidationError
from ..services import decisions as service
from ..services import outside_decisions as outside
from ..services import unit_evaluations as units_service
from ..services.authority import authority_for, external_decision
from ..services.cycles import current_cycle
from .downloads import send_bytes

bp = Blueprint("ranking", __name__, url_prefix="/ranking")


def _cycle(cycle_id: int) -> Cycle:
    cycle = db.session.get(Cycle, cycle_id)
    perm.in_agency_or_404(cycle)
    return cycle


def _unit(unit_id: int) -> Unit:
    unit = db.session.get(Unit, unit_id)
    perm.in_agency_or_404(unit)
    return unit


def _collective(unit_id: int) -> Unit:
    """Only the organisations the system classifies (services/unit_evaluations.is_evaluated)."""
    unit = _unit(unit_id)
    if not units_service.is_evaluated(unit):
        abort(404)
    return unit


def _row_form(row: service.BoardRow) -> DecisionForm:
    level = row.decision.level.value if row.decision and row.decision.level else row.proposal
    return DecisionForm(
        formdata=None,
        prefix=f"p{row.staff.id}",
        data={
            "level": level or "",
            "reason": row.decision.reason if row.decision else "",
            "version": row.version,
        },
    )


def _render_board(cycle: Cycle, unit: Unit, posted: tuple[int, DecisionForm] | None = None):
    board = service.ranking_board(cycle, unit)
    forms = {row.staff.id: _row_form(row) for row in board.rows}
    # One select per row: translate the level labels once, not once per row (300-person units).
    choices = [(value, str(label)) for value, label in LEVEL_CHOICES]
    for form in forms.values():
        form.level.choices = choices
    if posted is not None:
        forms[posted[0]] = posted[1]
    can_decide = pd.can_decide_for_each(current_user, [row.staff for row in board.rows])
    # The committee's opinion about a head or deputy, where the authority decides them.
    party_readable = {
        row.staff.id: can_decide[row.staff.id]
        or (
            row.party_comment is not None
            and rperm.can_read_party_comment(current_user, row.staff, row.party_comment)
        )
        for row in board.rows
    }
    return render_template(
        "ranking/board.html",
        board=board,
        forms=forms,
        can_decide=can_decide,
        party_readable=party_readable,
        can_approve=pd.can_approve_unit(current_user, unit),
        posted=posted,
        # HR records the level the outside authority decided for the agency's head.
        outside_id=cycle.agency.head_id if perm.is_hr(current_user) else None,
    ), (422 if posted else 200)


@bp.route("/<int:cycle_id>/staff/<int:staff_id>/outside", methods=["GET", "POST"])
@login_required
def outside_decision(cycle_id: int, staff_id: int):
    cycle = _cycle(cycle_id)
    staff = db.session.get(Staff, staff_id)
    perm.in_agency_or_404(staff)
    perm.require(perm.is_hr(current_user))
    if not outside.needs_outside_decision(cycle, staff):
        abort(404)
    recorded = external_decision(cycle, staff)
    form = OutsideDecisionForm(obj=recorded)
    if recorded is None and not form.is_submitted():
        authority = authority_for(cycle, staff)
        form.issuer_body.data = authority.body
        form.signer_post.data = authority.post.capitalize()
        form.signer_name.data = authority.name
    if recorded is not None and not form.is_submitted() and recorded.level:
        form.level.data = recorded.level.value
    if form.validate_on_submit():
        try:
            outside.record_outside_decision(cycle, staff, form.data, current_user)
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã ghi quyết định của cấp trên."), "success")
            return redirect(url_for("ranking.board", cycle_id=cycle.id, unit_id=staff.unit_id))
    return render_template(
        "ranking/outside.html", form=form, cycle=cycle, staff=staff, recorded=recorded
    ), (422 if form.errors or form.form_errors else 200)


@bp.route("/")
@login_required
def index():
    perm.require(perm.is_hr(current_user) or perm.is_head(current_user))
    cycle = current_cycle(current_user.agency_id)
    units: list[Unit] = []
    approvals: set[int] = set()
    if cycle is not None:
        query = select(Unit).where(Unit.agency_id == current_user.agency_id, Unit.active.is_(True))
        if not perm.is_hr(current_user):
            query = query.where(Unit.id.in_(perm.headed_units(current_user)))
        units = list(db.session.scalars(query.order_by(Unit.name)))
        approvals = {
            a.unit_id
            for a in db.session.scalars(
                select(service.UnitApproval).where(service.UnitApproval.cycle_id == cycle.id)
            )
        }
    return render_template("ranking/index.html", cycle=cycle, units=units, approvals=approvals)


@bp.route("/<int:cycle_id>/units/<int:unit_id>")
@login_required
def board(cycle_id: int, unit_id: int):
    cycle = _cycle(cycle_id)
    unit = _unit(unit_id)
    perm.require(pd.can_view_ranking(current_user, unit))
    return _render_board(cycle, unit)


@bp.route("/<int:cycle_id>/staff/<int:staff_id>/decide", methods=["POST"])
@login_required
def decide(cycle_id: int, staff_id: int):
    cycle = _cycle(cycle_id)
    staff = db.session.get(Staff, staff_id)
    perm.in_agency_or_404(staff)
    perm.require(pd.can_decide_for(current_user, staff))
    form = DecisionForm(prefix=f"p{staff.id}")
    if form.validate_on_submit() and run_service(
        lambda: service.decide(
            cycle,
            staff,
            form.level.data,
            form.reason.data,
            current_user,
            expected_version=form.version.data or 0,
        ),
        form=form,
        success=_("Đã lưu quyết định cho %(name)s.", name=staff.full_name),
    ):
        return redirect(
            url_for("ranking.board", cycle_id=cycle.id, unit_id=staff.unit_id) + f"#p{staff.id}"
        )
    return _render_board(cycle, staff.unit, posted=(staff.id, form))


@bp.route("/<int:cycle_id>/units/<int:unit_id>/approve", methods=["POST"])
@login_required
def approve(cycle_id: int, unit_id: int):
    cycle = _cycle(cycle_id)
    unit = _unit(unit_id)
    perm.require(pd.can_approve_unit(current_user, unit))
    confirm = ConfirmActionForm()
    if confirm.is_submitted() and not confirm.validate():
        for message in confirm.confirm.errors or [_("Biểu mẫu không hợp lệ.")]:
            flash(message, "error")
    elif confirm.is_submitted():
        run_service(
            lambda: service.approve_unit(cycle, unit, current_user),
            success=_("Đã phê duyệt kết quả xếp loại của %(unit)s.", unit=unit.name),
        )
    else:
        flash(_("Biểu mẫu không hợp lệ."), "error")
    return redirect(url_for("ranking.board", cycle_id=cycle.id, unit_id=unit.id))


@bp.route("/decisions/<int:decision_id>/reclassify", methods=["GET", "POST"])
@login_required
def reclassify(decision_id: int):
    decision = db.session.get(Decision, decision_id)
    if decision is None:
        abort(404)
    perm.in_agency_or_404(decision.staff)
    perm.require(pd.can_decide_for(current_user, decision.staff))
    form = ReclassifyForm()
    if not form.is_submitted():
        form.level.data = decision.level.value if decision.level else ""
        form.version.data = decision.version
    if form.validate_on_submit() and (
        done := run_service(
            lambda: service.reclassify(
                decision,
                form.level.data,
                form.reason.data,
                current_user,
                expected_version=form.version.data or 0,
            ),
            form=form,
            success=_("Đã ban hành quyết định xếp loại lại."),
        )
    ):
        new = done.value
        return redirect(url_for("ranking.reclassify", decision_id=new.id))
    return render_template(
        "ranking/reclassify.html",
        decision=decision,
        form=form,
        history=service.history(decision),
    ), (422 if form.errors else 200)


# --- collectives ---------------------------------------------------------------------------


@bp.route("/<int:cycle_id>/collectives")
@login_required
def collectives(cycle_id: int):
    cycle = _cycle(cycle_id)
    perm.require(pd.can_view_unit_evaluations(current_user))
    groups = units_service.unit_board(cycle)
    return _render_collectives(cycle, groups, _collective_forms(groups))


def _collective_forms(groups) -> dict[int, UnitDecisionForm]:
    """Each unit's row form showing its decided level, or else the proposal (never a reset
    to '— chọn mức —', also when another row's post was refused)."""
    forms = {}
    for rows, _quotas in groups:
        for row in rows:
            forms[row.unit.id] = UnitDecisionForm(
                formdata=None,
                prefix=f"u{row.unit.id}",
                data={
                    "level": (
                        row.evaluation.level.value
                        if row.evaluation and row.evaluation.level
                        else (row.result or {}).get("level", "")
                    ),
                    "reason": row.evaluation.reason if row.evaluation else "",
                    "version": row.version,
                },
            )
    return forms


def _render_collectives(cycle, groups, forms, status: int = 200):
    return render_template(
        "ranking/collectives.html",
        cycle=cycle,
        groups=groups,
        forms=forms,
        can_self=lambda unit: pd.can_self_assess_unit(current_user, unit),
        can_decide=lambda unit: pd.can_decide_unit(current_user, unit),
        verify_form=lambda unit: VerificationForm(formdata=None, prefix=f"v{unit.id}"),
        is_agency_unit=units_service.is_agency_unit,
        display_name=units_service.display_name,
        documents=lambda unit: units_service.documents_of(cycle, unit),
    ), status


@bp.route("/<int:cycle_id>/collectives/<int:unit_id>/self", methods=["GET", "POST"])
@login_required
def unit_self(cycle_id: int, unit_id: int):
    cycle = _cycle(cycle_id)
    unit = _collective(unit_id)
    perm.require(pd.can_self_assess_unit(current_user, unit))
    ev = units_service.evaluation_of(cycle, unit)
    form = UnitSelfAssessmentForm(obj=ev)
    if not form.is_submitted():
        form.self_level.data = ev.self_level.value if ev and ev.self_level else ""
        form.version.data = ev.version if ev else 0
        if ev is None:
            form.shortcomings_remedied.data = True
    if not form.is_submitted() and ev is not None:
        form.criteria_general.data = _criteria_text(ev.criteria, "general")
        form.criteria_tasks.data = _criteria_text(ev.criteria, "tasks")
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in form._fields if name != "csrf_token"}
        data["criteria"] = _criteria_rows(form)
        try:
            if form.errors:
                raise ValidationError([])
            units_service.self_assess(
                cycle, unit, data, current_user, expected_version=form.version.data or 0
            )
        except ValidationError as error:
            db.session.rollback()
            error.apply_to(form)
        else:
            db.session.commit()
            flash(_("Đã gửi bản tự đánh giá của đơn vị."), "success")
            return redirect(url_for("ranking.collectives", cycle_id=cycle.id))
    return render_template(
        "ranking/unit_self.html",
        cycle=cycle,
        unit=unit,
        form=form,
        evaluation=ev,
        display_name=units_service.display_name(unit),
        administrative=units_service.regime_of(unit) == "administrative",
    ), (422 if form.errors else 200)


def _criteria_text(criteria: list[dict], group: str) -> str:
    return "\n".join(
        f"{c['name']} | {c['max']} | {c['points']}" for c in criteria if c.get("group") == group
    )


def _criteria_rows(form: UnitSelfAssessmentForm) -> list[dict]:
    """'name | max | points' per line; a malformed line is reported next to its field."""
    rows: list[dict] = []
    for group, field in (("general", form.criteria_general), ("tasks", form.criteria_tasks)):
        for line in (field.data or "").splitlines():
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split("|")]
            try:
                if len(parts) != 3 or not parts[0]:
                    raise ValueError
                top, points = (Decimal(p.replace(",", ".")) for p in parts[1:])
            except (ValueError, ArithmeticError):
                field.errors = [
                    *field.errors,
                    _(
                        "Dòng “%(line)s”: cần “tên tiêu chí | điểm tối đa | điểm tự chấm”.",
                        line=line,
                    ),
                ]
                continue
            rows.append({"group": group, "name": parts[0], "max": top, "points": points})
    return rows


@bp.route("/<int:cycle_id>/collectives/<int:unit_id>/verify", methods=["POST"])
@login_required
def unit_verify(cycle_id: int, unit_id: int):
    """Order the verification (complaints, signs of disunity) or record its conclusion."""
    cycle = _cycle(cycle_id)
    unit = _collective(unit_id)
    perm.require(pd.can_decide_unit(current_user, unit))
    form = VerificationForm(prefix=f"v{unit.id}")
    step = request.form.get("step")
    if form.validate_on_submit() and step in ("require", "conclude"):
        action = (
            units_service.require_verification
            if step == "require"
            else units_service.conclude_verification
        )
        try:
            action(cycle, unit, form.text.data, current_user)
        except ValidationError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(_("Đã ghi nhận."), "success")
    else:
        flash(_("Hãy ghi rõ nội dung."), "error")
    return redirect(url_for("ranking.collectives", cycle_id=cycle.id) + f"#u{unit.id}")


@bp.route("/<int:cycle_id>/collectives/<int:unit_id>/decide", methods=["POST"])
@login_required
def unit_decide(cycle_id: int, unit_id: int):
    cycle = _cycle(cycle_id)
    unit = _collective(unit_id)
    perm.require(pd.can_decide_unit(current_user, unit))
    form = UnitDecisionForm(prefix=f"u{unit.id}")
    if form.validate_on_submit() and run_service(
        lambda: units_service.decide_unit(
            cycle,
            unit,
            form.level.data,
            form.reason.data,
            current_user,
            expected_version=form.version.data or 0,
            external={
                "number": form.external_number.data or "",
                "date": form.external_date.data,
                "signer": form.external_signer.data or "",
            },
        ),
        form=form,
        success=_("Đã xếp loại đơn vị %(unit)s.", unit=units_service.display_name(unit)),
    ):
        return redirect(url_for("ranking.collectives", cycle_id=cycle.id))
    groups = units_service.unit_board(cycle)
    forms = _collective_forms(groups)
    forms[unit.id] = form
    return _render_collectives(cycle, groups, forms, 422)


RECOGNITION_KINDS = {"decision": "quyet-dinh", "notice": "thong-bao"}
PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.route("/<int:cycle_id>/collectives/<int:unit_id>/recognition/<kind>")
@login_required
def unit_recognition(cycle_id: int, unit_id: int, kind: str):
    """The recognition decision or its notice (Decree 335 Art 9.2(b)), PDF or ?format=docx:
    for the recognising authority, HR and the organisation's own head."""
    cycle = _cycle(cycle_id)
    unit = _collective(unit_id)
    perm.require(
        pd.can_decide_unit(current_user, unit)
        or pd.can_self_assess_unit(current_user, unit)
        or perm.is_hr(current_user)
    )
    if kind not in RECOGNITION_KINDS:
        abort(404)
    data = recognition_data(cycle, unit)
    if data is None:
        abort(404)
    stem = f"{RECOGNITION_KINDS[kind]}-xep-loai-{unit.code}-{cycle.year}".lower()
    if request.args.get("format") == "docx":
        render = getattr(recognition, f"recognition_{kind}_docx")
        return send_bytes(render(data), f"{stem}.docx", DOCX)
    render = getattr(recognition, f"recognition_{kind}_pdf")
    return send_bytes(render(data), f"{stem}.pdf", PDF)


def ranking_cards(user, cycle) -> list[dict]:
    """Home reminder for heads: their units whose list is not approved yet."""
    if cycle is None or cycle.status.value != "open" or not perm.is_head(user):
        return []
    headed = perm.headed_units(user)
    approved = set(
        db.session.scalars(
            select(service.UnitApproval.unit_id).where(
                service.UnitApproval.cycle_id == cycle.id,
                service.UnitApproval.unit_id.in_(headed),
            )
        )
    )
    staffed = set(
        db.session.scalars(
            select(Staff.unit_id).where(Staff.unit_id.in_(headed), Staff.end_date.is_(None))
        )
    )
    pending = staffed - approved
    if not pending:
        return []
    return [
        {
            "title": _("Xếp loại cá nhân"),
            "text": _(
                "%(n)s đơn vị chưa phê duyệt kết quả xếp loại năm %(year)s.",
                n=len(pending),
                year=cycle.year,
            ),
            "url": url_for("ranking.index"),
            "action": _("Mở bảng xếp loại"),
            "kind": "warning",
        }
    ]
