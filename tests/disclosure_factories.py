"""Decisions and publications for the disclosure tests (the decisions branch owns Decision
writes; these insert rows directly, as that branch's service would leave them)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from evaluation._time import today
from evaluation.extensions import db
from evaluation.models import Decision, DecisionStatus, Level, Publication
from evaluation.services import disclosure

LEVEL_BY_CODE = {"HEAD01": "HTXS", "CC0001": "HTT", "CC0002": "HTNV", "VC0001": "HTT"}


def decide_all(world, *, approved: bool = True, on: date | None = None) -> dict[str, Decision]:
    """One current decision per staff member of the world's agency."""
    on = on or today() - timedelta(days=2)
    decided_at = datetime(on.year, on.month, on.day, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam
    found: dict[str, Decision] = {}
    for key, staff in world.staff.items():
        # Another rule's args may have decided someone already (one decision per person and
        # cycle): keep that one.
        existing = db.session.scalars(
            select(Decision).where(
                Decision.cycle_id == world.cycle.id, Decision.staff_id == staff.id
            )
        ).first()
        if existing is not None:
            found[key] = existing
            continue
        decision = Decision(
            cycle_id=world.cycle.id,
            staff_id=staff.id,
            regime="D335" if staff.group.value != "vien_chuc" else "D233",
            level=Level(LEVEL_BY_CODE.get(staff.code, "HTT")),
            proposed_level=Level(LEVEL_BY_CODE.get(staff.code, "HTT")),
            eligible_level=Level.HTXS,
            score=91.5,
            engine_reasons=[{"code": "score", "message": "Điểm bình quân 91,50"}],
            reason="Lý do riêng của người quyết định",
            decided_by_id=world.users["hr"].id,
            decided_at=decided_at,
            status=DecisionStatus.APPROVED if approved else DecisionStatus.DECIDED,
        )
        db.session.add(decision)
        found[key] = decision
    db.session.flush()
    return found


def publish(world, *, unit=None, published_on: date | None = None, decided_on=None, decisions=None):
    decisions = decisions or decide_all(world)
    decided_on = decided_on or today() - timedelta(days=2)
    publication, _warning = disclosure.publish(
        world.cycle,
        {
            "unit_id": unit.id if unit else None,
            "decided_on": decided_on,
            "published_on": published_on or today(),
            "method": "intranet",
            "notice_number": 7,
            "notice_date": today(),
            "signer_authority": "KT. GIÁM ĐỐC",
            "signer_post": "PHÓ GIÁM ĐỐC",
            "signer_name": "Đỗ Ngọc Hân",
        },
        world.users["hr"],
    )
    db.session.commit()
    return publication, decisions


def published(world) -> Publication:
    """Idempotent for route-matrix args: one live publication of the whole agency."""
    cached = getattr(world, "_publication", None)
    if cached is None:
        cached, _decisions = publish(world)
        world._publication = cached
    return cached
