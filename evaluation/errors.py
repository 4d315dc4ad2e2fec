"""The error every layer may raise for bad input: services, the workflow and the engine seam.
It lives outside services/ so the inner layers (workflow) can raise it without importing
the use cases; evaluation.services re-exports it."""

from __future__ import annotations


class ValidationError(Exception):
    """Every problem found, as (field, message) pairs the form shows next to its fields."""

    def __init__(self, errors: list[tuple[str, str]] | tuple[str, str] | str):
        if isinstance(errors, str):
            errors = [("", errors)]
        elif isinstance(errors, tuple):
            errors = [errors]
        self.errors: list[tuple[str, str]] = list(errors)
        super().__init__("; ".join(message for _field, message in self.errors))

    def apply_to(self, form) -> None:
        """Attach each message to its form field (or to the form's top list)."""
        for field_name, message in self.errors:
            field = getattr(form, field_name, None) if field_name else None
            if field is not None and hasattr(field, "errors"):
                if isinstance(field.errors, tuple):
                    field.errors = list(field.errors)
                field.errors.append(message)
            else:
                form.form_errors.append(message)
