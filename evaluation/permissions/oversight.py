"""Who may read the audit log and the dashboard, and which units the dashboard covers."""

from __future__ import annotations

from ..models import User
from . import headed_units, is_head, is_hr


def can_view_audit(user: User) -> bool:
    return is_hr(user)


def can_view_dashboard(user: User) -> bool:
    return is_hr(user) or is_head(user)


def can_view_province(user: User) -> bool:
    """HR of the province's Home Affairs department follows every agency's recognition by the
    chairman (Decree 335 Art 5.2)."""
    return is_hr(user) and user.agency.home_affairs and bool(user.agency.province)


def dashboard_unit_ids(user: User) -> set[int] | None:
    """None: every unit of the agency (HR, admin); otherwise the units a head answers for."""
    return None if is_hr(user) else headed_units(user)
