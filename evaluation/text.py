"""Text normalisation at the boundary: NFC for storage, ASCII folding for search."""

from __future__ import annotations

import re
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


def number(value: object, places: int = 2) -> str:
    """A number the way the user's language writes it: 97,06 in Vietnamese, 97.06 in English
    (outside a request: Vietnamese). Blank for None."""
    if value is None or value == "":
        return ""
    text = f"{float(value):.{places}f}"  # type: ignore[arg-type]
    return text if _language() == "en" else text.replace(".", ",")


def _language() -> str:
    from flask import has_request_context
    from flask_babel import get_locale

    if not has_request_context():
        return "vi"
    locale = get_locale()
    return locale.language if locale else "vi"


def number_text(value: object) -> str:
    """A number kept as written (7.5, 12) with the user's language's decimal mark."""
    text = "" if value is None else str(value)
    return text if _language() == "en" else text.replace(".", ",")


# Vietnamese alphabetical order (with the Latin letters f, j, w, z where Latin puts them); tones
# decide only between words that are otherwise equal, in dictionary order: a à ả ã á ạ.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "â", "\u031b": "ơ"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _letter(base: str, marks: str) -> str:
    for mark in marks:
        if mark in _LETTER_MARKS:
            if mark == "\u0302":
                return {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
            if mark == "\u031b":
                return {"o": "ơ", "u": "ư"}.get(base, base)
            return "ă" if base == "a" else base
    return base


def _collation(value: str | None) -> tuple[list[tuple[int, int]], list[int]]:
    """The two levels of the Vietnamese order: letters (non-letters before them, by code point),
    then tones."""
    primary: list[tuple[int, int]] = []
    tones: list[int] = []
    for cluster in _clusters(unicodedata.normalize("NFD", (value or "").strip().lower())):
        base, marks = cluster[0], cluster[1:]
        letter = _letter(base, marks)
        rank = _ALPHABET.find(letter)
        primary.append((1, rank) if rank >= 0 else (0, ord(base)))
        tones.append(next((_TONES[m] for m in marks if m in _TONES), 0))
    return primary, tones


def vn_sort_key(value: str | None) -> tuple:
    """Sort key for Vietnamese collation (a documented stand-in for ICU's "vi" collation, which
    would need a compiled dependency): "Đinh" after every "D…" and before "E…", "Ư" after "U",
    tones compared last. Digits and other characters sort by code point, before letters."""
    primary, tones = _collation(value)
    return (tuple(primary), tuple(tones), value or "")


def vn_collation_key(value: str | None) -> str:
    """vn_sort_key as a string of digits, for a column the database sorts (Staff.name_sort):
    digits compare one by one in every collation (SQLite's binary one, PostgreSQL's locales),
    so ORDER BY gives the Vietnamese order. Each character is a prefix-free code ("1" + 7-digit
    code point for a non-letter, "2" + 2-digit rank for a letter), then "0" ends the letters
    (a shorter name sorts first) and one digit per character gives its tone."""
    primary, tones = _collation(value)
    letters = "".join(f"2{rank:02d}" if kind else f"1{rank:07d}" for kind, rank in primary)
    return letters + "0" + "".join(str(tone) for tone in tones)


def _clusters(text: str) -> list[str]:
    out: list[str] = []
    for char in text:
        if out and unicodedata.combining(char):
            out[-1] += char
        else:
            out.append(char)
    return out


def by_full_name(person: object) -> tuple:
    """Sort key for people (anything with full_name and id) in Vietnamese order."""
    return vn_sort_key(person.full_name), person.id  # type: ignore[attr-defined]


_CITATION = re.compile(
    r"^(?P<act>.+?), Điều (?P<article>\d+)(?: khoản (?P<clause>\d+))?(?: điểm (?P<point>[a-zđ]))?$"
)
_NUMBERED_ACT = re.compile(r"(Nghị định|Thông tư) (?=\d)")


def legal_citation(article: str) -> str:
    """The engine's short reference ('Nghị định 335/2025/NĐ-CP, Điều 20 khoản 4 điểm c') as an
    official document cites it: 'điểm c khoản 4 Điều 20 Nghị định số 335/2025/NĐ-CP' (Decree 30
    drafting practice). A reference of another shape is returned unchanged."""
    match = _CITATION.match(article.strip())
    if match is None:
        return article
    act = _NUMBERED_ACT.sub(r"\1 số ", match["act"])
    parts = [
        f"điểm {match['point']}" if match["point"] else "",
        f"khoản {match['clause']}" if match["clause"] else "",
        f"Điều {match['article']} {act}",
    ]
    return " ".join(p for p in parts if p)
