"""Organisations of a state administrative agency (Decree 335 Chapter II) on the same record as
Decree 233's units: the departments of a Sở recognised by its director within the quota of his
scope, bottom-up, the Sở itself recognised outside (HR records the chairman's decision), the
verification before the decision, the register, and the head cap fed by the recognised level."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import AuditLog, OutgoingDocument, RoleName, UnitEvaluation
from evaluation.services import ValidationError, engine_input
from evaluation.services import decisions as decisions_service
from evaluation.services import unit_evaluations as service
from tests.concurrency import race

from . import factories

HTXS_FACTS = {
    "score": Decimal("95"),
    "tasks_on_time_quality_pct": Decimal("100"),
    "exceeded_pct": Decimal("40"),
    "tasks_completed_pct": Decimal("100"),
    "behind_schedule_pct": Decimal("0"),
    "plan_completed_pct": Decimal("100"),
    "shortcomings_remedied": True,
    "self_level": "HTXS",
}
FACTS: dict[int, dict] = {}


@pytest.fixture(autouse=True)
def facts(monkeypatch):
    FACTS.clear()

    def fake(cycle, ids):
        return {i: FACTS[i] for i in ids if i in FACTS}

    monkeypatch.setattr(engine_input, "annual_facts", fake)
    monkeypatch.setattr(decisions_service, "annual_facts", fake)
    yield FACTS


def messages(error: ValidationError) -> str:
    return " | ".join(m for _f, m in error.errors)


def _sở(world, departments: int = 5):
    """The Sở's leadership unit with its director (the agency's head, head of every top-level
    unit as in the demo) and `departments` extra departments, each with a head and account."""
    agency = world.agency
    bgd = factories.make_unit(agency, "BGD", "Ban Giám đốc")
    director = factories.make_staff(
        agency, bgd, name="Hoàng Văn Minh", position="unit_head", code="GD0001"
    )
    bgd.head_id = director.id
    agency.head_id = director.id
    agency.superior_post = "Chủ tịch Ủy ban nhân dân tỉnh"
    depts = []
    heads = []
    for i in range(departments):
        unit = factories.make_unit(agency, f"P{i}", f"Phòng chuyên môn {i}")
        head = factories.make_staff(agency, unit, position="unit_head", code=f"TP{i:03d}")
        unit.head_id = head.id
        user = factories.make_user(agency, f"tp{i}", [(RoleName.UNIT_HEAD, unit.id)], head)
        depts.append(unit)
        heads.append(user)
    db.session.flush()
    top = [u for u in world.agency.units if u.parent_id is None and u.id != bgd.id]
    director_user = factories.make_user(
        agency,
        "giamdocso",
        [(RoleName.UNIT_HEAD, bgd.id)] + [(RoleName.UNIT_HEAD, u.id) for u in top],
        director,
    )
    db.session.commit()
    return bgd, director, director_user, depts, heads


def test_departments_are_organisations_under_decree_335(world):
    bgd, _director, director_user, depts, heads = _sở(world)
    assert service.is_evaluated(depts[0]) and service.regime_of(depts[0]) == "administrative"
    assert service.is_agency_unit(bgd) and service.display_name(bgd) == world.agency.name
    # One scope per authority and regime: the director's departments apart from the centre.
    units = service.evaluated_units(world.cycle)
    group = service.authority_group(depts[0], units)
    assert world.units["center"] not in group and world.units["dept"] in group
    assert bgd not in group
    service.self_assess(world.cycle, depts[0], HTXS_FACTS, heads[0])
    results, quotas = service.classify_group(world.cycle, group, units)
    assert results[depts[0].id]["regime"] == "D335"
    assert quotas[0]["article"] == "Nghị định 335/2025/NĐ-CP, Điều 8 khoản 5 điểm a"


def test_quota_at_the_directors_scope(world):
    """Five departments self-assess HTXS: 20 % of 5 rated HTT or above -> one (Art 8.5(a))."""
    _bgd, _director, director_user, depts, heads = _sở(world)
    for unit, head in zip(depts, heads, strict=True):
        service.self_assess(world.cycle, unit, HTXS_FACTS, head)
    first = service.decide_unit(world.cycle, depts[0], "HTXS", "Nổi bật nhất.", director_user)
    assert first.level.value == "HTXS"
    with pytest.raises(ValidationError) as error:
        service.decide_unit(world.cycle, depts[1], "HTXS", "Cũng tốt.", director_user)
    text = messages(error.value)
    assert "Vượt chỉ tiêu" in text and "Nghị định 335/2025/NĐ-CP, Điều 8 khoản 5" in text
    assert service.evaluation_of(world.cycle, depts[1]).level is None
    for unit in depts[1:]:
        service.decide_unit(world.cycle, unit, "HTT", "Ngoài chỉ tiêu.", director_user)
    # A department's head cannot recognise their own department.
    with pytest.raises(ValidationError):
        service.decide_unit(world.cycle, depts[0], "HTT", "x", heads[0])


def test_bottom_up_and_the_sở_recognised_outside(world):
    bgd, director, director_user, depts, heads = _sở(world, departments=1)
    team = factories.make_unit(world.agency, "P0-A", "Tổ nghiệp vụ A", parent=depts[0])
    team_head = factories.make_staff(world.agency, team, position="unit_head", code="TT0A01")
    team.head_id = team_head.id
    team_user = factories.make_user(world.agency, "toa", [(RoleName.UNIT_HEAD, team.id)], team_head)
    db.session.commit()
    htt = dict(HTXS_FACTS, score=Decimal("80"), exceeded_pct=Decimal("0"), self_level="HTT")
    service.self_assess(world.cycle, team, htt, team_user)
    service.self_assess(world.cycle, depts[0], htt, heads[0])
    with pytest.raises(ValidationError) as error:  # Art 9.1: the subordinate first
        service.decide_unit(world.cycle, depts[0], "HTT", "", director_user)
    assert "Nghị định 335/2025/NĐ-CP, Điều 9 khoản 1" in messages(error.value)
    assert "Tổ nghiệp vụ A" in messages(error.value)
    service.decide_unit(world.cycle, team, "HTT", "", heads[0])  # the department's head
    service.decide_unit(world.cycle, depts[0], "HTT", "", director_user)
    # The Sở itself: its director self-assesses; only after every top-level organisation.
    service.self_assess(world.cycle, bgd, htt, director_user)
    hr = world.users["hr"]
    external = {"number": "125/QĐ-UBND", "date": date(2026, 12, 10), "signer": "Nguyễn Văn Phong"}
    with pytest.raises(ValidationError) as error:
        service.decide_unit(world.cycle, bgd, "HTT", "", hr, external=external)
    assert "Phòng Công chức, viên chức" in messages(error.value)
    for key in ("root", "dept", "other_dept", "center", "sub"):
        unit = world.units[key]
        if unit.head_id is None:
            head = factories.make_staff(world.agency, unit, position="unit_head")
            unit.head_id = head.id
            factories.make_user(world.agency, f"h{key}", [(RoleName.UNIT_HEAD, unit.id)], head)
    db.session.commit()
    for key in ("root", "dept", "other_dept"):
        factories.recognise(world, key, by=director_user)
    with pytest.raises(ValidationError) as error:  # the centre (Decree 233) too
        service.decide_unit(world.cycle, bgd, "HTT", "", hr, external=external)
    assert "Trung tâm Lưu trữ lịch sử" in messages(error.value)
    factories.recognise(world, "sub", by=director_user)
    factories.recognise(world, "center", by=director_user)
    # The director cannot recognise his own Sở; HR records the chairman's decision, which is
    # required in full.
    with pytest.raises(ValidationError):
        service.decide_unit(world.cycle, bgd, "HTT", "", director_user, external=external)
    with pytest.raises(ValidationError) as error:
        service.decide_unit(world.cycle, bgd, "HTT", "", hr, external={"number": " "})
    assert {f for f, _m in error.value.errors} >= {
        "external_number",
        "external_date",
        "external_signer",
    }
    ev = service.decide_unit(world.cycle, bgd, "HTT", "", hr, external=external)
    assert (ev.external_number, ev.external_date) == ("125/QĐ-UBND", date(2026, 12, 10))
    # No document of the agency's register for a decision taken outside it.
    decision_ref, _notice = service.recognition_refs(world.cycle, bgd)
    assert service.documents_of(world.cycle, bgd) == []
    assert db.session.scalar(select(func.count()).where(OutgoingDocument.ref == decision_ref)) == 0
    # The director is capped by the Sở's level (Decree 335 Art 20.6).
    FACTS[director.id] = {"score": Decimal("96"), "self_level": "HTXS"}
    note = decisions_service.head_cap_note(world.cycle, director)
    assert "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6" in note


def test_verification_before_the_decision_and_documents_registered(world):
    _bgd, _director, director_user, depts, heads = _sở(world, departments=1)
    service.self_assess(world.cycle, depts[0], HTXS_FACTS, heads[0])
    with pytest.raises(ValidationError):  # the department's head cannot order it
        service.require_verification(world.cycle, depts[0], "Đơn tố cáo", heads[0])
    with pytest.raises(ValidationError) as error:
        service.require_verification(world.cycle, depts[0], "  ", director_user)
    assert error.value.errors[0][0] == "note"
    service.require_verification(
        world.cycle, depts[0], "Đơn phản ánh mất đoàn kết nội bộ ngày 02/12.", director_user
    )
    with pytest.raises(ValidationError) as error:
        service.decide_unit(world.cycle, depts[0], "HTT", "Theo kết quả", director_user)
    assert "Nghị định 335/2025/NĐ-CP, Điều 9 khoản 2 điểm a" in messages(error.value)
    service.conclude_verification(
        world.cycle, depts[0], "Không có căn cứ; nội bộ đoàn kết.", director_user
    )
    ev = service.decide_unit(world.cycle, depts[0], "HTT", "Theo kết quả", director_user)
    actions = db.session.scalars(
        select(AuditLog.action).where(
            AuditLog.entity == "unit_evaluation", AuditLog.entity_id == ev.id
        )
    ).all()
    assert actions == ["self_assess", "require_verification", "conclude_verification", "decide"]
    docs = service.documents_of(world.cycle, depts[0])
    assert [d.doc_type for d in docs] == ["QĐ", "TB"]
    assert all(d.symbol.endswith(world.agency.notice_symbol or world.agency.code) for d in docs)
    assert all(d.signer_name == "Hoàng Văn Minh" for d in docs)


def test_points_per_criterion_are_the_agencys_data(world):
    _bgd, _d, _du, depts, heads = _sở(world, departments=1)
    criteria = [
        {
            "group": "general",
            "name": "Chấp hành chủ trương, pháp luật",
            "max": "15",
            "points": "14",
        },
        {"group": "general", "name": "Quản lý công chức, đoàn kết", "max": "15", "points": "15"},
        {"group": "tasks", "name": "Tỷ lệ hoàn thành kế hoạch", "max": "40", "points": "38"},
        {
            "group": "tasks",
            "name": "Chuyển đổi số, thủ tục hành chính",
            "max": "30",
            "points": "25",
        },
    ]
    data = dict(HTXS_FACTS, score=Decimal("92"), criteria=criteria)
    ev = service.self_assess(world.cycle, depts[0], data, heads[0])
    assert len(ev.criteria) == 4 and ev.score == Decimal("92")
    too_much = [dict(criteria[0], max="35", points="20")] + criteria[2:]
    with pytest.raises(ValidationError) as error:
        service.self_assess(
            world.cycle, depts[0], dict(data, criteria=too_much), heads[0], ev.version
        )
    assert "tối đa 30 điểm" in messages(error.value)
    assert "Nghị định 335/2025/NĐ-CP, Điều 6 và Điều 7" in messages(error.value)
    with pytest.raises(ValidationError) as error:
        service.self_assess(
            world.cycle, depts[0], dict(data, score=Decimal("95")), heads[0], ev.version
        )
    assert error.value.errors[0][0] == "score"


def test_force_majeure_goes_to_the_authority(world):
    _bgd, _d, director_user, depts, heads = _sở(world, departments=1)
    data = dict(
        HTXS_FACTS,
        score=Decimal("80"),
        exceeded_pct=Decimal("0"),
        plan_completed_pct=Decimal("60"),
        force_majeure=True,
        self_level="HTT",
    )
    service.self_assess(world.cycle, depts[0], data, heads[0])
    units = service.evaluated_units(world.cycle)
    results, _q = service.classify_group(
        world.cycle, service.authority_group(depts[0], units), units
    )
    result = results[depts[0].id]
    assert result["needs_decision"] is True
    assert "force_majeure" in [r["code"] for r in result["reasons"]]
    ev = service.decide_unit(world.cycle, depts[0], "HTT", "", director_user)
    assert ev.level.value == "HTT"


def test_head_waits_for_the_department_then_is_capped(world, client, auth):
    head, hr = world.staff["head"], world.users["hr"]
    FACTS[head.id] = {"score": Decimal("95"), "self_level": "HTXS"}
    with pytest.raises(ValidationError) as error:
        decisions_service.decide(world.cycle, head, "HTT", "", hr)
    assert "chưa được xếp loại" in messages(error.value)
    note = decisions_service.head_cap_note(world.cycle, head)
    assert note.startswith("Chờ công nhận mức của tổ chức “Phòng Công chức, viên chức”")
    auth.login("tccb")
    html = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}").get_data(
        as_text=True
    )
    assert "Chờ công nhận mức của tổ chức" in html
    auth.logout()
    factories.recognise(world, "dept", "HTT")
    db.session.commit()
    result = decisions_service.classify_agency(world.cycle).results[head.id]
    assert result["level"] == "HTT"
    cap = next(r for r in result["reasons"] if r["code"] == "head_cap")
    assert cap["article"] == "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6"
    with pytest.raises(ValidationError) as error:
        decisions_service.decide(world.cycle, head, "HTXS", "Xuất sắc", hr)
    assert "Nghị định 335/2025/NĐ-CP, Điều 20 khoản 6" in messages(error.value)
    decisions_service.decide(world.cycle, head, "HTT", "", hr)
    auth.login("tccb")
    html = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}").get_data(
        as_text=True
    )
    assert "được xếp loại “HTT”" in html


@pytest.mark.postgres
def test_parallel_recognitions_never_exceed_the_quota(app, world):
    """Two recognitions of HTXS at the same moment in one director's scope (cap 1): one wins."""
    _bgd, _d, director_user, depts, heads = _sở(world)
    for unit, head in zip(depts, heads, strict=True):
        service.self_assess(world.cycle, unit, HTXS_FACTS, head)
    db.session.commit()
    ids = [depts[0].id, depts[1].id]
    users = [director_user.id, director_user.id]  # two tabs of the director
    cycle_id = world.cycle.id

    def attempt(unit_id: int, user_id: int):
        def recognise(ready) -> None:
            from evaluation.models import Cycle, Unit, User

            cycle, unit = db.session.get(Cycle, cycle_id), db.session.get(Unit, unit_id)
            user = db.session.get(User, user_id)
            ready()
            service.decide_unit(cycle, unit, "HTXS", "Nổi bật.", user)

        return recognise

    outcomes = race(app, [attempt(u, v) for u, v in zip(ids, users, strict=True)])
    assert sorted(outcomes) == ["ok", "refused"]
    db.session.expire_all()
    excellent = db.session.scalar(
        select(func.count(UnitEvaluation.id)).where(UnitEvaluation.level == "HTXS")
    )
    assert excellent == 1


