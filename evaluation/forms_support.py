"""Small helpers between WTForms and the views."""

from forms.auth import SimpleActionForm


def action_form() -> SimpleActionForm:
    """A CSRF-only form for buttons that post (sign out, open a cycle, ...).

    Rendering only: it never reads the request body, so error pages (413 for an oversized
    upload) can still draw the page's buttons."""
    return SimpleActionForm(formdata=None)
