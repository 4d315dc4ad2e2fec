"""Who may fill, score and see self-assessments (issue 4)."""

from __future__ import annotations

from ..models import Staff, User
from . import headed_units, is_hr, same_agency


def owns(user: User, staff: Staff) -> bool:
    """Only the person fills their own sheet and annual form."""
    return user.is_authenticated and user.staff_id == staff.id


def is_direct_manager(user: User, staff: Staff) -> bool:
    """The head of the person's unit (or of a unit above it), never the person themselves."""
    return (
        same_agency(user, staff.agency_id)
        and user.staff_id != staff.id
        and staff.unit_id in headed_units(user)
    )


def can_view_assessment(user: User, staff: Staff) -> bool:
    return same_agency(user, staff.agency_id) and (
        owns(user, staff) or is_direct_manager(user, staff) or is_hr(user)
    )
