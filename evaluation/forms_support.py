"""Small helpers between WTForms and the views."""

from forms.auth import SimpleActionForm


def action_form() -> SimpleActionForm:
    """A CSRF-only form for buttons that post (sign out, open a cycle, ...)."""
    return SimpleActionForm()
