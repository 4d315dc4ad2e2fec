"""The unit's evaluation meeting: minutes, adoption, written comments, minutes PDF; and the
party committee's comments about heads and deputies."""

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from exports import party as party_docs
from forms.auth import ConfirmActionForm
from forms.review import MeetingForm, PartyCommentForm, WrittenCommentForm

from .. import permissions as perm
from .._time import today
from ..extensions import db
from ..forms_support import run_service
from ..models import Cycle, Meeting, Staff, Unit
from ..permissions import reviews as rperm
from ..queries.minutes import meeting_rows, minutes_data
from ..services import ValidationError
from ..services import meetings as meeting_service
from ..services import party as party_service
from ..services.cycles import current_cycle
from .downloads import send_bytes

bp = Blueprint("meetings", __name__, url_prefix="/meetings")

PARTY_MIMETYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _load(cycle_id: int, unit_id: int) -> tuple[Cycle, Unit]:
    cycle = db.session.get(Cycle, cycle_id)
    perm.in_agency_or_404(cycle)
    unit = db.session.get(Unit, unit_id)
    perm.in_agency_or_404(unit)
    return cycle, unit


@bp.route("/")
@login_required
def index():
    perm.require(rperm.can_list_meetings(current_user))
    cycle = current_cycle(current_user.agency_id)
    stmt = select(Unit).where(Unit.agency_id == current_user.agency_id, Unit.active.is_(True))
    if not (perm.is_hr(current_user) or perm.is_party_committee(current_user)):
        stmt = stmt.where(Unit.id.in_(perm.headed_units(current_user) or {-1}))
    units = db.session.scalars(stmt.order_by(Unit.name)).all()
    held = {}
    if cycle is not None:
        held = {
            m.unit_id: m
            for m in db.session.scalars(select(Meeting).where(Meeting.cycle_id == cycle.id))
        }
    return render_template("meetings/index.html", cycle=cycle, units=units, held=held)


@bp.route("/<int:cycle_id>/<int:unit_id>")
@login_required
def show(cycle_id: int, unit_id: int):
    cycle, unit = _load(cycle_id, unit_id)
    perm.require(rperm.can_view_meeting(current_user, unit))
    meeting = meeting_service.get_meeting(cycle, unit)
    written_form = WrittenCommentForm()
    written_form.staff_id.choices = [
        (m.id, m.full_name) for m in meeting_service.unit_members(unit.id)
    ]
    return render_template(
        "meetings/show.html",
        cycle=cycle,
        unit=unit,
        meeting=meeting,
        rows=meeting_rows(cycle, unit, meeting),
        can_edit=rperm.can_edit_meeting(current_user, unit),
        written_form=written_form,
    )


def _meeting_data(form: MeetingForm) -> dict:
    return {name: getattr(form, name).data for name in meeting_service.MEETING_FIELDS}


def _rows(form: MeetingForm) -> list[dict]:
    return [entry.form.data for entry in form.members]


