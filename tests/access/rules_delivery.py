"""Issue 22: signed, sent and synced."""

from tests.disclosure_factories import published

from . import EVERYONE, HR, Rule


def _pub(w):
    return {"publication_id": published(w).id}


RULES = {
    # A document-management system with the agency's token only: no signed-in person, any role.
    "api.assign_task": Rule(frozenset(), methods=("POST",), denied_status=(401,)),
    "signatures.sign_notice": Rule(HR, args=_pub, methods=("POST",)),
    "signatures.verify": Rule(EVERYONE),
}
