"""Peer reviews: each person reviews the colleagues of their unit; the reviewed see aggregates."""

from flask import Blueprint, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.review import PeerReviewForm

from ..extensions import db
from ..forms_support import run_service
from ..models import Staff
from ..permissions import in_agency_or_404
from ..services import reviews as review_service
from ..services.cycles import current_cycle
from .errors import render_error

bp = Blueprint("reviews", __name__, url_prefix="/reviews")


@bp.route("/")
@login_required
def index():
    me = current_user.staff
    cycle = current_cycle(current_user.agency_id)
    people = review_service.colleagues(me) if me else []
    written = review_service.my_reviews(cycle, me) if (me and cycle) else {}
    return render_template(
        "reviews/index.html",
        me=me,
        cycle=cycle,
        people=people,
        written=written,
        state=review_service.window_state(cycle),
        window=review_service.window_message(cycle),
    )


@bp.route("/<int:staff_id>", methods=["GET", "POST"])
@login_required
def edit(staff_id: int):
    colleague = db.session.get(Staff, staff_id)
    in_agency_or_404(colleague)
    me = current_user.staff
    cycle = current_cycle(current_user.agency_id)
    # Who may review whom is refused outright (403 with the reason); the window only closes
    # the form, so the page still shows what the person wrote.
    problem = review_service.scope_problem(me, colleague)
    if problem:
        return render_error(403, problem)
    existing = review_service.my_reviews(cycle, me).get(colleague.id) if cycle else None
    form = PeerReviewForm(obj=existing)
    if existing is not None and not form.is_submitted():
        form.proposed_level.data = existing.proposed_level.value
    if form.validate_on_submit() and run_service(
        lambda: review_service.save_review(cycle, me, colleague, _data(form)),
        form=form,
        success=_("Đã lưu góp ý cho %(name)s.", name=colleague.full_name),
    ):
        return redirect(url_for("reviews.index"))
    return render_template(
        "reviews/form.html",
        form=form,
        colleague=colleague,
        cycle=cycle,
        existing=existing,
        state=review_service.window_state(cycle),
        window=review_service.window_message(cycle),
    )


def _data(form: PeerReviewForm) -> dict:
    return {name: getattr(form, name).data for name in review_service.REVIEW_FIELDS}


@bp.route("/about-me")
@login_required
def mine():
    me = current_user.staff
    cycle = current_cycle(current_user.agency_id)
    tally = review_service.peer_tallies(cycle, [me.id]).get(me.id) if (me and cycle) else None
    return render_template("reviews/mine.html", me=me, cycle=cycle, tally=tally)


def review_cards(user, cycle) -> list[dict]:
    """Home-page reminders: colleagues still to review while the window is open; for a head,
    meetings of their units whose minutes are not adopted yet."""
    from ..models import Meeting, Unit
    from ..permissions import is_head

    cards: list[dict] = []
    if cycle is None:
        return cards
    me = user.staff
    if me is not None and review_service.window_state(cycle) == "open":
        done = review_service.my_reviews(cycle, me)
        left = [p for p in review_service.colleagues(me) if p.id not in done]
        if left:
            cards.append(
                {
                    "title": _("Góp ý đồng nghiệp"),
                    "text": _(
                        "Bạn còn %(n)s đồng nghiệp chưa góp ý. Hạn cuối: %(d)s.",
                        n=len(left),
                        d=f"{cycle.review_closes_on:%d/%m/%Y}",
                    ),
                    "url": url_for("reviews.index"),
                    "action": _("Góp ý"),
                    "kind": "warning",
                }
            )
    if is_head(user):
        unit_ids = user.headed_unit_ids()
        adopted = set(
            db.session.scalars(
                db.select(Meeting.unit_id).where(
                    Meeting.cycle_id == cycle.id,
                    Meeting.unit_id.in_(unit_ids),
                    Meeting.status == "adopted",
                )
            )
        )
        for unit in db.session.scalars(db.select(Unit).where(Unit.id.in_(unit_ids - adopted))):
            cards.append(
                {
                    "title": _("Cuộc họp đánh giá"),
                    "text": _(
                        "Biên bản họp đánh giá của %(unit)s chưa được thông qua.", unit=unit.name
                    ),
                    "url": url_for("meetings.show", cycle_id=cycle.id, unit_id=unit.id),
                    "action": _("Mở cuộc họp"),
                    "kind": "info",
                }
            )
    return cards
