"""The unit's evaluation meeting (cuộc họp đánh giá): attendance, the opinions per person,
written comments of large units, adoption of the minutes; and the party committee's comments
about heads and deputies (Decree 233 Art 15.2–15.3, mirrored for civil servants)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import or_, select

from .. import _time
from ..extensions import db
from ..models import (
    Cycle,
    CycleStatus,
    Level,
    Meeting,
    MeetingAttendance,
    MeetingOpinion,
    PartyComment,
    RoleAssignment,
    RoleName,
    Staff,
    StaffGroup,
    Unit,
    UnitKind,
    User,
    WrittenComment,
)
from ..permissions.reviews import needs_party_comment
from ..text import by_full_name
from ..workflow import transition
from . import ValidationError
from .audit import record, snapshot

MEETING_FIELDS = (
    "held_on",
    "start_time",
    "end_time",
    "place",
    "chair_id",
    "secretary_id",
    "written_comments",
)


def unit_members(unit_id: int) -> list[Staff]:
    """Active staff of the unit itself (a constituent unit meets on its own)."""
    today = _time.today()
    return sorted(
        db.session.scalars(
            select(Staff).where(
                Staff.unit_id == unit_id, or_(Staff.end_date.is_(None), Staff.end_date >= today)
            )
        ),
        key=by_full_name,
    )


# A unit with fewer active members than this meets together with its parent unit: the meeting
# needs a chair, a secretary and at least one more person to give opinions that are not the
# evaluated person's own (docs/rules/decisions.md, "Evaluation meeting").
MIN_OWN_MEETING = 3


def joint_unit(unit: Unit) -> Unit | None:
    """The parent unit a unit too small to meet on its own meets with (None: it meets alone)."""
    if unit.parent is None or len(unit_members(unit.id)) >= MIN_OWN_MEETING:
        return None
    return unit.parent


def _is_leadership(unit: Unit) -> bool:
    """The unit of the agency's head (the leadership collective, e.g. Ban Giám đốc)."""
    agency = unit.agency
    return unit.parent_id is None and agency.head_id is not None and unit.head_id == agency.head_id


def _active(people) -> list[Staff]:
    today = _time.today()
    return [s for s in people if s.end_date is None or s.end_date >= today]


def party_representatives(unit: Unit) -> list[Staff]:
    """The party committee's members called to the leadership's meeting (empty elsewhere)."""
    if not _is_leadership(unit):
        return []
    return _active(
        db.session.scalars(
            select(Staff)
            .join(User, User.staff_id == Staff.id)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(
                RoleAssignment.agency_id == unit.agency_id,
                RoleAssignment.role == RoleName.PARTY_COMMITTEE,
                User.is_enabled.is_(True),
            )
        ).all()
    )


def leadership_guests(unit: Unit) -> list[Staff]:
    """Besides the leadership collective, the meeting on the agency's head and deputies calls a
    representative of the party committee and the heads of the constituent units (Decree 335
    Art 21.1(b) and 21.2(b); Decree 233 Art 15.1(b)). Empty for any other unit."""
    if not _is_leadership(unit):
        return []
    heads = db.session.scalars(
        select(Staff)
        .join(Unit, Unit.head_id == Staff.id)
        .where(
            Unit.agency_id == unit.agency_id,
            Unit.parent_id.is_(None),
            Unit.kind == UnitKind.DEPARTMENT,
            Unit.id != unit.id,
        )
    ).all()
    guests = {s.id: s for s in [*party_representatives(unit), *_active(heads)]}
    return sorted(guests.values(), key=by_full_name)


def participants(unit: Unit) -> list[Staff]:
    """Who is called to the meeting: the unit's members (each evaluated), then, for a joint
    meeting, the members of the parent unit, and for the leadership's meeting the party
    committee's representative and the heads of the constituent units (they attend and give
    opinions; they are not evaluated there)."""
    members = unit_members(unit.id)
    joint = joint_unit(unit)
    others = unit_members(joint.id) if joint is not None else leadership_guests(unit)
    own = {m.id for m in members}
    return members + [p for p in others if p.id not in own]


