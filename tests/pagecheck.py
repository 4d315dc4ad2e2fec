"""A page checker for the test client (the way GOV.UK Notify's admin tests check every page they
render): one h1, no duplicate ids, every input labelled, no English on a Vietnamese page, no
internal code (regime or option codes, field names) in what a person reads. An element marked
`data-raw` (the audit log's recorded field names and values: its evidence) is not read.

`problems(html)` returns the list of what is wrong; tests/conftest.py's client runs it on every
HTML page when `client.check_pages` is on (the route matrix switches it on)."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# English words that are not Vietnamese syllables ("in", "to", "do", "an" are: left out).
ENGLISH = {
    "the", "this", "that", "field", "required", "valid", "invalid", "must", "choice", "number",
    "between", "please", "error", "submit", "save", "cancel", "method", "used", "staff", "value",
    "not", "and", "with", "for", "from", "your", "you", "is", "are", "of", "be", "or", "has",
    "have", "was", "were", "will", "can", "cannot", "date", "score", "level", "unit", "page",
    "form", "token", "missing", "expired", "none", "true", "false", "null", "undefined",
}  # fmt: skip
# Words a Vietnamese page may show in Latin script: the language switch, product names.
ALLOWED = {"English", "Excel", "PDF", "Word", "CSRF"}
# Internal codes: option codes and field names are snake_case; regimes are D335, D233, QD366...
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
REGIME = re.compile(r"\b(?:QD|D)\d{2,3}\b")
# The repository's own documents ("rules.md §7.3") are for engineers, not for the reader.
DOC_REF = re.compile(r"\b[\w-]+\.md\b")
LABELLED_BY_SELF = ("aria-label", "aria-labelledby", "title")
UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}
SKIP_TEXT = {"script", "style", "template"}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.h1 = 0
        self.ids: Counter[str] = Counter()
        self.label_for: set[str] = set()
        self.inputs: list[tuple[str, dict[str, str | None]]] = []
        self.open_labels = 0
        self.skip = 0
        self.skipping: list[str] = []  # open elements whose text is not read
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids[a["id"]] += 1
        if tag == "h1":
            self.h1 += 1
        elif tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            kind = (a.get("type") or "text").lower() if tag == "input" else tag
            if kind not in UNLABELLED_TYPES:
                self.inputs.append((tag, {**a, "_in_label": "1" if self.open_labels else None}))
            if tag == "input" and kind in ("submit", "button") and a.get("value"):
                self.text.append(a["value"])
        if tag in SKIP_TEXT or "data-raw" in a:
            self.skip += 1
            self.skipping.append(tag)
        for name in ("placeholder", "title", "aria-label"):
            if a.get(name):
                self.text.append(a[name])

    def handle_endtag(self, tag):
        if tag == "label" and self.open_labels:
            self.open_labels -= 1
        elif self.skipping and tag == self.skipping[-1]:
            self.skipping.pop()
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.text.append(data)


def problems(html: str, lang: str = "vi") -> list[str]:
    page = _Page()
    page.feed(html)
    found: list[str] = []
    if page.h1 != 1:
        found.append(f"{page.h1} h1 elements (want exactly one)")
    found += [f"duplicate id {i!r} ({n}×)" for i, n in page.ids.items() if n > 1]
    for tag, a in page.inputs:
        labelled = (
            a.get("_in_label")
            or (a.get("id") and a["id"] in page.label_for)
            or any(a.get(k) for k in LABELLED_BY_SELF)
        )
        if not labelled:
            found.append(f"<{tag} name={a.get('name')!r}> has no label")
    text = " ".join(page.text)
    codes = set(SNAKE.findall(text)) | set(REGIME.findall(text)) | set(DOC_REF.findall(text))
    for code in sorted(codes):
        found.append(f"internal code on the page: {code!r}")
    if lang == "vi":
        words = set(re.findall(r"\b[A-Za-z]+\b", text)) - ALLOWED
        english = sorted(w for w in words if w.lower() in ENGLISH)
        if english:
            found.append(f"English on a Vietnamese page: {english}")
    return found
