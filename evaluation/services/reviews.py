"""Peer reviews and unit meetings (issue 5 fills this module in).

Seam used by the ranking screen: peer_tallies()."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Cycle


@dataclass(frozen=True)
class PeerTally:
    """What the person reviewed and the head may see: never who wrote what."""

    reviewers: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # level code -> number of proposals
    comments: tuple[str, ...] | None = None  # None when fewer than 3 colleagues reviewed


def peer_tallies(cycle: Cycle, staff_ids: list[int]) -> dict[int, PeerTally]:
    return {}
