"""The only code that changes a status. Every entity kind's allowed transitions are listed
here, in one table; transition() checks the move, applies it and writes the audit row."""

from __future__ import annotations

from flask_babel import gettext as _

from .errors import ValidationError
from .services.audit import record  # the audit recorder: the one service the workflow calls

# entity kind -> {from status: {to statuses}}.
TRANSITIONS: dict[str, dict[str, set[str]]] = {
    "cycle": {"draft": {"open"}, "open": {"closed"}, "closed": {"open"}},
    "period_sheet": {
        "draft": {"submitted"},
        "submitted": {"scored", "draft"},
        "scored": {"closed", "draft"},
        "closed": set(),
    },
    "annual_form": {"draft": {"submitted"}, "submitted": {"draft"}},
    "petition": {
        "open": {"answered", "accepted", "rejected"},
        "answered": {"answered", "accepted", "rejected"},  # every answer kept, in order
    },
    "access_request": {"pending": {"granted", "refused"}},
    "reopen_request": {"pending": {"granted", "refused"}},  # services/reopen.py
    # Adopting the minutes at the meeting locks them; a correction is a matter for a new decision.
    "meeting": {"draft": {"adopted"}},
    # A classification decision (docs/rules/rules.md §5.1): the unit's approval locks it; a
    # correction (before approval) or a reclassification (after) is a new row replacing it.
    "decision": {"decided": {"approved", "replaced"}, "approved": {"replaced"}},
    # An uploaded import file: checked at preview, written once on confirmation.
    "import_batch": {"previewed": {"applied"}},
    # The head of the agency decides the catalogue; a change is a new version (Art 13, 26.1(c)).
    "catalogue_version": {"proposed": {"approved"}},
    # A task is reported with its output and confirmed by the manager, or handed back; the
    # manager may send a report back to be done again (Decree 335 Art 18).
    "task": {
        "assigned": {"reported", "handed_back"},
        "reported": {"confirmed", "assigned"},
        "confirmed": set(),
        "handed_back": set(),
    },
}


def can_transition(kind: str, current: str, target: str) -> bool:
    return target in TRANSITIONS.get(kind, {}).get(str(current), set())


def transition(
    obj,
    kind: str,
    target: str,
    *,
    agency_id: int,
    reason: str = "",
    field: str = "status",
    user=None,
    action: str | None = None,
    details: dict | None = None,
    audit: bool = True,
) -> None:
    """Move obj to target, or raise ValidationError. The audit row's action defaults to the
    target; details join its "after". audit=False only where the caller writes one row that
    records the whole batch (a unit's approval, a decision and the one it replaces)."""
    current = getattr(obj, field)
    current_value = getattr(current, "value", current)
    if not can_transition(kind, current_value, target):
        raise ValidationError(
            _("Không thể chuyển trạng thái từ %(a)s sang %(b)s.", a=current_value, b=target)
        )
    enum_type = type(current) if current is not None and hasattr(current, "value") else None
    setattr(obj, field, enum_type(target) if enum_type else target)
    if not audit:
        return
    record(
        action or target,
        kind,
        obj.id,
        agency_id=agency_id,
        before={field: current_value},
        after={field: target, **(details or {})},
        reason=reason,
        user=user,
    )
