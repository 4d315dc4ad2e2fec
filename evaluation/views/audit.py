"""The audit log viewer (HR, admin): every change, filterable, with before/after diffs."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from forms.review import AuditFilterForm

from .. import permissions as perm
from ..extensions import db
from ..messages import audit_action, audit_entity
from ..models import AuditLog
from ..permissions import oversight as oversight_perm
from ..queries.audit import (
    ANONYMOUS_ENTITIES,
    audit_query,
    changes,
    distinct_values,
    review_activity,
    who,
)

bp = Blueprint("audit", __name__, url_prefix="/audit")
PAGE_SIZE = 50
REVIEWS = "peer_review"  # shown as counts per unit and day, never as rows


@bp.route("/")
@login_required
def index():
    perm.require(oversight_perm.can_view_audit(current_user))
    agency_id = current_user.agency_id
    form = AuditFilterForm(request.args)
    entities = set(distinct_values(agency_id, AuditLog.entity)) | {REVIEWS}
    form.entity.choices = [("", _("Tất cả"))] + [(v, audit_entity(v)) for v in sorted(entities)]
    form.action.choices = [("", _("Tất cả"))] + [
        (v, audit_action(v)) for v in distinct_values(agency_id, AuditLog.action)
    ]
    form.validate()  # bad dates show their message and are left out of the filter
    date_from = form.date_from.data if not form.date_from.errors else None
    date_to = form.date_to.data if not form.date_to.errors else None
    if form.entity.data == REVIEWS:
        activity = review_activity(agency_id, date_from=date_from, date_to=date_to)
        return render_template("audit/reviews.html", form=form, activity=activity)
    stmt = audit_query(
        agency_id,
        entity=form.entity.data or "",
        action=form.action.data or "",
        user=form.user.data or "",
        entity_id=form.entity_id.data if not form.entity_id.errors else None,
        date_from=date_from,
        date_to=date_to,
    )
    page = db.paginate(stmt, per_page=PAGE_SIZE, error_out=False, max_per_page=PAGE_SIZE)
    rows = [(row, who(row), changes(row), row.entity in ANONYMOUS_ENTITIES) for row in page.items]
    args = {k: v for k, v in request.args.items() if k != "page"}
    return render_template("audit/index.html", form=form, page=page, rows=rows, args=args)
