"""Issue 22: signed, sent and synced."""

from evaluation.extensions import db
from evaluation.services.signing import form_ref
from tests.disclosure_factories import decide_all, published

from . import EVERYONE, HR, Rule


def _pub(w):
    return {"publication_id": published(w).id}


STAFF = frozenset({"staff"})


def _own_form(w):
    """The place where the clerk (signed in as congchuc) signs their approved annual form."""
    decisions = decide_all(w)
    db.session.commit()
    return {"place": form_ref(w.cycle.id, w.staff["clerk"].id, decisions["clerk"].id) + "|person"}


RULES = {
    # A document-management system with the agency's token only: no signed-in person, any role.
    "api.assign_task": Rule(frozenset(), methods=("POST",), denied_status=(401,)),
    "signatures.sign_notice": Rule(HR, args=_pub, methods=("POST",)),
    "signatures.verify": Rule(EVERYONE),
    "signatures.index": Rule(EVERYONE),
    # The clerk's own annual form (congchuc): anyone else is told it does not exist.
    "signatures.sign": Rule(STAFF, args=_own_form, denied_status=(404,)),
    "signatures.copy": Rule(STAFF, args=_own_form, denied_status=(404,)),
    "notifications.email": Rule(EVERYONE),
    "notifications.reminders_page": Rule(HR),
}

NOT_FREE_TEXT = {
    ("forms.staff.StaffForm", "email"): "an e-mail address (Email validator): hostile text is "
    "refused next to the field (tests/test_staff_email.py)",
    ("forms.signatures.NotificationEmailForm", "email"): "an e-mail address (Email validator): "
    "hostile text is refused and reflected escaped only to its typist "
    "(tests/test_mail.py: test_person_sets_the_address_their_mail_goes_to)",
}
