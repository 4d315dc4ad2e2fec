"""The four classification levels, shared by every regime: codes, order and names live in
scoring/vocabulary.py."""

from scoring.vocabulary import HTNV, HTT, HTXS, KHTNV, LEVELS, RANK  # noqa: F401 (re-exported)


def lower(a: str, b: str) -> str:
    """The lower (worse) of two levels."""
    return a if RANK[a] <= RANK[b] else b
