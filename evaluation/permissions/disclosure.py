"""Who may export, publish, see the results page, petition and import (disclosure area)."""

from __future__ import annotations

from ..services import disclosure as disclosure_service
from . import headed_units, is_hr, same_agency
from .decisions import can_decide_for


def can_export_units(user, unit_ids: set[int] | None) -> bool:
    """HR: any scope of the agency; a head: only units they answer for (never the agency)."""
    if is_hr(user):
        return True
    heads = headed_units(user)
    return bool(heads) and unit_ids is not None and bool(unit_ids) and unit_ids <= heads


def can_publish(user) -> bool:
    return is_hr(user)


def can_import(user) -> bool:
    return is_hr(user)


def can_see_publication(user, publication) -> bool:
    """Every staff member of the agency while posted (≥ 20 days), on granted request after."""
    if not same_agency(user, publication.agency_id):
        return False
    if is_hr(user):
        return True
    return disclosure_service.is_live(publication) or disclosure_service.has_granted_access(
        publication, user
    )


def can_handle_petition(user, petition) -> bool:
    """HR (who keeps the file and may answer) and the heads above the person; never the
    petitioner, a head included."""
    if not same_agency(user, petition.agency_id) or user.staff_id == petition.staff_id:
        return False
    return is_hr(user) or petition.staff.unit_id in headed_units(user)


def can_settle_petition(user, petition) -> bool:
    """Accepting (re-classifying) or rejecting is for whoever may decide the person's level
    (permissions.decisions.can_decide_for); HR only when nobody inside the agency can."""
    return can_handle_petition(user, petition) and can_decide_for(user, petition.staff)


def can_view_petition(user, petition) -> bool:
    return can_handle_petition(user, petition) or (
        same_agency(user, petition.agency_id) and user.staff_id == petition.staff_id
    )


def can_get_personal_notice(user, staff) -> bool:
    return same_agency(user, staff.agency_id) and (is_hr(user) or user.staff_id == staff.id)


def can_see_job(user, job) -> bool:
    return same_agency(user, job.agency_id) and (is_hr(user) or job.created_by_id == user.id)
