"""Peer reviews (góp ý của đồng nghiệp): written during the cycle's review window by colleagues of
the same unit, shown to the person reviewed and to the head only as aggregates.

Seam used by the ranking screen: peer_tallies()."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from flask import has_request_context
from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from scoring.vocabulary import LEVELS

from .. import _time
from ..extensions import db
from ..models import Cycle, CycleStatus, Level, PeerReview, PeerReviewActivity, Staff
from ..text import by_full_name
from . import ValidationError

# Fewer reviewers than this and a comment could point at its author: show counts only.
MIN_REVIEWERS_FOR_COMMENTS = 3
REVIEW_FIELDS = ("strengths", "shortcomings", "proposed_level")


@dataclass(frozen=True)
class PeerTally:
    """What the person reviewed and the head may see: never who wrote what."""

    reviewers: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # level code -> number of proposals
    comments: tuple[str, ...] | None = None  # None when fewer than 3 colleagues reviewed
    strengths: tuple[str, ...] | None = None  # the same comments, split by kind
    shortcomings: tuple[str, ...] | None = None

    @property
    def shows_comments(self) -> bool:
        return self.comments is not None

    def counts_text(self) -> str:
        return ", ".join(f"{code}: {self.counts.get(code, 0)}" for code in LEVELS)


def _sorted_texts(texts: list[str]) -> tuple[str, ...]:
    # Sorted by text, never by time or id: the order must not hint at who wrote what.
    return tuple(sorted((t for t in texts if t), key=lambda t: (t.casefold(), t)))


def _label(kind: str, text: str) -> str:
    # The seam is also called outside requests (exports, commands): no locale there.
    if not has_request_context():
        return ("Ưu điểm: " if kind == "strength" else "Hạn chế: ") + text
    if kind == "strength":
        return _("Ưu điểm: %(t)s", t=text)
    return _("Hạn chế: %(t)s", t=text)


def peer_tallies(cycle: Cycle, staff_ids: list[int]) -> dict[int, PeerTally]:
    """Per person reviewed: how many colleagues reviewed, the proposed levels counted, and the
    comments without authors (only when at least three colleagues reviewed). One query."""
    if not staff_ids:
        return {}
    rows = db.session.execute(
        select(
            PeerReview.reviewee_id,
            PeerReview.proposed_level,
            PeerReview.strengths,
            PeerReview.shortcomings,
        ).where(PeerReview.cycle_id == cycle.id, PeerReview.reviewee_id.in_(list(staff_ids)))
    ).all()
    grouped: dict[int, list] = defaultdict(list)
    for row in rows:
        grouped[row.reviewee_id].append(row)
    result: dict[int, PeerTally] = {}
    for staff_id in staff_ids:
        reviews = grouped.get(staff_id, [])
        counts = {code: 0 for code in LEVELS}
        for review in reviews:
            counts[getattr(review.proposed_level, "value", review.proposed_level)] += 1
        if len(reviews) >= MIN_REVIEWERS_FOR_COMMENTS:
            strengths = _sorted_texts([r.strengths for r in reviews])
            shortcomings = _sorted_texts([r.shortcomings for r in reviews])
            comments = tuple(_label("strength", t) for t in strengths) + tuple(
                _label("shortcoming", t) for t in shortcomings
            )
        else:
            strengths = shortcomings = comments = None
        result[staff_id] = PeerTally(
            reviewers=len(reviews),
            counts=counts,
            comments=comments,
            strengths=strengths,
            shortcomings=shortcomings,
        )
    return result


def is_active(staff: Staff) -> bool:
    return staff.end_date is None or staff.end_date >= _time.today()


def colleagues(person: Staff) -> list[Staff]:
    """Active staff of the person's own unit (or constituent unit), without the person."""
    today = _time.today()
    return sorted(
        db.session.scalars(
            select(Staff).where(
                Staff.agency_id == person.agency_id,
                Staff.unit_id == person.unit_id,
                Staff.id != person.id,
                or_(Staff.end_date.is_(None), Staff.end_date >= today),
            )
        ),
        key=by_full_name,
    )


def window_state(cycle: Cycle | None) -> str:
    """'open', 'not_yet', 'closed' (window passed or cycle closed) or 'no_cycle'."""
    if cycle is None:
        return "no_cycle"
    today = _time.today()
    if cycle.status != CycleStatus.OPEN or today > cycle.review_closes_on:
        return "closed"
    if today < cycle.review_opens_on:
        return "not_yet"
    return "open"