def test_http_department_self_assessment_verification_and_the_sở(client, auth, world):
    bgd, _director, _du, depts, _heads = _sở(world, departments=1)
    cycle = world.cycle
    url = f"/ranking/{cycle.id}/collectives/{depts[0].id}/self"
    auth.login("tp0")
    page = client.get(url).get_data(as_text=True)
    assert "Nghị định 335/2025/NĐ-CP, Điều 6–8" in page
    form = {
        "criteria_general": "Chấp hành | 15 | 14\nĐoàn kết | 15 | 15",
        "criteria_tasks": "Kế hoạch | 40 | 38\nChuyển đổi số | 30 | 25",
        "score": "92",
        "tasks_on_time_quality_pct": "100",
        "exceeded_pct": "40",
        "tasks_completed_pct": "100",
        "behind_schedule_pct": "0",
        "plan_completed_pct": "100",
        "shortcomings_remedied": "y",
        "self_level": "HTXS",
        "version": "0",
    }
    bad = client.post(url, data=dict(form, criteria_tasks="Kế hoạch 40 38"))
    assert bad.status_code == 422
    assert "tên tiêu chí | điểm tối đa | điểm tự chấm" in bad.get_data(as_text=True)
    assert service.evaluation_of(cycle, depts[0]) is None
    assert client.post(url, data=form).status_code == 302
    assert len(service.evaluation_of(cycle, depts[0]).criteria) == 4
    auth.logout()
    auth.login("giamdocso")
    board = client.get(f"/ranking/{cycle.id}/collectives").get_data(as_text=True)
    assert "Phòng chuyên môn 0" in board and "Điểm theo tiêu chí" in board
    verify = f"/ranking/{cycle.id}/collectives/{depts[0].id}/verify"
    p = f"v{depts[0].id}-"
    client.post(verify, data={"step": "require", p + "text": "Đơn phản ánh ngày 01/12."})
    assert service.evaluation_of(cycle, depts[0]).verification_required
    decide = f"/ranking/{cycle.id}/collectives/{depts[0].id}/decide"
    u = f"u{depts[0].id}-"
    refused = client.post(decide, data={u + "level": "HTT", u + "reason": "x", u + "version": "2"})
    assert refused.status_code == 422
    assert "kiểm tra, xác minh trước khi quyết định" in refused.get_data(as_text=True)
    client.post(verify, data={"step": "conclude", p + "text": "Không có căn cứ."})
    ok = client.post(
        decide, data={u + "level": "HTT", u + "reason": "Sau xác minh", u + "version": "3"}
    )
    assert ok.status_code == 302
    board = client.get(f"/ranking/{cycle.id}/collectives").get_data(as_text=True)
    assert "Kết luận: Không có căn cứ." in board and "/QĐ-" in board
    auth.logout()
    # The Sở: HR sees the outside decision's fields, and only for the Sở.
    auth.login("tccb")
    board = client.get(f"/ranking/{cycle.id}/collectives").get_data(as_text=True)
    assert world.agency.name in board
    assert "Cơ quan (cấp có thẩm quyền bên ngoài công nhận)" in board


