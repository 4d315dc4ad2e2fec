"""Read side of the meeting: the plain data of the minutes (exports.data.MinutesData) and the
rows of the meeting page. A fixed number of queries whatever the size of the unit."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from exports.data import MinutesData, Opinion

from ..models import Meeting, PartyComment, Staff
from ..permissions.reviews import needs_party_comment
from ..services import assessments, meetings
from ..services.reviews import PeerTally, peer_tallies


@dataclass(frozen=True)
class PersonRow:
    staff: Staff
    present: bool | None  # None: no attendance recorded yet
    absence_reason: str
    summary: str
    self_level: str | None
    tally: PeerTally
    written: tuple[tuple[str, str], ...]  # (author, text): written comments are signed
    party_comment: PartyComment | None
    needs_party_comment: bool
    votes: tuple[int, int, int] | None = None  # the meeting's own vote: for, against, abstain
    conclusion: str = ""
    proposed_level: str | None = None


def meeting_rows(cycle, unit, meeting: Meeting | None) -> list[PersonRow]:
    members = meetings.unit_members(unit.id)
    ids = [m.id for m in members]
    tallies = peer_tallies(cycle, ids)
    facts = assessments.annual_facts(cycle, ids)
    party = meetings.party_comments(cycle, ids)
    attendance = {a.staff_id: a for a in meeting.attendance} if meeting else {}
    opinions = {o.staff_id: o for o in meeting.opinions} if meeting else {}
    written: dict[int, list[tuple[str, str]]] = {}
    for comment in meeting.written if meeting else []:
        written.setdefault(comment.staff_id, []).append((comment.author_name, comment.text))
    rows = []
    for person in members:
        slot = attendance.get(person.id)
        opinion = opinions.get(person.id)
        votes = None
        if opinion is not None and opinion.votes_for is not None:
            votes = (opinion.votes_for, opinion.votes_against or 0, opinion.votes_abstain or 0)
        rows.append(
            PersonRow(
                staff=person,
                present=slot.present if slot else None,
                absence_reason=slot.absence_reason if slot else "",
                summary=opinion.summary if opinion else "",
                self_level=(facts.get(person.id) or {}).get("self_level"),
                tally=tallies.get(person.id, PeerTally()),
                written=tuple(written.get(person.id, ())),
                party_comment=party.get(person.id),
                needs_party_comment=needs_party_comment(person),
                votes=votes,
                conclusion=opinion.conclusion if opinion else "",
                proposed_level=(
                    opinion.proposed_level.value if opinion and opinion.proposed_level else None
                ),
            )
        )
    return rows


def minutes_data(meeting: Meeting) -> MinutesData:
    """Everything the minutes PDF prints, as primitives. Peer reviews appear only as counts."""
    cycle, unit = meeting.cycle, meeting.unit
    rows = meeting_rows(cycle, unit, meeting)
    opinions = []
    for row in rows:
        parts = [row.summary] if row.summary else []
        parts += [
            _("Ý kiến bằng văn bản của %(who)s: %(text)s", who=who, text=text)
            for who, text in row.written
        ]
        opinions.append(
            Opinion(
                full_name=row.staff.full_name,
                self_level=row.self_level,
                summary=" ".join(parts),
                tally=_(
                    "Góp ý đồng nghiệp (%(n)s người): %(counts)s",
                    n=row.tally.reviewers,
                    counts=row.tally.counts_text(),
                )
                if row.tally.reviewers
                else "",
                present=row.present is not False,
                votes=row.votes,
                conclusion=row.conclusion,
                proposed_level=row.proposed_level,
            )
        )
    from ..services import register
    from ..services.signing import minutes_ref

    issuer = meetings.minutes_issuer(meeting)
    numbered = register.find(meeting.agency_id, minutes_ref(meeting)) if meeting.adopted else None
    called = {p.id: p for p in meetings.participants(unit)}
    guests = {g.id for g in meetings.leadership_guests(unit)}

    def named(person) -> str:  # a guest of the leadership's meeting is named with their post
        return f"{person.full_name} ({person.title})" if person.id in guests else person.full_name

    order = list(called)
    attendance = sorted(
        (a for a in meeting.attendance if a.staff_id in called),
        key=lambda a: order.index(a.staff_id),
    )
    return MinutesData(
        agency_name=issuer.name,
        governing_body=issuer.governing_body,
        unit_name=unit.name,
        year=cycle.year,
        held_on=meeting.held_on,
        place=meeting.place,
        chair=meeting.chair.full_name if meeting.chair else "",
        secretary=meeting.secretary.full_name if meeting.secretary else "",
        # The chair and the secretary are present even when they come from outside the unit;
        # a joint meeting lists the parent unit's members who attended too.
        present=tuple(
            dict.fromkeys(
                [
                    *(
                        p.full_name
                        for p in (meeting.chair, meeting.secretary)
                        if p is not None and p.id not in called
                    ),
                    *(named(called[a.staff_id]) for a in attendance if a.present),
                ]
            )
        ),
        absent=tuple(
            (named(called[a.staff_id]), a.absence_reason) for a in attendance if not a.present
        ),
        joint_unit_name=meeting.joint_unit.name if meeting.joint_unit else "",
        opinions=tuple(opinions),
        adopted=meeting.adopted,
        start_time=meeting.start_time,
        end_time=meeting.end_time,
        number=numbered.number if numbered else None,
        symbol=numbered.symbol if numbered else f"BB-{issuer.symbol}",
        issuer_place=issuer.place,
        recipients=("Lưu: VT, hồ sơ đánh giá, xếp loại",),
    )
