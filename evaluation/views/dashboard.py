"""HR dashboard: progress per unit, distribution of levels, leniency flags."""

from flask import Blueprint, render_template
from flask_login import current_user, login_required
from sqlalchemy import select

from .. import permissions as perm
from .._time import evaluation_year
from ..extensions import db
from ..models import Cycle, Petition, PetitionStatus, Staff
from ..permissions import oversight as oversight_perm
from ..queries.dashboard import BAR_WIDTH, build
from ..queries.province import build as province_board
from ..services import party as party_service
from ..services import periodic_results, petition_clock
from ..services.cycles import current_cycle

bp = Blueprint("dashboard", __name__)


@bp.route("/dashboard")
@login_required
def index():
    perm.require(oversight_perm.can_view_dashboard(current_user))
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
        board = build(
            cycle, current_user.agency_id, oversight_perm.dashboard_unit_ids(current_user)
        )
    national = None
    if perm.is_hr(current_user):  # the agency's sync with the national database (HR's duty)
        from ..services import outbox

        national = outbox.dashboard(current_user.agency_id)
    party = None
    org = party_service.organisation_of(current_user.agency_id)
    if cycle is not None and org is not None:
        party = {
            "org": org,
            "progress": party_service.progress(org, cycle.year),
            "waiting": len(party_service.state_round_gaps(org, cycle.year)),
        }
    return render_template(
        "dashboard/index.html",
        cycle=cycle,
        board=board,
        bar_width=BAR_WIDTH,
        petitions=_pending_petitions(oversight_perm.dashboard_unit_ids(current_user)),
        party=party,
        national=national,
        below=periodic_results.below_50(cycle, oversight_perm.dashboard_unit_ids(current_user))
        if cycle is not None
        else [],
    )


@bp.route("/dashboard/province")
@login_required
def province():
    """The Sở Nội vụ's board of the province: every agency the chairman recognises."""
    perm.require(oversight_perm.can_view_province(current_user))
    cycle = current_cycle(current_user.agency_id)
    year = cycle.year if cycle is not None else evaluation_year()
    board = province_board(current_user.agency.province, year)
    return render_template("dashboard/province.html", board=board)


def _pending_petitions(unit_ids: set[int] | None) -> list[tuple[Petition, petition_clock.Clock]]:
    """Petitions not answered yet, each with its 7-working-day clock (Decree 335 Art 22),
    overdue first."""
    stmt = (
        select(Petition)
        .join(Staff, Petition.staff_id == Staff.id)
        .where(
            Petition.agency_id == current_user.agency_id,
            Petition.status == PetitionStatus.OPEN,
        )
    )
    if unit_ids is not None:
        stmt = stmt.where(Staff.unit_id.in_(unit_ids or {-1}))
    rows = [(p, petition_clock.clock(p)) for p in db.session.scalars(stmt)]
    return sorted(rows, key=lambda row: (row[1].state != "overdue", row[1].due_on, row[0].id))