def test_hostile_text_is_escaped(client, auth, world):
    """Criterion names and the outside decision's number and signer are shown escaped."""
    bgd, _director, director_user, depts, heads = _sở(world, departments=1)
    payload = '"><img src=x onerror=alert(1)>'
    auth.login("tp0")
    url = f"/ranking/{world.cycle.id}/collectives/{depts[0].id}/self"
    form = {
        "criteria_general": f"{payload} | 30 | 25",
        "criteria_tasks": "=HYPERLINK(1) | 70 | 60",
        "score": "85",
        "tasks_on_time_quality_pct": "100",
        "exceeded_pct": "0",
        "tasks_completed_pct": "100",
        "behind_schedule_pct": "0",
        "plan_completed_pct": "100",
        "shortcomings_remedied": "y",
        "self_level": "HTT",
        "version": "0",
    }
    assert client.post(url, data=form).status_code == 302
    auth.logout()
    auth.login("giamdocso")
    html = client.get(f"/ranking/{world.cycle.id}/collectives").get_data(as_text=True)
    assert payload not in html and "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    service.decide_unit(world.cycle, depts[0], "HTT", "", director_user)
    for key in ("root", "dept", "other_dept", "sub", "center"):
        unit = world.units[key]
        if unit.head_id is None:
            head = factories.make_staff(world.agency, unit, position="unit_head")
            unit.head_id = head.id
            factories.make_user(world.agency, f"h{key}", [(RoleName.UNIT_HEAD, unit.id)], head)
    db.session.commit()
    for key in ("root", "dept", "other_dept", "sub", "center"):
        factories.recognise(world, key, by=director_user)
    htt = dict(HTXS_FACTS, score=Decimal("80"), exceeded_pct=Decimal("0"), self_level="HTT")
    service.self_assess(world.cycle, bgd, htt, director_user)
    external = {"number": payload, "date": date(2026, 12, 10), "signer": "<script>x</script>"}
    service.decide_unit(world.cycle, bgd, "HTT", "", world.users["hr"], external=external)
    db.session.commit()
    auth.logout()
    auth.login("tccb")
    html = client.get(f"/ranking/{world.cycle.id}/collectives").get_data(as_text=True)
    assert payload not in html and "<script>x</script>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert f'id="u{bgd.id}-external_number"' in html  # HR's form for the Sở's row
