"""Quarterly and six-month results (Decree 335 Art 17.3, Art 23.1-23.2): the person's trend,
and the per-unit summary for HR and heads."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from .. import permissions as perm
from ..permissions import oversight as oversight_perm
from ..services import periodic_results
from ..services.assessments import period_label
from ..services.cycles import current_cycle

bp = Blueprint("periodic", __name__, url_prefix="/periodic")


@bp.route("/")
@login_required
def index():
    """The signed-in person's own quarters and half-years."""
    cycle = current_cycle(current_user.agency_id)
    me = current_user.staff
    own = periodic_results.person_results(cycle, me) if cycle and me else None
    labels = {p: period_label(cycle, p) for p in range(1, cycle.period_count + 1)} if cycle else {}
    return render_template("periodic/index.html", cycle=cycle, me=me, own=own, labels=labels)


@bp.route("/units")
@login_required
def units():
    perm.require(oversight_perm.can_view_dashboard(current_user))
    cycle = current_cycle(current_user.agency_id)
    scope = oversight_perm.dashboard_unit_ids(current_user)
    rows = periodic_results.unit_summary(cycle, scope) if cycle else []
    below = periodic_results.below_50(cycle, scope) if cycle else []
    return render_template("periodic/units.html", cycle=cycle, rows=rows, below=below)
