"""Text normalisation at the boundary: NFC for storage, ASCII folding for search."""

from __future__ import annotations

import unicodedata


def nfc(value: str | None) -> str:
    return unicodedata.normalize("NFC", (value or "").strip())


def fold(value: str | None) -> str:
    """'Nguyễn Thị Ánh' → 'nguyen thi anh' (đ has no decomposition, so it is mapped by hand)."""
    text = unicodedata.normalize("NFD", value or "").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in text if not unicodedata.combining(c)).lower().strip()