def agency_people(agency_id: int) -> list[Staff]:
    """Who may chair or take the minutes (a leader of the agency may chair a unit's meeting)."""
    today = _time.today()
    return sorted(
        db.session.scalars(
            select(Staff).where(
                Staff.agency_id == agency_id,
                or_(Staff.end_date.is_(None), Staff.end_date >= today),
            )
        ),
        key=by_full_name,
    )


def first_decision_day(cycle: Cycle, unit_id: int):
    """The day of the earliest current decision about a member of the unit (Vietnam time)."""
    from ..models import Decision

    moments = db.session.scalars(
        select(Decision.decided_at)
        .join(Staff, Staff.id == Decision.staff_id)
        .where(Decision.cycle_id == cycle.id, Decision.current, Staff.unit_id == unit_id)
    ).all()
    days = [_time.local_date(m) for m in moments if m is not None]
    return min(days, default=None)


def get_meeting(cycle: Cycle, unit: Unit) -> Meeting | None:
    return db.session.scalars(
        select(Meeting).where(Meeting.cycle_id == cycle.id, Meeting.unit_id == unit.id)
    ).first()


def _meeting_snapshot(meeting: Meeting) -> dict:
    data = snapshot(meeting, MEETING_FIELDS)
    data["absent"] = sorted(
        [a.staff_id, a.absence_reason] for a in meeting.attendance if not a.present
    )
    data["opinions"] = {
        str(o.staff_id): {
            "summary": o.summary,
            "votes": [o.votes_for, o.votes_against, o.votes_abstain],
            "conclusion": o.conclusion,
            "proposed_level": o.proposed_level.value if o.proposed_level else None,
        }
        for o in meeting.opinions
    }
    data["joint_unit_id"] = meeting.joint_unit_id
    return data


def _name(staff: Staff) -> str:
    return staff.full_name