@bp.route("/<int:cycle_id>/<int:unit_id>/edit", methods=["GET", "POST"])
@login_required
def edit(cycle_id: int, unit_id: int):
    cycle, unit = _load(cycle_id, unit_id)
    perm.require(rperm.can_edit_meeting(current_user, unit))
    meeting = meeting_service.get_meeting(cycle, unit)
    if meeting is not None and meeting.adopted:
        flash(_("Biên bản đã được thông qua nên không thể sửa."), "error")
        return redirect(url_for("meetings.show", cycle_id=cycle.id, unit_id=unit.id))
    members = meeting_service.participants(unit)
    evaluated = {m.id for m in meeting_service.unit_members(unit.id)}
    joint = meeting_service.joint_unit(unit)
    form = MeetingForm(obj=meeting)
    people = [(0, _("— Chọn người —"))] + [
        (p.id, f"{p.full_name} ({p.title})" if p.title else p.full_name)
        for p in meeting_service.agency_people(unit.agency_id)
    ]
    form.chair_id.choices = people
    form.secretary_id.choices = people
    if not form.is_submitted():
        rows = {r.staff.id: r for r in meeting_rows(cycle, unit, meeting)}
        attendance = {a.staff_id: a for a in meeting.attendance} if meeting else {}
        while form.members.entries:
            form.members.pop_entry()
        for person in members:
            row = rows.get(person.id)
            slot = attendance.get(person.id)
            entry = {
                "staff_id": str(person.id),
                "present": slot is None or slot.present,
                "absence_reason": slot.absence_reason if slot else "",
            }
            if row is not None:
                entry.update(
                    summary=row.summary,
                    votes_for=row.votes[0] if row.votes else None,
                    votes_against=row.votes[1] if row.votes else None,
                    votes_abstain=row.votes[2] if row.votes else None,
                    conclusion=row.conclusion,
                    proposed_level=row.proposed_level or "",
                )
            form.members.append_entry(entry)
        if meeting is None:
            form.held_on.data = today()
            form.chair_id.data = unit.head_id or 0
    names = {p.id: p for p in members}
    if form.validate_on_submit() and run_service(
        lambda: meeting_service.save_meeting(cycle, unit, _meeting_data(form), _rows(form)),
        form=form,
        success=_("Đã lưu biên bản cuộc họp."),
    ):
        return redirect(url_for("meetings.show", cycle_id=cycle.id, unit_id=unit.id))
    return render_template(
        "meetings/form.html",
        form=form,
        cycle=cycle,
        unit=unit,
        names=names,
        meeting=meeting,
        evaluated=evaluated,
        joint=joint,
    )


@bp.route("/<int:cycle_id>/<int:unit_id>/adopt", methods=["POST"])
@login_required
def adopt(cycle_id: int, unit_id: int):
    cycle, unit = _load(cycle_id, unit_id)
    perm.require(rperm.can_edit_meeting(current_user, unit))
    confirm = ConfirmActionForm()
    if confirm.is_submitted() and not confirm.validate():
        for message in confirm.confirm.errors or [_("Biểu mẫu không hợp lệ.")]:
            flash(message, "error")
    elif confirm.is_submitted():
        try:
            meeting_service.adopt(meeting_service.get_meeting(cycle, unit))
        except ValidationError as error:
            flash(" ".join(m for _f, m in error.errors), "error")
        else:
            db.session.commit()
            flash(_("Đã thông qua biên bản. Biên bản không thể sửa nữa."), "success")
    else:
        flash(_("Biểu mẫu không hợp lệ."), "error")
    return redirect(url_for("meetings.show", cycle_id=cycle.id, unit_id=unit.id))


@bp.route("/<int:cycle_id>/<int:unit_id>/written", methods=["POST"])
@login_required
def written(cycle_id: int, unit_id: int):
    cycle, unit = _load(cycle_id, unit_id)
    perm.require(rperm.can_edit_meeting(current_user, unit))
    meeting = meeting_service.get_meeting(cycle, unit)
    form = WrittenCommentForm()
    members = meeting_service.unit_members(unit.id)
    form.staff_id.choices = [(m.id, m.full_name) for m in members]
    if form.validate_on_submit() and run_service(
        lambda: meeting_service.add_written_comment(
            meeting,
            {
                "staff_id": form.staff_id.data,
                "author_name": form.author_name.data,
                "text": form.text.data,
            },
        ),
        form=form,
        success=_("Đã thêm góp ý bằng văn bản."),
    ):
        return redirect(url_for("meetings.show", cycle_id=cycle.id, unit_id=unit.id))
    # Re-render the meeting page with what was typed and the messages beside the fields.
    return render_template(
        "meetings/show.html",
        cycle=cycle,
        unit=unit,
        meeting=meeting,
        rows=meeting_rows(cycle, unit, meeting),
        can_edit=True,
        written_form=form,
    ), 200


