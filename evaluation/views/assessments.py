"""Self-assessment screens: the person's periodic sheets and annual form, the direct manager's
scoring, and HR's follow-up (who has not submitted, year records, historical results)."""

from __future__ import annotations

import re

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

import labels
from forms.assessment import (
    NOT_CONFIRMED,
    AnnualFormForm,
    DisciplineForm,
    HistoryForm,
    ItemRow,
    ManagerScoreForm,
    PeriodSheetForm,
    ReasonForm,
    ReopenDecisionForm,
    ReopenRequestForm,
    YearRecordForm,
    parse_item_rows,
    stored_item_rows,
)

from .. import permissions as perm
from ..extensions import db
from ..forms_support import Outcome, run_service
from ..models import (
    Cycle,
    CycleStatus,
    FormStatus,
    PeriodSheet,
    ReopenRequest,
    SheetStatus,
    Staff,
    StaffGroup,
)
from ..permissions import assessments as aperm
from ..queries.period_sheet import has_form, period_sheet_data
from ..services import ValidationError
from ..services import assessments as svc
from ..services import reopen as reopen_service
from ..services.cycles import current_cycle
from ..text import by_full_name, number
from .downloads import send_document

bp = Blueprint("assessments", __name__, url_prefix="/assessments")
BLANK_ROWS = 3  # empty work-item rows offered without JavaScript
ITEM_FIELD = re.compile(r"items-(\d+)-(\w+)$")


# --- helpers ----------------------------------------------------------------------------------


