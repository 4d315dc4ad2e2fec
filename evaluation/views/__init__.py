"""Thin blueprints: load, check, validate the form, call one service, commit, redirect."""

from .accounts import bp as accounts_bp
from .assessments import bp as assessments_bp
from .audit import bp as audit_bp
from .auth import bp as auth_bp
from .bonus import bp as bonus_bp
from .cycles import bp as cycles_bp
from .dashboard import bp as dashboard_bp
from .disclosure import bp as disclosure_bp
from .imports import bp as imports_bp
from .jobs import bp as jobs_bp
from .main import bp as main_bp
from .meetings import bp as meetings_bp
from .notifications import bp as notifications_bp
from .org import bp as org_bp
from .party import bp as party_bp
from .periodic import bp as periodic_bp
from .products import bp as products_bp
from .ranking import bp as ranking_bp
from .reviews import bp as reviews_bp
from .signatures import bp as signatures_bp
from .staff import bp as staff_bp
from .transfers import bp as transfers_bp

BLUEPRINTS = [
    auth_bp,
    main_bp,
    org_bp,
    staff_bp,
    cycles_bp,
    assessments_bp,
    ranking_bp,
    reviews_bp,
    meetings_bp,
    audit_bp,
    dashboard_bp,
    periodic_bp,
    bonus_bp,
    transfers_bp,
    disclosure_bp,
    imports_bp,
    jobs_bp,
    party_bp,
    products_bp,
    signatures_bp,
    notifications_bp,
    accounts_bp,
]
