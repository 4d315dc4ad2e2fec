"""Small helpers between WTForms and the views."""

from forms.auth import SimpleActionForm


def action_form() -> SimpleActionForm:
    """A CSRF-only form for buttons that post (sign out, open a cycle, ...).

    It only renders a token, so it never reads the request body: an error page for a body that
    was too large (413) must not trip over that body again."""
    return SimpleActionForm(formdata=None)
