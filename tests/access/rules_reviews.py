"""Access rules of peer reviews, unit meetings, party comments, the audit log and the dashboard."""

from datetime import date, timedelta

from evaluation import _time
from evaluation.extensions import db
from evaluation.services import meetings as meeting_service
from evaluation.services import party as party_service
from evaluation.services import reviews as review_service
from tests import factories
from tests.security.payload_cases import Case

from . import EVERYONE, HR, Rule

HEADS = frozenset({"unit_head"})
VIEWERS = HR | HEADS | {"party_committee"}


def _meeting(w) -> dict:
    return {"cycle_id": w.cycle.id, "unit_id": w.units["dept"].id}


def _final_party_comment(w) -> dict:
    """A final, signed opinion about the head, issued by the agency's party organisation."""
    from evaluation.models import PartyOrganisation, PartyOrgKind

    head = w.staff["head"]
    if meeting_service.party_comments(w.cycle, [head.id]).get(head.id) is None:
        if party_service.organisation_of(w.agency.id) is None:
            db.session.add(
                PartyOrganisation(
                    agency_id=w.agency.id,
                    code="DB",
                    name="Đảng bộ Sở",
                    kind=PartyOrgKind.DANG_BO_CO_SO,
                    committee="ĐẢNG ỦY SỞ",
                )
            )
            db.session.flush()
        meeting_service.save_party_comment(
            w.cycle,
            head,
            "Gương mẫu",
            w.users["party_committee"],
            final=True,
            signer_post="Bí thư",
            signer_name="Trần Văn Bí",
        )
        db.session.commit()
    return {"cycle_id": w.cycle.id, "staff_id": head.id, "fmt": "pdf"}


RULES = {
    "reviews.index": Rule(EVERYONE),
    "reviews.mine": Rule(EVERYONE),
    # The clerk and the head belong to the colleague's unit; everyone else is outside it.
    "reviews.edit": Rule(
        frozenset({"staff", "unit_head"}), args=lambda w: {"staff_id": w.staff["colleague"].id}
    ),
    "meetings.index": Rule(VIEWERS),
    "meetings.show": Rule(VIEWERS, args=_meeting),
    "meetings.edit": Rule(HR | HEADS, args=_meeting),
    "meetings.adopt": Rule(HR | HEADS, args=_meeting),
    "meetings.written": Rule(HR | HEADS, args=_meeting),
    "meetings.minutes": Rule(VIEWERS, args=_meeting),
    # Only the party committee comments, and only on heads and deputies.
    "meetings.party_comment": Rule(
        frozenset({"party_committee"}),
        args=lambda w: {"cycle_id": w.cycle.id, "staff_id": w.staff["head"].id},
    ),
    # The committee's written comments: HR, the committee, and the person once it is final (the
    # head is "truongphong"); anyone else 403.
    "meetings.party_comment_document": Rule(
        HR | {"party_committee", "unit_head"},
        args=lambda w: _final_party_comment(w),
    ),
    "audit.index": Rule(HR),
    "dashboard.index": Rule(HR | HEADS),
}


# --- hostile text through the real forms (tests/security/test_payloads.py) -----------------


def _open_review_window(w) -> None:
    """Reviews are only accepted in the cycle's window: put today inside it."""
    today = _time.today()
    w.cycle.review_opens_on = today - timedelta(days=1)
    w.cycle.review_closes_on = today + timedelta(days=1)
    db.session.commit()


def _review_data(w, n: int) -> dict:
    _open_review_window(w)
    return {"strengths": "Chăm chỉ", "shortcomings": "Còn chậm", "proposed_level": "HTT"}


def _members(w) -> list:
    s = w.staff
    return sorted([s["head"], s["clerk"], s["colleague"]], key=lambda p: p.name_ascii)


def _meeting_form(w, n: int) -> dict:
    s = w.staff
    data = {
        "held_on": f"13/11/{w.cycle.year}",
        "start_time": "14:00",
        "end_time": "16:30",
        "place": "Phòng họp tầng 2",
        "chair_id": s["head"].id,
        "secretary_id": s["clerk"].id,
    }
    for i, person in enumerate(_members(w)):
        data[f"members-{i}-staff_id"] = person.id
        data[f"members-{i}-absence_reason"] = ""
        data[f"members-{i}-summary"] = "Ý kiến"
        if i:
            data[f"members-{i}-present"] = "y"
    # The first member is absent, so their absence reason is typed and shown too.
    data["members-0-absence_reason"] = "Nghỉ ốm"
    return data