def save_meeting(cycle: Cycle, unit: Unit, data: dict, rows: list[dict]) -> Meeting:
    """Create or update the draft minutes. `rows`: one dict per member with staff_id, present,
    absence_reason, summary. All problems are reported together; nothing changes on error."""
    meeting = get_meeting(cycle, unit)
    errors: list[tuple[str, str]] = []
    if meeting is not None and meeting.adopted:
        raise ValidationError(_("Biên bản đã được thông qua nên không thể sửa."))
    if cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không mở, không thể ghi biên bản.")))
    if cycle.agency_id != unit.agency_id:
        errors.append(("", _("Đơn vị không thuộc cơ quan của kỳ đánh giá.")))
    held_on = data.get("held_on")
    if not held_on:
        errors.append(("held_on", _("Hãy nhập ngày họp.")))
    elif held_on.year not in (cycle.year, cycle.year + 1):
        errors.append(("held_on", _("Ngày họp phải trong năm đánh giá %(y)s.", y=cycle.year)))
    elif held_on > _time.today():
        errors.append(
            ("held_on", _("Biên bản ghi cuộc họp đã diễn ra: ngày họp không được ở tương lai."))
        )
    else:
        first = first_decision_day(cycle, unit.id)
        if first is not None and held_on > first:
            errors.append(
                (
                    "held_on",
                    _(
                        "Cuộc họp phải diễn ra trước khi quyết định xếp loại (đã có quyết định "
                        "ngày %(d)s).",
                        d=f"{first:%d/%m/%Y}",
                    ),
                )
            )
    people = {p.id for p in agency_people(unit.agency_id)}
    for name in ("chair_id", "secretary_id"):
        if not data.get(name):
            errors.append((name, _("Hãy chọn người.")))
        elif data[name] not in people:
            errors.append((name, _("Người này không thuộc cơ quan.")))
    if data.get("chair_id") and data.get("chair_id") == data.get("secretary_id"):
        errors.append(("secretary_id", _("Thư ký phải khác người chủ trì.")))
    evaluated = {m.id for m in unit_members(unit.id)}
    called = {p.id: p for p in participants(unit)}
    clean: dict[int, dict] = {}
    for index, row in enumerate(rows):
        try:
            staff_id = int(row.get("staff_id") or 0)
        except (TypeError, ValueError):
            staff_id = 0
        if staff_id not in called:
            errors.append(
                ("members", _("Dòng %(n)s không phải thành viên của cuộc họp.", n=index + 1))
            )
            continue
        present = bool(row.get("present"))
        reason = (row.get("absence_reason") or "").strip()
        if not present and not reason:
            errors.append(
                (
                    "members",
                    _("Hãy ghi lý do vắng mặt của %(name)s.", name=_name(called[staff_id])),
                )
            )
        clean[staff_id] = {"present": present, "absence_reason": "" if present else reason}
        if staff_id in evaluated:
            clean[staff_id].update(_opinion(row, called[staff_id], errors))
    missing = [p for i, p in called.items() if i not in clean]
    if missing:
        errors.append(
            (
                "members",
                _(
                    "Hãy điểm danh đủ thành viên cuộc họp: còn thiếu %(names)s.",
                    names=", ".join(_name(p) for p in missing),
                ),
            )
        )
    present_ids = {i for i, r in clean.items() if r["present"]}
    for name, label in (("chair_id", _("Chủ trì")), ("secretary_id", _("Thư ký"))):
        if data.get(name) in clean and data[name] not in present_ids:
            errors.append((name, _("%(who)s phải có mặt tại cuộc họp.", who=label)))
    # The chair and the secretary attend even when they come from outside the unit.
    attending = present_ids | {
        data[name]
        for name in ("chair_id", "secretary_id")
        if data.get(name) in people and data[name] not in called
    }
    # The heads of constituent units may send written opinions instead (large units); the
    # party committee's representative is part of the meeting itself.
    representatives = {p.id for p in party_representatives(unit)}
    if representatives and not representatives & attending:
        errors.append(
            (
                "members",
                _(
                    "Cuộc họp đánh giá người đứng đầu và cấp phó phải có đại diện cấp ủy dự "
                    "(Điều 21 Nghị định số 335/2025/NĐ-CP; Điều 15 Nghị định số 233/2026/NĐ-CP)."
                ),
            )
        )
    if called and len(attending) < 2:
        errors.append(
            (
                "members",
                _(
                    "Cuộc họp chỉ có một người dự nên không thể thống nhất ý kiến: cần ít nhất "
                    "hai người có mặt."
                ),
            )
        )
    for staff_id, row in clean.items():
        votes = row.get("votes")
        if votes and sum(votes) > len(attending):
            errors.append(
                (
                    "members",
                    _(
                        "Biểu quyết về %(name)s có %(n)s phiếu, nhiều hơn số người có mặt (%(m)s).",
                        name=_name(called[staff_id]),
                        n=sum(votes),
                        m=len(attending),
                    ),
                )
            )
    if errors:
        raise ValidationError(errors)

    before = None
    if meeting is None:
        meeting = Meeting(agency_id=unit.agency_id, cycle_id=cycle.id, unit_id=unit.id)
        db.session.add(meeting)
    else:
        before = _meeting_snapshot(meeting)
    meeting.held_on = held_on
    meeting.chair_id = data["chair_id"]
    meeting.secretary_id = data["secretary_id"]
    meeting.written_comments = bool(data.get("written_comments"))
    joint = joint_unit(unit)
    meeting.joint_unit_id = joint.id if joint else None
    for name in ("start_time", "end_time", "place"):
        setattr(meeting, name, (data.get(name) or "").strip())
    attendance = {a.staff_id: a for a in meeting.attendance}
    opinions = {o.staff_id: o for o in meeting.opinions}
    for staff_id, row in clean.items():
        slot = attendance.get(staff_id)
        if slot is None:
            slot = MeetingAttendance(staff_id=staff_id)
            meeting.attendance.append(slot)
        slot.present = row["present"]
        slot.absence_reason = row["absence_reason"]
        if "summary" not in row:  # a participant from the parent unit: not evaluated here
            continue
        opinion = opinions.get(staff_id)
        if opinion is None:
            opinion = MeetingOpinion(staff_id=staff_id)
            meeting.opinions.append(opinion)
        opinion.summary = row["summary"]
        opinion.votes_for, opinion.votes_against, opinion.votes_abstain = row["votes"] or (
            None,
            None,
            None,
        )
        opinion.conclusion = row["conclusion"]
        opinion.proposed_level = row["proposed_level"]
    db.session.flush()
    record(
        "create" if before is None else "update",
        "meeting",
        meeting.id,
        agency_id=meeting.agency_id,
        before=before,
        after=_meeting_snapshot(meeting),
    )
    return meeting


