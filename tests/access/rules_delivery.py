"""Issue 22: signed, sent and synced."""

from . import Rule

RULES = {
    # A document-management system with the agency's token only: no signed-in person, any role.
    "api.assign_task": Rule(frozenset(), methods=("POST",), denied_status=(401,)),
}