def window_message(cycle: Cycle | None) -> str:
    state = window_state(cycle)
    if state == "no_cycle":
        return _("Hiện chưa có kỳ đánh giá nào đang mở.")
    dates = {"a": f"{cycle.review_opens_on:%d/%m/%Y}", "b": f"{cycle.review_closes_on:%d/%m/%Y}"}
    if state == "not_yet":
        return _("Chưa đến thời gian góp ý đồng nghiệp (từ %(a)s đến %(b)s).", **dates)
    if state == "closed":
        return _("Đã hết thời gian góp ý đồng nghiệp (từ %(a)s đến %(b)s).", **dates)
    return _("Thời gian góp ý đồng nghiệp: từ %(a)s đến %(b)s.", **dates)


def scope_problem(reviewer: Staff | None, reviewee: Staff) -> str | None:
    """Why this person may never review that one (None: a colleague of the same unit)."""
    if reviewer is None:
        return _("Tài khoản của bạn chưa gắn với hồ sơ cán bộ nên không thể góp ý.")
    if not is_active(reviewer):
        return _("Bạn đã thôi công tác nên không thể góp ý.")
    if reviewer.id == reviewee.id:
        return _("Bạn không thể tự góp ý cho chính mình.")
    if (
        reviewee.agency_id != reviewer.agency_id
        or reviewee.unit_id != reviewer.unit_id
        or not is_active(reviewee)
    ):
        return _("Chỉ được góp ý cho đồng nghiệp đang công tác cùng đơn vị với bạn.")
    return None


def review_problems(cycle: Cycle | None, reviewer: Staff | None, reviewee: Staff) -> list[str]:
    """Why this person may not review that colleague now (empty list: they may)."""
    problems = [p for p in (scope_problem(reviewer, reviewee),) if p]
    if window_state(cycle) != "open":
        problems.append(window_message(cycle))
    return problems


def my_reviews(cycle: Cycle, reviewer: Staff) -> dict[int, PeerReview]:
    """The reviews this person wrote, by colleague (only ever shown to the author)."""
    return {
        r.reviewee_id: r
        for r in db.session.scalars(
            select(PeerReview).where(
                PeerReview.cycle_id == cycle.id, PeerReview.reviewer_id == reviewer.id
            )
        )
    }


def _count_activity(review: PeerReview, created: bool) -> None:
    """The audit of a review: one more in its unit's count for the day (no row per review,
    no author, no reviewee, no level, no time of day). An upsert: reviewers of one unit
    saving at the same moment add to one row."""
    table = PeerReviewActivity.__table__
    dialect = db.session.connection().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    column = "created" if created else "updated"
    statement = insert(table).values(
        agency_id=review.agency_id,
        cycle_id=review.cycle_id,
        unit_id=review.unit_id,
        day=_time.today(),
        created=int(created),
        updated=int(not created),
    )
    statement = statement.on_conflict_do_update(
        index_elements=["cycle_id", "unit_id", "day"],
        set_={column: table.c[column] + 1},
    )
    db.session.execute(statement)


def _own_review(cycle: Cycle, reviewer: Staff, reviewee: Staff) -> PeerReview | None:
    return db.session.scalars(
        select(PeerReview).where(
            PeerReview.cycle_id == cycle.id,
            PeerReview.reviewer_id == reviewer.id,
            PeerReview.reviewee_id == reviewee.id,
        )
    ).first()


def save_review(cycle: Cycle | None, reviewer: Staff | None, reviewee: Staff, data: dict):
    """Create or update the reviewer's one review of the colleague; everything is checked at
    once and nothing changes when something is wrong."""
    errors = [("", message) for message in review_problems(cycle, reviewer, reviewee)]
    level = data.get("proposed_level") or ""
    if level not in LEVELS:
        errors.append(("proposed_level", _("Hãy chọn mức xếp loại đề xuất.")))
    strengths = (data.get("strengths") or "").strip()
    shortcomings = (data.get("shortcomings") or "").strip()
    if not strengths and not shortcomings:
        errors.append(("strengths", _("Hãy ghi ít nhất ưu điểm hoặc hạn chế.")))
    if errors:
        raise ValidationError(errors)
    values = {"strengths": strengths, "shortcomings": shortcomings, "proposed_level": Level(level)}
    review = _own_review(cycle, reviewer, reviewee)
    created = False
    if review is None:
        review = PeerReview(
            agency_id=reviewee.agency_id,
            cycle_id=cycle.id,
            unit_id=reviewee.unit_id,
            reviewer_id=reviewer.id,
            reviewee_id=reviewee.id,
            **values,
        )
        try:
            with db.session.begin_nested():  # a double submit may have inserted it meanwhile
                db.session.add(review)
            created = True
        except IntegrityError:
            review = _own_review(cycle, reviewer, reviewee)
    for name, value in values.items():
        setattr(review, name, value)
    db.session.flush()
    _count_activity(review, created)
    return review