VOTE_FIELDS = ("votes_for", "votes_against", "votes_abstain")


def _count(value) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return -1
    return number


def _opinion(row: dict, person: Staff, errors: list[tuple[str, str]]) -> dict:
    """The opinions, the vote and the conclusion about one evaluated member."""
    counts = [_count(row.get(name)) for name in VOTE_FIELDS]
    votes = None
    if any(c is not None for c in counts):  # the meeting voted about this person
        if any(c is not None and c < 0 for c in counts):
            errors.append(
                (
                    "members",
                    _(
                        "Số phiếu biểu quyết về %(name)s phải là số nguyên không âm.",
                        name=_name(person),
                    ),
                )
            )
        else:
            votes = tuple(c or 0 for c in counts)
            if not sum(votes):
                errors.append(
                    (
                        "members",
                        _("Biểu quyết về %(name)s chưa có phiếu nào.", name=_name(person)),
                    )
                )
    level = (row.get("proposed_level") or "").strip() or None
    if level is not None and level not in Level.__members__:
        errors.append(("members", _("Mức đề xuất cho %(name)s không hợp lệ.", name=_name(person))))
        level = None
    return {
        "summary": (row.get("summary") or "").strip(),
        "votes": votes,
        "conclusion": (row.get("conclusion") or "").strip(),
        "proposed_level": Level(level) if level else None,
    }


def adopt(meeting: Meeting | None) -> None:
    """The minutes are adopted at the meeting: from then on they are locked."""
    if meeting is None:
        raise ValidationError(_("Đơn vị chưa ghi biên bản cuộc họp."))
    if meeting.adopted:
        raise ValidationError(_("Biên bản đã được thông qua."))
    problems = []
    if not meeting.attendance:
        problems.append(("", _("Biên bản chưa có danh sách dự họp.")))
    if not meeting.chair_id or not meeting.secretary_id:
        problems.append(("", _("Biên bản chưa có chủ trì và thư ký.")))
    # The meeting concludes on each person it classifies (Decree 335 Art 21, Decree 233 Art 15).
    levels = {o.staff_id: o.proposed_level for o in meeting.opinions}
    for member in unit_members(meeting.unit_id):
        if member.group != StaffGroup.NGUOI_LAO_DONG and levels.get(member.id) is None:
            problems.append(
                (
                    "",
                    _(
                        "Biên bản chưa ghi mức xếp loại cuộc họp đề xuất cho %(name)s.",
                        name=_name(member),
                    ),
                )
            )
    if problems:
        raise ValidationError(problems)
    transition(meeting, "meeting", "adopted", agency_id=meeting.agency_id)
    meeting.adopted_at = _time.now()
    db.session.flush()
    issue_minutes_number(meeting)


def minutes_issuer(meeting: Meeting):
    """The organisation whose header and register the minutes carry."""
    from .authority import issuer_of

    return issuer_of(meeting.unit.agency, meeting.unit)


def issue_minutes_number(meeting: Meeting):
    """'Số …/BB-…' for adopted minutes (idempotent); draft minutes are never numbered."""
    from . import register
    from .signing import minutes_ref

    if not meeting.adopted:
        return None
    return register.issue(
        meeting.agency_id,
        minutes_issuer(meeting),
        "BB",
        minutes_ref(meeting),
        meeting.held_on,
        subject=f"Biên bản họp đánh giá, xếp loại chất lượng năm {meeting.cycle.year}: "
        f"{meeting.unit.name}",
        signer_name=meeting.chair.full_name if meeting.chair else "",
    )


