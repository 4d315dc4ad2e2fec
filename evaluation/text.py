"""Text normalisation at the boundary: NFC for storage, ASCII folding for search."""

from __future__ import annotations

import unicodedata


def nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def fold(value: str | None) -> str:
    """'Nguyễn Thị Ánh' → 'nguyen thi anh' (đ has no decomposition, so it is mapped by hand)."""
    text = unicodedata.normalize("NFD", value or "").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()


def N_(message: str) -> str:
    """Mark a Vietnamese msgid for extraction (babel's default `N_` keyword) without translating
    it yet: module-level constants are built before any request knows the user's language."""
    return message


def ui_text(message: str, **variables: object) -> str:
    """The message in the user's language inside a request; the Vietnamese msgid outside one
    (commands, background jobs, official documents), where no locale can be selected."""
    from flask import has_request_context
    from flask_babel import gettext

    if has_request_context():
        return gettext(message, **variables)
    return message % variables if variables else message
