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
    "signatures.index": Rule(EVERYONE),
    # Only a document the person signs is found: anyone else (every role here) gets 404.
    "signatures.sign": Rule(
        frozenset(), args=lambda w: {"place": "minutes:1|chair"}, denied_status=(404,)
    ),
    "signatures.copy": Rule(
        frozenset(), args=lambda w: {"place": "minutes:1|chair"}, denied_status=(404,)
    ),
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