def add_written_comment(meeting: Meeting | None, data: dict) -> WrittenComment:
    if meeting is None:
        raise ValidationError(_("Hãy lưu biên bản cuộc họp trước."))
    errors: list[tuple[str, str]] = []
    if meeting.adopted:
        errors.append(("", _("Biên bản đã được thông qua nên không thể thêm góp ý.")))
    if not meeting.written_comments:
        errors.append(("", _("Cuộc họp này không nhận góp ý bằng văn bản.")))
    members = {m.id for m in unit_members(meeting.unit_id)}
    if data.get("staff_id") not in members:
        errors.append(("staff_id", _("Hãy chọn một thành viên của đơn vị.")))
    if not (data.get("author_name") or "").strip():
        errors.append(("author_name", _("Hãy ghi tên người góp ý.")))
    if not (data.get("text") or "").strip():
        errors.append(("text", _("Hãy ghi nội dung góp ý.")))
    if errors:
        raise ValidationError(errors)
    comment = WrittenComment(
        staff_id=data["staff_id"],
        author_name=data["author_name"].strip(),
        text=data["text"].strip(),
    )
    meeting.written.append(comment)
    db.session.flush()
    record(
        "create",
        "written_comment",
        comment.id,
        agency_id=meeting.agency_id,
        after=snapshot(comment, ("meeting_id", "staff_id", "author_name", "text")),
    )
    return comment


def party_comments(cycle: Cycle, staff_ids: list[int]) -> dict[int, PartyComment]:
    if not staff_ids:
        return {}
    return {
        c.staff_id: c
        for c in db.session.scalars(
            select(PartyComment).where(
                PartyComment.cycle_id == cycle.id, PartyComment.staff_id.in_(staff_ids)
            )
        )
    }


PARTY_COMMENT_FIELDS = ("text", "final", "signer_post", "signer_name")


def save_party_comment(
    cycle: Cycle | None,
    staff: Staff,
    text: str,
    user,
    *,
    final: bool = False,
    signer_post: str = "",
    signer_name: str = "",
) -> PartyComment:
    """Record the committee's opinion; final and with its signer, it is issued at once as the
    committee's numbered written comments (services/party.py), and is then no longer edited."""
    from . import party

    errors: list[tuple[str, str]] = []
    if cycle is None or cycle.status != CycleStatus.OPEN:
        errors.append(("", _("Kỳ đánh giá không mở, không thể ghi ý kiến.")))
    if not needs_party_comment(staff):
        errors.append(("", _("Chỉ lấy ý kiến cấp ủy về người đứng đầu và cấp phó.")))
    if not (text or "").strip():
        errors.append(("text", _("Hãy ghi ý kiến.")))
    comment = party_comments(cycle, [staff.id]).get(staff.id) if cycle is not None else None
    if comment is not None and party.party_comment_issued(comment):
        errors.append(("", _("Văn bản nhận xét của cấp ủy đã ban hành nên không sửa được nữa.")))
    if errors:
        raise ValidationError(errors)
    before = None
    if comment is None:
        comment = PartyComment(agency_id=staff.agency_id, cycle_id=cycle.id, staff_id=staff.id)
        db.session.add(comment)
    else:
        before = snapshot(comment, PARTY_COMMENT_FIELDS)
    comment.text = text.strip()
    comment.final = bool(final)
    comment.signer_post = (signer_post or "").strip()
    comment.signer_name = (signer_name or "").strip()
    comment.written_by_id = getattr(user, "id", None)
    db.session.flush()
    record(
        "create" if before is None else "update",
        "party_comment",
        comment.id,
        agency_id=comment.agency_id,
        before=before,
        after=snapshot(comment, ("cycle_id", "staff_id", *PARTY_COMMENT_FIELDS)),
    )
    if comment.final and comment.signer_name:
        party.issue_party_comment(comment)
    return comment
