"""Use cases. Services flush, never commit: the view (or command) commits once."""

from __future__ import annotations

from ..errors import ValidationError

__all__ = ["ValidationError"]