def _staff(staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    perm.in_agency_or_404(staff)
    return staff


def _cycle() -> Cycle:
    cycle = current_cycle(current_user.agency_id)
    if cycle is None:
        abort(404)
    return cycle


def _field_map(form) -> dict:
    """Every field of a (nested) form by its HTML name."""
    found = {}
    for f in form:
        if hasattr(f, "entries"):
            for entry in f.entries:
                if hasattr(entry, "form"):
                    found.update(_field_map(entry.form))
                else:
                    found[entry.name] = entry
        elif hasattr(f, "form") and f.type == "FormField":
            found.update(_field_map(f.form))
        else:
            found[f.name] = f
    return found


def _apply(
    form,
    errors: list[tuple[str, str]],
    rows: list[ItemRow] | None = None,
    *,
    unparsed_only: bool = False,
) -> None:
    """Each message next to its field. With `unparsed_only`, a field whose text could not be
    read keeps that one message (31/02 is an impossible date, not a missing one)."""
    fields = _field_map(form)
    for name, message in errors:
        row = ITEM_FIELD.match(name) if rows is not None else None
        if row and int(row.group(1)) < len(rows):
            target = rows[int(row.group(1))]
            if not (unparsed_only and target.errors.get(row.group(2))):
                target.add_error(row.group(2), message)
            continue
        field = fields.get(name)
        if field is not None and unparsed_only and field.errors:
            continue
        if field is not None:
            if isinstance(field.errors, tuple):
                field.errors = list(field.errors)
            if message not in field.errors:
                field.errors.append(message)
        elif message not in form.form_errors:
            form.form_errors.append(message)


def _problems(form, rows: list[ItemRow] = ()) -> list[str]:
    """Every message on the page, for the summary at the top (all problems at once)."""
    out = list(form.form_errors)
    found = [f.errors for f in _field_map(form).values() if isinstance(f.errors, list | tuple)]
    found += [messages for row in rows for messages in row.errors.values()]
    for messages in found:
        for message in messages:
            if message not in out:
                out.append(message)
    return out


def _name_criteria(form, sheet) -> None:
    """A score that is not a number names its row and criterion and gives an example within
    the criterion's maximum (the generic '7,5' is more than some criteria allow)."""
    criteria = svc.criteria_for(sheet)
    for crit, entry in zip(criteria, form.general.entries, strict=False):
        if entry.form.score.errors:
            entry.form.score.errors = [svc.not_a_score(criteria, crit.code)]


def _version(form) -> int | None:
    try:
        return int(form.version.data) if form.version.data else None
    except (TypeError, ValueError):
        return None


def _with_reason(target, action, *, missing: str, no_reason: str, done: str) -> None:
    """A manager's action that needs a written reason (send a sheet back, reopen a form):
    run it on `target` with the posted reason and flash what happened."""
    form = ReasonForm()
    if target is None:
        flash(missing, "error")
    elif not form.validate():
        flash(no_reason, "error")
    else:
        run_service(lambda: action(target, form.reason.data), on_error=_flash_joined, success=done)


def _flash_joined(errors: list[tuple[str, str]]) -> None:
    """Every message in one line, as these buttons always said it."""
    flash(str(ValidationError(errors)), "error")


def _quiet(_errors: list[tuple[str, str]]) -> None:
    """For a JSON answer (autosave) and a best-effort draft: the caller shows what it needs."""


def _leader(form) -> dict:
    return {n: getattr(form, n).data for n in svc.LEADER_FIELDS}


# --- overview ---------------------------------------------------------------------------------


@bp.route("/")
@login_required
def index():
    cycle = current_cycle(current_user.agency_id)
    me = current_user.staff
    ctx = {"cycle": cycle, "me": me, "periods": [], "form": None, "regime": None}
    if cycle and me:
        ctx["regime"] = svc.person_regime(cycle, me)
        ctx["has_sheets"] = svc.periodic_criteria_set(ctx["regime"]) is not None
        ctx["sheets"] = svc.sheets_of(cycle, me.id)
        ctx["periods"] = list(range(1, cycle.period_count + 1))
        ctx["form"] = svc.find_form(cycle, me)
        ctx["summary"] = svc.year_summary(cycle, me.id)
    team = []
    heads = perm.headed_units(current_user)
    if cycle and heads:
        people = sorted(
            db.session.scalars(
                select(Staff)
                .where(Staff.agency_id == current_user.agency_id, Staff.unit_id.in_(heads))
                .where(Staff.end_date.is_(None), Staff.id != (current_user.staff_id or -1))
            ),
            key=by_full_name,
        )
        for person in people:
            if person.group == StaffGroup.NGUOI_LAO_DONG:
                continue
            team.append(
                {
                    "staff": person,
                    "sheets": svc.sheets_of(cycle, person.id),
                    "form": svc.find_form(cycle, person),
                }
            )
    ctx["team"] = team
    return render_template("assessments/index.html", **ctx)


# --- periodic sheet: the person ---------------------------------------------------------------


def _sheet_for(cycle: Cycle, staff: Staff, period: int):
    sheet = svc.find_sheet(cycle, staff, period)
    if sheet is None:
        try:
            sheet = svc.new_sheet(cycle, staff, period)
        except ValidationError:
            abort(404)
    return sheet


# Built once: building this statement and its cache key per request cost about 11% of the
# CPU of a sheet request (callgrind, instructions per request).
_OWN_SHEET = (
    select(PeriodSheet, Staff, Cycle)
    .join(Staff, Staff.id == PeriodSheet.staff_id)
    .join(Cycle, Cycle.id == PeriodSheet.cycle_id)
    .where(
        PeriodSheet.staff_id == bindparam("staff_id"),
        PeriodSheet.period == bindparam("period"),
        PeriodSheet.cycle_id
        == (
            select(Cycle.id)
            .where(Cycle.agency_id == bindparam("agency_id"), Cycle.status == CycleStatus.OPEN)
            .order_by(Cycle.year.desc())
            .limit(1)
            .scalar_subquery()
        ),
    )
)
_OWN_SHEET_PAGE = _OWN_SHEET.options(joinedload(Staff.unit))  # the page names the unit


def _own_sheet(staff_id: int, period: int) -> tuple[Staff, Cycle, PeriodSheet]:
    """The signed-in person's own sheet, its staff row and the open cycle. When the sheet
    exists (every save, most views) one query brings all three: these are the requests of the
    deadline surge. Otherwise the checks run one by one, as on every other page: 404 outside
    the agency, 403 for someone else's sheet, 404 without an open cycle or such a period."""
    if current_user.staff_id == staff_id:
        query = _OWN_SHEET_PAGE if request.method == "GET" else _OWN_SHEET
        found = db.session.execute(
            query, {"staff_id": staff_id, "period": period, "agency_id": current_user.agency_id}
        ).first()
        if found is not None:
            sheet, staff, cycle = found
            perm.in_agency_or_404(staff)
            perm.require(aperm.owns(current_user, staff))
            return staff, cycle, sheet
    staff = _staff(staff_id)
    perm.require(aperm.owns(current_user, staff))
    cycle = _cycle()
    return staff, cycle, _sheet_for(cycle, staff, period)


def _fill_sheet_form(form: PeriodSheetForm, sheet) -> None:
    for crit in svc.criteria_for(sheet):
        form.general.append_entry(
            {"code": crit.code, "score": svc._decimal(sheet.general_self.get(crit.code))}
        )
    if sheet.leader_self:
        for name in svc.LEADER_FIELDS:
            getattr(form, name).data = svc._decimal(sheet.leader_self.get(name))
    form.version.data = sheet.version or ""


def _sheet_data(form: PeriodSheetForm, sheet, rows: list[ItemRow]) -> dict:
    criteria = svc.criteria_for(sheet)
    general = {
        crit.code: form.general.entries[i].form.score.data
        for i, crit in enumerate(criteria)
        if i < len(form.general.entries)
    }
    items = [row.data for row in rows]
    return {"general": general, "items": items, "leader": _leader(form)}


def _pad_general(form: PeriodSheetForm, sheet) -> None:
    while len(form.general.entries) < len(svc.criteria_for(sheet)):
        form.general.append_entry()


@bp.route("/sheet/<int:staff_id>/<int:period>", methods=["GET", "POST"])
@login_required
def sheet(staff_id: int, period: int):
    staff, cycle, sheet = _own_sheet(staff_id, period)
    editable, why = svc.can_edit_sheet(sheet)
    if request.method == "POST":
        form = PeriodSheetForm()
        rows = parse_item_rows(request.form)
        _pad_general(form, sheet)
        submit = bool(form.submit.data)
        unconfirmed = submit and not form.confirm.data  # saved as a draft, not sent
        submit = submit and not unconfirmed
        valid = form.validate() & all(not row.errors for row in rows)  # both report errors
        _name_criteria(form, sheet)
        if valid:
            # Built before the commit, which expires every loaded row.
            back = url_for("assessments.sheet", staff_id=staff.id, period=period)
            saved = run_service(
                lambda: svc.save_sheet(
                    sheet, _sheet_data(form, sheet, rows), submit=submit, version=_version(form)
                ),
                on_error=lambda errors: _apply(form, errors, rows),
                stale=_(svc.STALE),
            )
            if saved:
                if unconfirmed:
                    flash(str(NOT_CONFIRMED), "error")
                else:
                    flash(
                        _("Đã gửi phiếu cho người quản lý trực tiếp.")
                        if submit
                        else _("Đã lưu nháp."),
                        "success",
                    )
                return redirect(back)
        else:
            # Parsing failed somewhere: still report what the rules would say about the rest.
            problems = svc.check_sheet(sheet, _sheet_data(form, sheet, rows), submit)
            _apply(form, problems, rows, unparsed_only=True)
        db.session.expire_all()
        sheet = _sheet_for(cycle, staff, period)
    else:
        form = PeriodSheetForm(formdata=None)
        _fill_sheet_form(form, sheet)
        rows = stored_item_rows(sheet.items, BLANK_ROWS)
    return render_template(
        "assessments/sheet.html",
        form=form,
        rows=rows,
        sheet=sheet,
        staff=staff,
        cycle=cycle,
        criteria=svc.criteria_for(sheet),
        leader=svc.is_leader(staff),
        editable=editable,
        why=why,
        problems=_problems(form, rows),
        reopen=_reopen_ctx(cycle, staff, period, sheet.status == SheetStatus.DRAFT),
        label=svc.period_label(cycle, period),
        diff=svc.differences(sheet),
        mine=svc.breakdown(sheet) if sheet.self_total is not None else None,
        theirs=svc.breakdown(sheet, manager=True),
        task_rows=svc.task_rows(sheet, manager=False),
        printable=has_form(sheet),
    )


@bp.route("/sheet/<int:staff_id>/<int:period>/autosave", methods=["POST"])
@login_required
def sheet_autosave(staff_id: int, period: int):
    _staff_row, _cycle_row, sheet = _own_sheet(staff_id, period)
    form = PeriodSheetForm()
    rows = parse_item_rows(request.form)
    _pad_general(form, sheet)
    if not form.validate() & all(not row.errors for row in rows):
        _name_criteria(form, sheet)
        return jsonify(ok=False, errors=_problems(form, rows)), 422

    def save() -> tuple[dict, int]:
        svc.save_sheet(sheet, _sheet_data(form, sheet, rows), submit=False, version=_version(form))
        # Read before the commit, which expires the row (a reload would cost a query).
        shown = {"general": sheet.self_general, "task": sheet.self_task, "total": sheet.self_total}
        return shown, sheet.version

    saved = run_service(save, on_error=_quiet, stale=_(svc.STALE))
    if not saved:
        return _json_refusal(saved)
    shown, version = saved.value
    return jsonify(
        ok=True,
        version=version,
        totals={k: number(v) for k, v in shown.items()},
    )


def _json_refusal(outcome: Outcome):
    """An autosave the service refused: 409 when someone saved first, else 422."""
    return jsonify(ok=False, errors=[m for _f, m in outcome.errors]), 409 if outcome.stale else 422


@bp.route("/sheet/<int:staff_id>/<int:period>/view")
@login_required
def view_sheet(staff_id: int, period: int):
    staff = _staff(staff_id)
    perm.require(aperm.can_view_assessment(current_user, staff))
    cycle = _cycle()
    sheet = svc.find_sheet(cycle, staff, period)
    return render_template(
        "assessments/sheet_view.html",
        sheet=sheet,
        staff=staff,
        cycle=cycle,
        period=period,
        criteria=svc.criteria_for(sheet) if sheet else (),
        label=svc.period_label(cycle, period),
        diff=svc.differences(sheet) if sheet else {},
        can_score=aperm.is_direct_manager(current_user, staff),
        mine=svc.breakdown(sheet) if sheet else None,
        theirs=svc.breakdown(sheet, manager=True) if sheet else None,
        printable=has_form(sheet),
    )


@bp.route("/sheet/<int:staff_id>/<int:period>/document")
@login_required
def sheet_document(staff_id: int, period: int):
    """Decree 335 Mẫu số 01 of the period as PDF, or Word with ?format=docx: the person, their
    direct manager and HR; a sheet not yet sent prints as a draft."""
    staff = _staff(staff_id)
    perm.require(aperm.can_view_assessment(current_user, staff))
    cycle = _cycle()
    data = period_sheet_data(_sheet_for(cycle, staff, period))
    if data is None:  # not a công chức on the Decree 335 criteria: no such form
        abort(404)
    return send_document("period_sheet", data, f"phieu-theo-doi-{cycle.year}-{period}-{staff.code}")


# --- periodic sheet: the direct manager -------------------------------------------------------


def _fill_score_form(form: ManagerScoreForm, sheet) -> None:
    general = sheet.general_manager if sheet.general_manager is not None else sheet.general_self
    for crit in svc.criteria_for(sheet):
        form.general.append_entry(
            {"code": crit.code, "score": svc._decimal(general.get(crit.code))}
        )
    items = sheet.items_manager if sheet.items_manager is not None else sheet.items
    for item in items:
        entry = {k: item.get(k) for k in svc.ITEM_FLAGS}
        entry.update({k: svc.item_count(item, k) for k in svc.ITEM_COUNTS})
        form.item_flags.append_entry(entry)
    leader = sheet.leader_manager or sheet.leader_self
    if leader:
        for name in svc.LEADER_FIELDS:
            getattr(form, name).data = svc._decimal(leader.get(name))
    form.comment.data = sheet.manager_comment
    form.strengths.data = sheet.manager_strengths
    form.weaknesses.data = sheet.manager_weaknesses
    form.version.data = sheet.version


@bp.route("/sheet/<int:staff_id>/<int:period>/score", methods=["GET", "POST"])
@login_required
def score(staff_id: int, period: int):
    staff = _staff(staff_id)
    perm.require(aperm.is_direct_manager(current_user, staff))
    cycle = _cycle()
    sheet = svc.find_sheet(cycle, staff, period)
    if sheet is None:
        return render_template(
            "assessments/score.html",
            sheet=None,
            staff=staff,
            cycle=cycle,
            period=period,
            label=svc.period_label(cycle, period),
            form=None,
            problems=[],
        )
    if request.method == "POST":
        form = ManagerScoreForm()
        _pad_general(form, sheet)
        valid = form.validate()
        _name_criteria(form, sheet)
        if valid:
            data = {
                "general": {
                    c.code: form.general.entries[i].form.score.data
                    for i, c in enumerate(svc.criteria_for(sheet))
                },
                "item_flags": [
                    {k: e.form[k].data for k in (*svc.ITEM_FLAGS, *svc.ITEM_COUNTS)}
                    for e in form.item_flags.entries
                ],
                "leader": _leader(form),
                "comment": form.comment.data,
                "strengths": form.strengths.data,
                "weaknesses": form.weaknesses.data,
            }
            close = bool(form.close.data)
            if run_service(
                lambda: svc.score_by_manager(
                    sheet, data, close=close, version=_version(form), user=current_user
                ),
                on_error=lambda errors: _apply(form, errors),
                stale=_(svc.STALE),
                success=_("Đã lưu điểm và chốt kỳ.") if close else _("Đã lưu điểm chấm."),
            ):
                return redirect(url_for("assessments.view_sheet", staff_id=staff.id, period=period))
        db.session.expire_all()
        sheet = svc.find_sheet(cycle, staff, period)
    else:
        form = ManagerScoreForm(formdata=None)
        _fill_score_form(form, sheet)
    return render_template(
        "assessments/score.html",
        form=form,
        sheet=sheet,
        staff=staff,
        cycle=cycle,
        period=period,
        criteria=svc.criteria_for(sheet),
        leader=svc.is_leader(staff),
        label=svc.period_label(cycle, period),
        problems=_problems(form),
        diff=svc.differences(sheet),
        return_form=ReasonForm(formdata=None),
        mine=svc.breakdown(sheet),
        theirs=svc.breakdown(sheet, manager=True),
        task_rows=svc.task_rows(sheet, manager=True),
    )


@bp.route("/sheet/<int:staff_id>/<int:period>/return", methods=["POST"])
@login_required
def return_sheet(staff_id: int, period: int):
    staff = _staff(staff_id)
    perm.require(aperm.is_direct_manager(current_user, staff))
    _with_reason(
        svc.find_sheet(_cycle(), staff, period),
        svc.return_sheet,
        missing=_("Chưa có phiếu kỳ này."),
        no_reason=_("Cần ghi lý do trả lại phiếu."),
        done=_("Đã trả lại phiếu để cá nhân sửa."),
    )
    return redirect(url_for("assessments.score", staff_id=staff.id, period=period))


# --- annual form ------------------------------------------------------------------------------


def _form_for(cycle: Cycle, staff: Staff):
    form = svc.find_form(cycle, staff)
    if form is None:
        try:
            form = svc.new_form(cycle, staff)
        except ValidationError:
            abort(404)
    return form


def _annual_data(wtf: AnnualFormForm) -> dict:
    names = (*svc.CONTENT_FIELDS, *svc.PCT_FIELDS, "general", "shortcomings_remedied", "self_level")
    return {n: getattr(wtf, n).data for n in names}


def _fill_annual(wtf: AnnualFormForm, form) -> None:
    for name in svc.CONTENT_FIELDS:
        getattr(wtf, name).data = form.content.get(name, "")
    for name in svc.PCT_FIELDS:
        getattr(wtf, name).data = svc._decimal(form.criteria.get(name))
    wtf.general.data = form.criteria.get("general", "")
    wtf.shortcomings_remedied.data = bool(form.criteria.get("shortcomings_remedied"))
    wtf.self_level.data = form.self_level.value if form.self_level else ""
    wtf.version.data = form.version or ""


def _annual_ctx(cycle, staff, form) -> dict:
    return {
        "cycle": cycle,
        "staff": staff,
        "record": form,
        "summary": svc.year_summary(cycle, staff.id),
        "texts": svc.text_fields(form, staff),
        "pcts": svc.shown_pct(form, staff),
        "needed": svc.needed_pct(form, staff),
        "panel": svc.eligibility(cycle, staff, form),
        "year_record": svc.year_record(staff, cycle.year),
        "disciplines": [d for d in svc.disciplines_of(staff) if d.effective_on.year == cycle.year],
    }


def _keep_draft(cycle, staff, wtf) -> None:
    """Save the typed annual form as a draft after a refused send (the send's errors stay on
    the page; a draft the rules refuse too is left as it was)."""
    if run_service(
        lambda: svc.save_form(
            _form_for(cycle, staff), staff, _annual_data(wtf), submit=False, version=_version(wtf)
        ),
        on_error=_quiet,
        stale=_(svc.STALE),
    ):
        flash(_("Phiếu chưa gửi được; nội dung đã lưu nháp."), "warning")


@bp.route("/annual/<int:staff_id>", methods=["GET", "POST"])
@login_required
def annual(staff_id: int):
    staff = _staff(staff_id)
    perm.require(aperm.owns(current_user, staff))
    cycle = _cycle()
    form = _form_for(cycle, staff)
    editable, why = svc.can_edit_form(form)
    if request.method == "POST":
        wtf = AnnualFormForm()
        submit = bool(wtf.submit.data)
        unconfirmed = submit and not wtf.confirm.data  # saved as a draft, not sent
        submit = submit and not unconfirmed
        if wtf.validate():
            saved = run_service(
                lambda: svc.save_form(
                    form, staff, _annual_data(wtf), submit=submit, version=_version(wtf)
                ),
                on_error=lambda errors: _apply(wtf, errors),
                stale=_(svc.STALE),
            )
            if not saved and submit and not saved.stale:
                _keep_draft(cycle, staff, wtf)  # a failed send keeps what was typed, as a draft
            if saved:
                if unconfirmed:
                    flash(str(NOT_CONFIRMED), "error")
                else:
                    flash(
                        _("Đã gửi phiếu đánh giá năm.") if submit else _("Đã lưu nháp."), "success"
                    )
                return redirect(url_for("assessments.annual", staff_id=staff.id))
        db.session.expire_all()
        form = _form_for(cycle, staff)
    else:
        wtf = AnnualFormForm(formdata=None)
        _fill_annual(wtf, form)
    return render_template(
        "assessments/annual.html",
        form=wtf,
        editable=editable,
        why=why,
        reopen=_reopen_ctx(cycle, staff, None, form.status == FormStatus.DRAFT),
        problems=_problems(wtf),
        **_annual_ctx(cycle, staff, form),
    )


@bp.route("/annual/<int:staff_id>/autosave", methods=["POST"])
@login_required
def annual_autosave(staff_id: int):
    staff = _staff(staff_id)
    perm.require(aperm.owns(current_user, staff))
    cycle = _cycle()
    form = _form_for(cycle, staff)
    wtf = AnnualFormForm()
    if not wtf.validate():
        return jsonify(ok=False, errors=_problems(wtf)), 422
    saved = run_service(
        lambda: svc.save_form(form, staff, _annual_data(wtf), submit=False, version=_version(wtf)),
        on_error=_quiet,
        stale=_(svc.STALE),
    )
    if not saved:
        return _json_refusal(saved)
    panel = render_template(
        "assessments/_panel.html", panel=svc.eligibility(cycle, staff, form), cycle=cycle
    )
    return jsonify(ok=True, version=form.version, panel=panel)


@bp.route("/annual/<int:staff_id>/eligibility")
@login_required
def eligibility(staff_id: int):
    """The engine's answer for the person's saved facts, as JSON for the panel."""
    staff = _staff(staff_id)
    perm.require(aperm.can_view_assessment(current_user, staff))
    cycle = _cycle()
    form = svc.find_form(cycle, staff)
    return jsonify(svc.eligibility(cycle, staff, form))


@bp.route("/annual/<int:staff_id>/view")
@login_required
def view_annual(staff_id: int):
    staff = _staff(staff_id)
    perm.require(aperm.can_view_assessment(current_user, staff))
    cycle = _cycle()
    form = svc.find_form(cycle, staff)
    ctx = (
        _annual_ctx(cycle, staff, form)
        if form
        else {"cycle": cycle, "staff": staff, "record": None}
    )
    return render_template(
        "assessments/annual_view.html",
        can_reopen=aperm.is_direct_manager(current_user, staff),
        reopen_form=ReasonForm(formdata=None),
        **ctx,
    )


@bp.route("/annual/<int:staff_id>/reopen", methods=["POST"])
@login_required
def reopen(staff_id: int):
    staff = _staff(staff_id)
    perm.require(aperm.is_direct_manager(current_user, staff))
    _with_reason(
        svc.find_form(_cycle(), staff),
        svc.reopen_form,
        missing=_("Chưa có phiếu đánh giá năm."),
        no_reason=_("Cần ghi lý do mở lại phiếu."),
        done=_("Đã mở lại phiếu để cá nhân sửa."),
    )
    return redirect(url_for("assessments.view_annual", staff_id=staff.id))


# --- HR ---------------------------------------------------------------------------------------


@bp.route("/hr/missing")
@login_required
def missing():
    perm.require(perm.is_hr(current_user))
    cycle = _cycle()
    rows = svc.missing_submissions(cycle)
    return render_template("assessments/missing.html", cycle=cycle, rows=rows)


@bp.route("/hr/records/<int:staff_id>", methods=["GET", "POST"])
@login_required
def records(staff_id: int):
    perm.require(perm.is_hr(current_user))
    staff = _staff(staff_id)
    cycle = _cycle()
    rec = svc.year_record(staff, cycle.year)
    if request.method == "POST":
        form = YearRecordForm()
        if form.validate():
            data = {
                "months_worked": form.months_worked.data,
                "leave": [
                    {"kind": e.form.kind.data, "months": e.form.months.data}
                    for e in form.leave.entries
                ],
                **{
                    n: getattr(form, n).data
                    for n in (
                        "degradation_finding",
                        "corruption_in_led_unit",
                        "corruption_self_remedied",
                    )
                },
            }
            if run_service(
                lambda: svc.save_year_record(staff, cycle.year, data),
                on_error=lambda errors: _apply(form, errors),
                success=_("Đã lưu hồ sơ năm %(y)s.", y=cycle.year),
            ):
                return redirect(url_for("assessments.records", staff_id=staff.id))
    else:
        form = YearRecordForm(formdata=None)
        if rec is not None:
            form.months_worked.data = rec.months_worked
            for entry, leave in zip(form.leave.entries, rec.leave, strict=False):
                entry.form.kind.data = leave["kind"]
                entry.form.months.data = leave["months"]
            for n in ("degradation_finding", "corruption_in_led_unit", "corruption_self_remedied"):
                getattr(form, n).data = getattr(rec, n)
        else:
            form.months_worked.data = 12
    return render_template(
        "assessments/records.html",
        form=form,
        discipline_form=DisciplineForm(formdata=None),
        staff=staff,
        cycle=cycle,
        disciplines=svc.disciplines_of(staff),
        problems=_problems(form),
    )


@bp.route("/hr/records/<int:staff_id>/discipline", methods=["POST"])
@login_required
def add_discipline(staff_id: int):
    perm.require(perm.is_hr(current_user))
    staff = _staff(staff_id)
    cycle = _cycle()
    form = DisciplineForm()
    fields = (
        "sanction",
        "system",
        "duty_related",
        "effective_on",
        "act",
        "counted_in_year",
        "note",
    )
    if form.validate() and run_service(
        lambda: svc.add_discipline(staff, {n: getattr(form, n).data for n in fields}),
        on_error=lambda errors: _apply(form, errors),
        success=_("Đã ghi nhận kỷ luật."),
    ):
        return redirect(url_for("assessments.records", staff_id=staff.id))
    record_form = YearRecordForm(formdata=None)
    rec = svc.year_record(staff, cycle.year)
    record_form.months_worked.data = rec.months_worked if rec else 12
    return render_template(
        "assessments/records.html",
        form=record_form,
        discipline_form=form,
        staff=staff,
        cycle=cycle,
        disciplines=svc.disciplines_of(staff),
        problems=_problems(form),
    )


@bp.route("/hr/history", methods=["GET", "POST"])
@login_required
def history():
    perm.require(perm.is_hr(current_user))
    form = HistoryForm()
    if form.validate_on_submit() and run_service(
        lambda: svc.record_historical_result(
            current_user.agency,
            form.staff_code.data,
            form.year.data,
            form.level.data,
            form.note.data or "",
        ),
        on_error=lambda errors: _apply(form, errors),
        success=lambda _value: _("Đã lưu kết quả năm %(y)s.", y=form.year.data),
    ):
        return redirect(url_for("assessments.history"))
    return render_template(
        "assessments/history.html",
        form=form,
        rows=svc.historical_results(current_user.agency),
        problems=_problems(form),
    )


# --- home page reminders ----------------------------------------------------------------------


# --- after the deadline: requests to reopen (services/reopen.py) -----------------------------


def _reopen_ctx(cycle: Cycle, staff: Staff, period: int | None, draft: bool) -> dict:
    """What the closed page offers: the request form, or where the last request stands."""
    closed = cycle.status == CycleStatus.OPEN and svc.deadline_passed(cycle) and draft
    grant = reopen_service.active_grant(cycle, staff.id, period) if closed else None
    last = reopen_service.latest(cycle, staff, period) if closed else None
    form = ReopenRequestForm(formdata=None, data={"period": "" if period is None else period})
    return {
        "closed": closed and grant is None,
        "grant": grant,
        "last": last,
        "can_request": closed and grant is None and (last is None or last.status != "pending"),
        "form": form,
        "url": url_for("assessments.request_reopen", staff_id=staff.id),
    }


@bp.route("/reopen/<int:staff_id>", methods=["POST"])
@login_required
def request_reopen(staff_id: int):
    staff = _staff(staff_id)
    perm.require(aperm.owns(current_user, staff))
    cycle = _cycle()
    form = ReopenRequestForm()
    period = None
    if form.period.data:
        try:
            period = int(form.period.data)
        except ValueError:
            abort(404)
        if not 1 <= period <= cycle.period_count:
            abort(404)
    back = (
        url_for("assessments.annual", staff_id=staff.id)
        if period is None
        else url_for("assessments.sheet", staff_id=staff.id, period=period)
    )
    if not form.validate():
        for messages in form.errors.values():
            for message in messages:
                flash(message, "error")
        return redirect(back)
    run_service(
        lambda: reopen_service.request_reopen(cycle, staff, current_user, period, form.reason.data),
        success=_("Đã gửi đề nghị mở lại phiếu; bộ phận tổ chức cán bộ sẽ trả lời."),
    )
    return redirect(back)


@bp.route("/reopen-requests")
@login_required
def reopen_requests():
    perm.require(perm.is_hr(current_user))
    return _reopen_page()


def _reopen_page(posted: tuple[int, ReopenDecisionForm] | None = None):
    """HR's list: pending requests first with their answer form, then the answered ones."""
    items = list(
        db.session.scalars(
            select(ReopenRequest)
            .where(ReopenRequest.agency_id == current_user.agency_id)
            .order_by(ReopenRequest.id.desc())
        )
    )
    items.sort(key=lambda r: r.status != "pending")
    forms = {r.id: ReopenDecisionForm(formdata=None, prefix=f"r{r.id}") for r in items}
    if posted is not None:
        forms[posted[0]] = posted[1]
    return render_template(
        "assessments/reopen_requests.html", items=items, forms=forms, what=reopen_service.what
    ), (422 if posted else 200)


@bp.route("/reopen-requests/<int:reopen_id>", methods=["POST"])
@login_required
def decide_reopen(reopen_id: int):
    perm.require(perm.is_hr(current_user))
    req = db.session.get(ReopenRequest, reopen_id)
    if req is None or req.agency_id != current_user.agency_id:
        abort(404)
    form = ReopenDecisionForm(prefix=f"r{req.id}")
    if form.validate() and run_service(
        lambda: reopen_service.decide_reopen(
            req, form.decision.data == "grant", form.answer.data, form.open_until.data, current_user
        ),
        form=form,
        success=lambda _value: _(
            "Đã trả lời đề nghị mở lại phiếu của %(name)s.", name=req.staff.full_name
        ),
    ):
        return redirect(url_for("assessments.reopen_requests"))
    return _reopen_page((req.id, form))


def home_cards(user, cycle) -> list[dict]:
    """Reminders as the self-assessment deadline nears (and the head's sheets to score)."""
    if cycle is None or not user.is_authenticated:
        return []
    from .._time import today

    cards = []
    days = (cycle.self_assessment_deadline - today()).days
    me = user.staff
    if me is not None and me.group != StaffGroup.NGUOI_LAO_DONG:
        form = svc.find_form(cycle, me)
        if form is None or form.status.value != "submitted":
            kind = "danger" if days < 0 else "warning" if days <= 14 else "info"
            if days < 0:
                text = _(
                    "Đã quá hạn tự đánh giá (%(d)s) mà bạn chưa gửi phiếu năm.",
                    d=f"{cycle.self_assessment_deadline:%d/%m/%Y}",
                )
            else:
                text = _(
                    "Còn %(n)s ngày đến hạn tự đánh giá (%(d)s); bạn chưa gửi phiếu năm.",
                    n=days,
                    d=f"{cycle.self_assessment_deadline:%d/%m/%Y}",
                )
            cards.append(
                {
                    "title": _("Tự đánh giá năm %(y)s", y=cycle.year),
                    "text": text,
                    "url": url_for("assessments.index"),
                    "action": _("Mở phiếu của tôi"),
                    "kind": kind,
                }
            )
    heads = perm.headed_units(user)
    if heads:
        from ..models import PeriodSheet, SheetStatus

        waiting = db.session.scalars(
            select(PeriodSheet)
            .join(Staff, Staff.id == PeriodSheet.staff_id)
            .where(
                PeriodSheet.cycle_id == cycle.id,
                PeriodSheet.status == SheetStatus.SUBMITTED,
                Staff.unit_id.in_(heads),
                Staff.id != (user.staff_id or -1),
            )
        ).all()
        if waiting:
            cards.append(
                {
                    "title": _("Phiếu chờ chấm"),
                    "text": _("%(n)s phiếu theo dõi kỳ đang chờ bạn chấm điểm.", n=len(waiting)),
                    "url": url_for("assessments.index"),
                    "action": _("Chấm điểm"),
                    "kind": "info",
                }
            )
    if perm.is_hr(user):
        waiting_requests = reopen_service.pending(user.agency_id)
        if waiting_requests:
            cards.append(
                {
                    "title": _("Đề nghị mở lại phiếu"),
                    "text": _(
                        "%(n)s đề nghị mở lại phiếu sau hạn đang chờ trả lời.",
                        n=len(waiting_requests),
                    ),
                    "url": url_for("assessments.reopen_requests"),
                    "action": _("Xem và trả lời"),
                    "kind": "warning",
                }
            )
    return cards


# --- template filters of this area ------------------------------------------------------------


@bp.app_template_filter("isodate")
def isodate(value) -> str:
    """A stored ISO date ("2026-03-05") as dd/mm/yyyy."""
    if not value:
        return ""
    day = svc._date(value)
    return day.strftime("%d/%m/%Y") if day else ""


@bp.app_template_filter("leave_label")
def leave_label(code) -> str:
    return labels.label(labels.LEAVE_KINDS, code)


@bp.app_template_filter("sanction_label")
def sanction_label(code) -> str:
    return labels.label(labels.SANCTIONS, code)


@bp.app_template_filter("general_label")
def general_label(code) -> str:
    from forms.assessment import GENERAL_JUDGEMENTS

    return dict((k, str(v)) for k, v in GENERAL_JUDGEMENTS).get(code, code)


@bp.app_template_filter("content_label")
def content_label(name) -> str:
    field = getattr(AnnualFormForm, name, None)
    return str(field.args[0]) if field is not None and field.args else name
