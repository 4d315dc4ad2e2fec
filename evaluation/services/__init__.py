"""Use cases. Services flush, never commit: the view (or command) commits once."""

from __future__ import annotations

from flask import current_app

from ..errors import ValidationError

__all__ = ["ValidationError", "max_bytes"]


def max_bytes() -> int:
    """The largest file an upload may carry (workbooks, transfer files)."""
    return int(current_app.config.get("MAX_CONTENT_LENGTH") or 5_000_000)