@bp.route("/<int:cycle_id>/<int:unit_id>/minutes.pdf")
@login_required
def minutes(cycle_id: int, unit_id: int):
    cycle, unit = _load(cycle_id, unit_id)
    perm.require(rperm.can_view_meeting(current_user, unit))
    meeting = meeting_service.get_meeting(cycle, unit)
    if meeting is None:
        flash(_("Đơn vị chưa ghi biên bản cuộc họp."), "error")
        return redirect(url_for("meetings.show", cycle_id=cycle.id, unit_id=unit.id))
    if meeting.adopted:  # minutes adopted before they were numbered get their number now
        meeting_service.issue_minutes_number(meeting)
        db.session.commit()
    if request.args.get("format") == "docx":  # Word, for the văn thư to edit before signing
        from exports.word import minutes_docx

        body = minutes_docx(minutes_data(meeting))
        filename = f"bien-ban-hop-{unit.code}-{cycle.year}.docx"
        mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        from exports.pdf import minutes_pdf

        from ..services.signing import minutes_ref, signed_copy

        signed = signed_copy(meeting.agency_id, minutes_ref(meeting))  # once signed, that copy
        body = signed.content if signed else minutes_pdf(minutes_data(meeting))
        filename = signed.filename if signed else f"bien-ban-hop-{unit.code}-{cycle.year}.pdf"
        mimetype = "application/pdf"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/party/<int:cycle_id>/<int:staff_id>", methods=["GET", "POST"])
@login_required
def party_comment(cycle_id: int, staff_id: int):
    cycle = db.session.get(Cycle, cycle_id)
    perm.in_agency_or_404(cycle)
    staff = db.session.get(Staff, staff_id)
    perm.in_agency_or_404(staff)
    perm.require(rperm.can_write_party_comment(current_user, staff))
    existing = meeting_service.party_comments(cycle, [staff.id]).get(staff.id)
    form = PartyCommentForm(obj=existing)
    if existing is not None and not form.is_submitted() and not existing.signer_post:
        form.signer_post.data = form.signer_post.default
    if form.validate_on_submit() and run_service(
        lambda: meeting_service.save_party_comment(
            cycle,
            staff,
            form.text.data,
            current_user,
            final=form.final.data,
            signer_post=form.signer_post.data,
            signer_name=form.signer_name.data,
        ),
        form=form,
        # Say which person, and whether the comment is still a draft or now issued.
        success=lambda saved: (
            _("Đã ban hành văn bản nhận xét của cấp ủy về %(name)s.", name=staff.full_name)
            if party_service.party_comment_issued(saved)
            else _("Đã lưu dự thảo ý kiến của cấp ủy về %(name)s.", name=staff.full_name)
        ),
    ):
        return redirect(url_for("meetings.show", cycle_id=cycle.id, unit_id=staff.unit_id))
    return render_template(
        "meetings/party.html",
        form=form,
        cycle=cycle,
        staff=staff,
        comment=existing,
        issued=existing is not None and party_service.party_comment_issued(existing),
    )


@bp.route("/party/<int:cycle_id>/<int:staff_id>/nhan-xet.<any(pdf, docx):fmt>")
@login_required
def party_comment_document(cycle_id: int, staff_id: int, fmt: str):
    """The committee's written comments as a Party document (PDF, or Word for the văn thư)."""
    cycle = db.session.get(Cycle, cycle_id)
    perm.in_agency_or_404(cycle)
    staff = db.session.get(Staff, staff_id)
    perm.in_agency_or_404(staff)
    comment = meeting_service.party_comments(cycle, [staff.id]).get(staff.id)
    if comment is None:
        abort(404)
    perm.require(rperm.can_read_party_comment(current_user, staff, comment))
    try:
        doc = party_service.party_comment_document(comment)
    except ValidationError as error:
        for _field, message in error.errors:
            flash(message, "error")
        if rperm.can_view_meeting(current_user, staff.unit):
            return redirect(url_for("meetings.show", cycle_id=cycle.id, unit_id=staff.unit_id))
        return redirect(url_for("ranking.board", cycle_id=cycle.id, unit_id=staff.unit_id))
    body = party_docs.party_comment_pdf(doc) if fmt == "pdf" else party_docs.party_comment_docx(doc)
    name = f"nhan-xet-cap-uy-{staff.code}-{cycle.year}{'-du-thao' if doc.draft else ''}.{fmt}"
    return send_bytes(body, name, PARTY_MIMETYPES[fmt])
