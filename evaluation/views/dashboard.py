"""HR dashboard: progress per unit, distribution of levels, leniency flags."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import permissions as perm
from .. import permissions_reviews as rperm
from ..extensions import db
from ..models import Cycle
from ..queries_dashboard import BAR_WIDTH, build
from ..services import party as party_service
from ..services.cycles import current_cycle

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@login_required
def index():
    perm.require(rperm.can_view_dashboard(current_user))
    cycle = (
        current_cycle(current_user.agency_id)
        or db.session.scalars(
            select(Cycle)
            .where(Cycle.agency_id == current_user.agency_id)
            .order_by(Cycle.year.desc())
        ).first()
    )
    board = None
    if cycle is not None:
        board = build(cycle, current_user.agency_id, rperm.dashboard_unit_ids(current_user))
    party = None
    org = party_service.organisation_of(current_user.agency_id)
    if cycle is not None and org is not None:
        party = {
            "org": org,
            "progress": party_service.progress(org, cycle.year),
            "waiting": len(party_service.state_round_gaps(org, cycle.year)),
        }
    return render_template(
        "dashboard/index.html", cycle=cycle, board=board, bar_width=BAR_WIDTH, party=party
    )