def _meeting_url(w, tail: str = "") -> str:
    return f"/meetings/{w.cycle.id}/{w.units['dept'].id}{tail}"


def _written_data(w, n: int) -> dict:
    """A draft meeting of the unit that takes written comments, then one comment."""
    if meeting_service.get_meeting(w.cycle, w.units["dept"]) is None:
        s = w.staff
        meeting_service.save_meeting(
            w.cycle,
            w.units["dept"],
            {
                "held_on": date(w.cycle.year, 11, 13),
                "start_time": "14:00",
                "end_time": "16:30",
                "place": "Phòng họp",
                "chair_id": s["head"].id,
                "secretary_id": s["clerk"].id,
                "written_comments": True,
            },
            [
                {"staff_id": p.id, "present": True, "absence_reason": "", "summary": ""}
                for p in _members(w)
            ],
        )
        db.session.commit()
    return {
        "staff_id": w.staff["colleague"].id,
        "author_name": "Trưởng phòng Bảo quản",
        "text": "Phối hợp tốt",
    }


PAYLOAD_CASES = [
    # The author sees what they wrote on the review form (others only see aggregates, which
    # the anonymity test checks with SEED_PEER_REVIEWS below).
    Case(
        "forms.review.PeerReviewForm",
        ("strengths", "shortcomings"),
        "congchuc",
        lambda w: f"/reviews/{w.staff['colleague'].id}",
        _review_data,
        lambda w, d: [f"/reviews/{w.staff['colleague'].id}"],
    ),
    Case(
        "forms.review.MeetingForm",
        ("place", "members.summary", "members.absence_reason", "members.conclusion"),
        "truongphong",
        lambda w: _meeting_url(w, "/edit"),
        _meeting_form,
        lambda w, d: [_meeting_url(w), _meeting_url(w, "/edit")],
        key=lambda w, name: name.replace(".", "-0-"),  # the first member's row
    ),
    Case(
        "forms.review.WrittenCommentForm",
        ("author_name", "text"),
        "truongphong",
        lambda w: _meeting_url(w, "/written"),
        _written_data,
        lambda w, d: [_meeting_url(w)],
    ),
    Case(
        "forms.review.PartyCommentForm",
        ("text", "signer_post", "signer_name"),
        "capuy",
        lambda w: f"/meetings/party/{w.cycle.id}/{w.staff['head'].id}",
        # Not ticked final: the draft stays editable, so each payload can be saved in turn.
        lambda w, n: {"text": "Gương mẫu", "signer_post": "Bí thư", "signer_name": "Vũ Đình Khải"},
        lambda w, d: [
            f"/meetings/party/{w.cycle.id}/{w.staff['head'].id}",
            _meeting_url(w),
        ],
    ),
]

NOT_FREE_TEXT = {
    ("forms.review.MeetingForm", "members.staff_id"): "a hidden id: int() and checked against "
    "the unit's members by save_meeting",
    ("forms.review.MeetingForm", "start_time"): "a clock time: TIME_RULE refuses anything else",
    ("forms.review.MeetingForm", "end_time"): "a clock time: TIME_RULE refuses anything else",
    ("forms.review.AuditFilterForm", "user"): "a GET filter, never stored; reflected escaped "
    "(checked in test_audit_filter_reflects_user_escaped)",
}


# --- peer-review anonymity (tests/security/test_review_anonymity.py) -------------------------

SEEDED_REVIEWERS = ("Phan Thị Kiều Oanh", "Hồ Văn Quyết")


def SEED_PEER_REVIEWS(w) -> list[tuple[str, str]]:  # noqa: N802 (the name the test looks for)
    """Three colleagues of the clerk (enough for comments to be shown) review the clerk."""
    _open_review_window(w)
    reviewers = [w.staff["colleague"]] + [
        factories.make_staff(w.agency, w.units["dept"], name=name) for name in SEEDED_REVIEWERS
    ]
    written = []
    for i, reviewer in enumerate(reviewers):
        strengths = f"Ưu điểm riêng số {i}: soạn văn bản cẩn thận"
        shortcomings = f"Hạn chế riêng số {i}: đôi khi trễ hạn báo cáo"
        review_service.save_review(
            w.cycle,
            reviewer,
            w.staff["clerk"],
            {"strengths": strengths, "shortcomings": shortcomings, "proposed_level": "HTT"},
        )
        written += [(reviewer.full_name, strengths), (reviewer.full_name, shortcomings)]
    db.session.commit()
    return written
