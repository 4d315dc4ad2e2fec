"""The audit log viewer, the append-only audit log, and the HR dashboard (bounded queries)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import delete, event, select, update

from evaluation import _time
from evaluation.extensions import db
from evaluation.models import AuditLog, Decision, DecisionStatus, Level, RoleName
from evaluation.models.audit import AuditLogIsAppendOnly
from evaluation.queries.dashboard import build, normalise
from evaluation.services import reviews as review_service
from evaluation.services.audit import verify_chain

from . import factories


@pytest.fixture(autouse=True)
def _in_window(monkeypatch):
    monkeypatch.setattr(_time, "today", lambda: date(2026, 12, 3))


def test_audit_rows_cannot_be_changed_or_deleted(world):
    row = db.session.scalars(select(AuditLog)).first()
    row.reason = "sửa lén"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    db.session.delete(db.session.scalars(select(AuditLog)).first())
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(update(AuditLog).values(reason="x"))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.execute(delete(AuditLog))
    db.session.rollback()
    assert verify_chain() == []


def test_audit_viewer_filters_and_shows_diffs(client, auth, world):
    auth.login("tccb")
    client.post(
        f"/cycles/{world.cycle.id}/edit",
        data={
            "year": 2026,
            "period_kind": "quarter",
            "self_assessment_deadline": "30/11/2026",
            "review_opens_on": "25/11/2026",
            "review_closes_on": "07/12/2026",
            "classification_deadline": "14/12/2026",
            "quota_base": "htt_or_above",
            "cadre_rules": "qd366",
            "head_cap_scope": "service_unit_head",
        },
    )
    html = client.get("/audit/?entity=cycle&action=update").get_data(as_text=True)
    assert "review_opens_on" in html and "2026-12-01" in html and "2026-11-25" in html
    assert "tccb" in html
    html = client.get("/audit/?entity=staff").get_data(as_text=True)
    assert "review_opens_on" not in html
    html = client.get("/audit/?date_from=01/01/2030").get_data(as_text=True)
    assert "Không có dòng nào." in html
    html = client.get(f"/audit/?entity=cycle&entity_id={world.cycle.id}&user=tccb").get_data(
        as_text=True
    )
    assert "review_opens_on" in html
    # Another agency's rows never appear.
    other = world.other["cycle"].id
    assert other != world.cycle.id
    assert f"cycle #{other}" not in client.get("/audit/?entity=cycle").get_data(as_text=True)


def test_audit_viewer_never_names_a_reviewer(client, auth, world):
    review_service.save_review(
        world.cycle,
        world.staff["clerk"],
        world.staff["colleague"],
        {"strengths": "Cẩn thận", "shortcomings": "", "proposed_level": "HTT"},
    )
    db.session.commit()
    auth.login("admin")
    html = client.get("/audit/?entity=peer_review").get_data(as_text=True)
    assert "Nhật ký góp ý đồng nghiệp" in html and world.units["dept"].name in html
    assert "congchuc" not in html and "Trương Quốc Hưng" not in html
    assert "Cẩn thận" not in html and world.staff["colleague"].full_name not in html
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", html) is None  # the date, not the time
    # Filtering by the reviewer's user name finds no review.
    html = client.get("/audit/?entity=peer_review&user=congchuc").get_data(as_text=True)
    assert "Trương Quốc Hưng" not in html and "<td>congchuc" not in html


def test_normalise_treats_pasted_texts_as_equal():
    assert normalise("Hoàn thành  tốt, nhiệm vụ!") == normalise("hoàn thành tốt nhiệm vụ")
    assert normalise("Hoa\u0300n") == normalise("Hoàn")  # NFD typed text


def _decide(world, staff, level):
    db.session.add(
        Decision(
            cycle_id=world.cycle.id,
            staff_id=staff.id,
            level=Level(level),
            status=DecisionStatus.APPROVED,
        )
    )


def _populate(world, extra: int):
    dept = world.units["dept"]
    people = [world.staff["head"], world.staff["clerk"], world.staff["colleague"]]
    for i in range(extra):
        people.append(factories.make_staff(world.agency, dept, code=f"EX{i:03d}"))
    for person in people:
        _decide(world, person, "HTT")
    for reviewee in people[1:3]:
        review_service.save_review(
            world.cycle,
            people[0],
            reviewee,
            {"strengths": "Hoàn thành tốt nhiệm vụ được giao", "proposed_level": "HTT"},
        )
    db.session.commit()
    return people


def _count_queries(fn):
    seen = []

    def listen(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    return result, len(seen)


def test_dashboard_progress_flags_and_bounded_queries(world):
    _populate(world, 2)
    board, few = _count_queries(lambda: build(world.cycle, world.agency.id, None))
    dept = next(u for u in board.units if u.name == "Phòng Công chức, viên chức")
    assert (dept.staff, dept.decided, dept.approved) == (5, 5, 5)
    assert (dept.reviews_done, dept.reviews_expected) == (2, 20)
    assert dept.bar.counts == {"HTT": 5}
    assert board.groups["cong_chuc"].counts == {"HTT": 5}
    kinds = {f.kind for f in board.flags}
    assert {"all_high", "same_peer"} <= kinds
    same = next(f for f in board.flags if f.kind == "same_peer")
    assert same.detail == ""  # peer texts are not repeated on the dashboard
    assert world.staff["head"].full_name not in same.people  # only the people reviewed

    _populate_more = [factories.make_staff(world.agency, world.units["dept"]) for _ in range(15)]
    for person in _populate_more:
        _decide(world, person, "HTXS")
    db.session.commit()
    board, many = _count_queries(lambda: build(world.cycle, world.agency.id, None))
    assert many == few  # grouped queries: no query per unit or person
    assert few <= 12  # includes the self-assessment facts (annual_facts)


def test_dashboard_for_a_head_shows_only_their_units(client, auth, world):
    auth.login("truongphong")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "Phòng Công chức, viên chức" in html
    assert "Thanh tra Sở" not in html
    auth.logout()
    other = factories.make_user(world.agency, "nhanvien", [(RoleName.STAFF, None)])
    db.session.commit()
    assert other.id
    auth.login("nhanvien")
    assert client.get("/dashboard").status_code == 403


def test_dashboard_flags_gaps_and_pasted_meeting_opinions(client, auth, world, monkeypatch):
    from evaluation.services import assessments
    from evaluation.services import meetings as meeting_service

    clerk, colleague, head = (world.staff[k] for k in ("clerk", "colleague", "head"))
    _decide(world, clerk, "HTNV")
    _decide(world, colleague, "HTT")
    monkeypatch.setattr(
        assessments,
        "annual_facts",
        lambda cycle, ids: {clerk.id: {"self_level": "HTXS"}, colleague.id: {"self_level": "HTT"}},
    )
    rows = [
        {"staff_id": p.id, "present": True, "summary": "Hoàn thành tốt nhiệm vụ!"}
        for p in (clerk, colleague)
    ] + [{"staff_id": head.id, "present": True, "summary": "Điều hành tốt"}]
    meeting_service.save_meeting(
        world.cycle,
        world.units["dept"],
        {"held_on": date(2026, 11, 13), "chair_id": head.id, "secretary_id": clerk.id},
        rows,
    )
    db.session.commit()
    board = build(world.cycle, world.agency.id, None)
    dept = next(u for u in board.units if u.name == "Phòng Công chức, viên chức")
    assert (dept.self_submitted, dept.meeting) == (2, "draft")
    gaps = [f for f in board.flags if f.kind == "gap"]
    assert [(f.people, f.detail) for f in gaps] == [((clerk.full_name,), "HTXS → HTNV")]
    pasted = [f for f in board.flags if f.kind == "same_meeting"]
    assert len(pasted) == 1 and set(pasted[0].people) == {clerk.full_name, colleague.full_name}
    assert pasted[0].detail == "hoàn thành tốt nhiệm vụ"
    assert not [f for f in board.flags if f.kind == "all_high"]  # someone is HTNV
    auth.login("tccb")
    html = client.get("/dashboard").get_data(as_text=True)
    assert "tự xếp loại và mức được quyết định chênh nhau nhiều (HTXS → HTNV)" in html
    assert "cùng một ý kiến trong biên bản cho 2 người" in html
    assert '<svg class="levels-bar"' in html and "style=" not in html
