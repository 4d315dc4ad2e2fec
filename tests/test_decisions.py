"""The head's ranking: engine over the agency, decisions, approval, quota, versions,
re-classification, the units' own evaluation and the results export."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import AuditLog, Decision, RoleName, UnitApproval, UnitEvaluation
from evaluation.services import ValidationError, engine_input
from evaluation.services import decisions as service
from evaluation.services import unit_evaluations as units_service

from . import factories
from .concurrency import race

FACTS: dict[int, dict] = {}


@pytest.fixture(autouse=True)
def facts(monkeypatch):
    """annual_facts() is another engineer's seam (returns {} until merged): stand in for it."""
    FACTS.clear()

    def fake(cycle, ids):
        return {i: FACTS[i] for i in ids if i in FACTS}

    monkeypatch.setattr(engine_input, "annual_facts", fake)
    monkeypatch.setattr(service, "annual_facts", fake)
    import evaluation.queries.results as qr

    monkeypatch.setattr(qr, "annual_facts", fake)
    yield FACTS


def score(staff, value, self_level="HTT"):
    FACTS[staff.id] = {"score": Decimal(str(value)), "self_level": self_level}


def decisions_count() -> int:
    return db.session.scalar(select(func.count(Decision.id)))


def messages(error: ValidationError) -> str:
    return " | ".join(m for _f, m in error.errors)


# --- the engine over the agency ------------------------------------------------------------


def test_missing_facts_exclude_the_person_not_the_batch(world):
    score(world.staff["clerk"], 92)
    result = service.classify_agency(world.cycle)
    clerk, colleague = world.staff["clerk"].id, world.staff["colleague"].id
    assert result.results[clerk]["eligible_level"] == "HTXS"
    assert colleague in result.excluded
    assert any("điểm" in m for m in result.excluded[colleague])
    assert result.needs_level(colleague)


def test_board_without_any_assessment_renders_the_missing_state(client, auth, world):
    auth.login("truongphong")
    response = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Chưa tự đánh giá" in html
    assert "Chưa đủ dữ liệu để đề xuất" in html
    assert "Trương Quốc Hưng" in html
    assert "Chỉ tiêu “Hoàn thành xuất sắc nhiệm vụ”" in html


def test_board_shows_proposal_reasons_and_quota(client, auth, world):
    score(world.staff["clerk"], 95, "HTXS")
    score(world.staff["colleague"], 80)
    auth.login("truongphong")
    html = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}").get_data(
        as_text=True
    )
    assert "Nghị định 335/2025/NĐ-CP" in html
    assert "Hoàn thành tốt nhiệm vụ" in html
    assert "Toàn cơ quan" in html


# --- deciding -------------------------------------------------------------------------------


def test_decide_as_proposed_then_override_needs_a_reason(world):
    head = world.users["unit_head"]
    clerk = world.staff["clerk"]
    score(clerk, 80)
    first = service.decide(world.cycle, clerk, "HTT", "", head)
    assert (first.level.value, first.proposed_level.value, first.version) == ("HTT", "HTT", 1)
    with pytest.raises(ValidationError) as error:
        service.decide(world.cycle, clerk, "HTNV", "", head)
    assert error.value.errors[0][0] == "reason"
    assert "lý do" in messages(error.value)
    second = service.decide(world.cycle, clerk, "HTNV", "Chậm tiến độ nhiều việc.", head)
    assert second.replaces_id == first.id and second.version == 2 and not first.current
    assert decisions_count() == 2
    actions = db.session.scalars(select(AuditLog.action).where(AuditLog.entity == "decision"))
    assert list(actions) == ["decide", "decide"]


def test_cannot_decide_above_what_the_facts_allow(world):
    score(world.staff["clerk"], 75)
    with pytest.raises(ValidationError) as error:
        service.decide(
            world.cycle, world.staff["clerk"], "HTXS", "Rất tốt", world.users["unit_head"]
        )
    assert "cao hơn mức người này đủ điều kiện" in messages(error.value)
    assert decisions_count() == 0


def test_missing_facts_can_be_decided_with_a_written_basis(world):
    head = world.users["unit_head"]
    with pytest.raises(ValidationError) as error:
        service.decide(world.cycle, world.staff["clerk"], "HTT", "", head)
    assert "Chưa có mức đề xuất" in messages(error.value)
    decision = service.decide(
        world.cycle, world.staff["clerk"], "HTT", "Theo biên bản họp đơn vị.", head
    )
    assert decision.proposed_level is None and decision.needs_decision


def test_head_outside_unit_and_for_self_is_refused(world):
    head = world.users["unit_head"]
    for person in (world.staff["outsider"], world.staff["head"]):
        score(person, 80)
        with pytest.raises(ValidationError) as error:
            service.decide(world.cycle, person, "HTT", "", head)
        assert "không có thẩm quyền" in messages(error.value)
    assert decisions_count() == 0


def test_hr_records_where_no_head_of_the_agency_decides(world):
    hr = world.users["hr"]
    score(world.staff["party"], 80)  # root unit: nobody heads it
    assert service.decide(world.cycle, world.staff["party"], "HTT", "", hr).level.value == "HTT"
    score(world.staff["clerk"], 80)  # the clerk's head decides, not HR
    with pytest.raises(ValidationError):
        service.decide(world.cycle, world.staff["clerk"], "HTT", "", hr)


def test_stale_version_is_refused(world):
    head = world.users["unit_head"]
    clerk = world.staff["clerk"]
    score(clerk, 80)
    service.decide(world.cycle, clerk, "HTT", "", head, expected_version=0)
    with pytest.raises(ValidationError) as error:
        service.decide(world.cycle, clerk, "HTNV", "Lý do khác", head, expected_version=0)
    assert error.value.errors[0][0] == "version"
    assert decisions_count() == 1


def test_http_override_without_reason_keeps_input_and_changes_nothing(client, auth, world):
    score(world.staff["clerk"], 80)
    auth.login("truongphong")
    clerk = world.staff["clerk"]
    p = f"p{clerk.id}-"
    response = client.post(
        f"/ranking/{world.cycle.id}/staff/{clerk.id}/decide",
        data={p + "level": "HTNV", p + "reason": "", p + "version": "0"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Mức quyết định khác mức đề xuất: hãy ghi rõ lý do." in html
    assert 'value="HTNV" selected' in html or 'selected value="HTNV"' in html
    assert decisions_count() == 0


def test_http_stale_form_keeps_typed_reason(client, auth, world):
    score(world.staff["clerk"], 80)
    clerk = world.staff["clerk"]
    service.decide(world.cycle, clerk, "HTT", "", world.users["unit_head"])
    db.session.commit()
    auth.login("truongphong")
    p = f"p{clerk.id}-"
    response = client.post(
        f"/ranking/{world.cycle.id}/staff/{clerk.id}/decide",
        data={p + "level": "HTNV", p + "reason": "Lý do tôi đã gõ <b>", p + "version": "0"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Người khác vừa thay đổi quyết định" in html
    assert "Lý do tôi đã gõ &lt;b&gt;" in html
    assert decisions_count() == 1


def test_http_decide_outside_unit_is_403(client, auth, world):
    auth.login("truongphong")
    outsider = world.staff["outsider"]
    response = client.post(
        f"/ranking/{world.cycle.id}/staff/{outsider.id}/decide",
        data={f"p{outsider.id}-level": "HTT", f"p{outsider.id}-reason": "x"},
    )
    assert response.status_code == 403
    assert decisions_count() == 0


# --- approval and re-classification ------------------------------------------------------------


def _decide_dept(world, level_for_head="HTT"):
    for key in ("head", "clerk", "colleague"):
        score(world.staff[key], 80)
    factories.recognise(world)  # the head's level waits for the department's (D335 Art 20.6)
    # The head's own level comes from above: here HR records it (no agency head in the world).
    service.decide(world.cycle, world.staff["head"], level_for_head, "", world.users["hr"])
    service.decide(world.cycle, world.staff["clerk"], "HTT", "", world.users["unit_head"])


def test_approve_refuses_undecided_then_locks(world):
    head = world.users["unit_head"]
    dept = world.units["dept"]
    _decide_dept(world)
    with pytest.raises(ValidationError) as error:
        service.approve_unit(world.cycle, dept, head)
    assert "Đặng Thùy Dương" in messages(error.value)
    assert db.session.scalar(select(func.count(UnitApproval.id))) == 0
    service.decide(world.cycle, world.staff["colleague"], "HTNV", "Chưa đạt tiến độ.", head)
    service.approve_unit(world.cycle, dept, head)
    assert all(
        d.approved for d in service.current_decisions(world.cycle).values() if d.unit_id == dept.id
    )
    with pytest.raises(ValidationError) as error:
        service.decide(world.cycle, world.staff["clerk"], "HTNV", "Đổi ý", head)
    assert "xếp loại lại" in messages(error.value)


def test_reclassify_replaces_the_approved_decision(world):
    head = world.users["unit_head"]
    _decide_dept(world)
    service.decide(world.cycle, world.staff["colleague"], "HTT", "", head)
    service.approve_unit(world.cycle, world.units["dept"], head)
    old = service.current_decisions(world.cycle)[world.staff["clerk"].id]
    with pytest.raises(ValidationError) as error:
        service.reclassify(old, "HTNV", "", head)
    assert "lý do" in messages(error.value)
    new = service.reclassify(old, "HTNV", "Phát hiện kê khai không trung thực.", head)
    assert new.replaces_id == old.id and new.approved and new.current and not old.current
    assert new.version == old.version + 1
    assert [d.id for d in service.history(new)] == [new.id, old.id]
    with pytest.raises(ValidationError):  # the old one is no longer current
        service.reclassify(old, "HTT", "lần nữa", head)


def test_http_reclassify_page(client, auth, world):
    head = world.users["unit_head"]
    _decide_dept(world)
    service.decide(world.cycle, world.staff["colleague"], "HTT", "", head)
    service.approve_unit(world.cycle, world.units["dept"], head)
    db.session.commit()
    old = service.current_decisions(world.cycle)[world.staff["clerk"].id]
    auth.login("truongphong")
    url = f"/ranking/decisions/{old.id}/reclassify"
    assert "Lịch sử quyết định" in client.get(url).get_data(as_text=True)
    response = client.post(url, data={"level": "HTNV", "reason": "", "version": str(old.version)})
    assert response.status_code == 422
    assert "Xếp loại lại phải ghi rõ lý do." in response.get_data(as_text=True)
    response = client.post(
        url, data={"level": "HTNV", "reason": "Kết luận thanh tra", "version": str(old.version)}
    )
    assert response.status_code == 302
    assert service.current_decisions(world.cycle)[world.staff["clerk"].id].level.value == "HTNV"


# --- quota ----------------------------------------------------------------------------------


def _excellent_team(world, n=5):
    """n people of dept's task group scoring 95: base n, cap floor(20% × n)."""
    people = [world.staff["clerk"], world.staff["colleague"]]
    for i in range(n - 2):
        people.append(factories.make_staff(world.agency, world.units["dept"], code=f"XS{i:03d}"))
    db.session.commit()
    for person in people:
        score(person, 95, "HTXS")
    # Everyone else of the agency has data below HTT: nobody is counted at the expected level.
    for other in world.staff.values():
        if other.agency_id == world.agency.id and other not in people:
            score(other, 60, "HTNV")
    return people


def test_quota_refuses_the_excellent_above_the_cap(world):
    people = _excellent_team(world)  # base 5 in the task group -> cap 1
    head = world.users["unit_head"]
    # Five tied at 95 for one place: the engine flags a tie and lets the head choose.
    service.decide(world.cycle, people[0], "HTXS", "Chọn theo thành tích nổi bật.", head)
    with pytest.raises(ValidationError) as error:
        service.decide(world.cycle, people[1], "HTXS", "Xứng đáng", head)
    assert "Vượt chỉ tiêu" in messages(error.value)
    assert (
        sum(1 for d in service.current_decisions(world.cycle).values() if d.level.value == "HTXS")
        == 1
    )


def test_quota_meter_shows_both_readings(world):
    _excellent_team(world, 10)
    meters = service.quota_meters(world.cycle, service.classify_agency(world.cycle), {"Chuyên môn"})
    # 2026: the công chức are counted apart (Decree 335 Art 20.5(a)).
    group = next(m for m in meters if m.scope == "cong_chuc/task_group:Chuyên môn")
    # Ten tied at 95 straddle the cut line: the engine selects nobody and flags them all.
    assert (group.base, group.cap_b, group.cap_l, group.candidates, group.selected) == (
        10,
        2,
        1,
        10,
        0,
    )
    assert group.pending == 0
    assert group.decided == 0 and group.cap == 2


def _decide_htxs(cycle_id: int, staff_id: int, user_id: int):
    """One head's request deciding HTXS for one person (for concurrency.race)."""

    def attempt(ready) -> None:
        from evaluation.models import Cycle, Staff, User

        cycle, staff = db.session.get(Cycle, cycle_id), db.session.get(Staff, staff_id)
        user = db.session.get(User, user_id)
        ready()
        service.decide(cycle, staff, "HTXS", "Chọn trong chỉ tiêu.", user)

    return attempt


@pytest.mark.postgres
def test_concurrent_excellent_decisions_never_exceed_the_cap(app, world, facts):
    dept_people = _excellent_team(world, 5)  # dept task group "Chuyên môn": cap 1
    # A second head: HR decides the root unit's people (no head there), same task group.
    root_person = factories.make_staff(world.agency, world.units["root"], code="ROOT01")
    db.session.commit()
    score(root_person, 95, "HTXS")
    # Base: 6 people scoring 95 in one task group -> cap floor(20% × 6) = 1; agency base 6 -> 1.
    outcomes = race(
        app,
        [
            _decide_htxs(world.cycle.id, dept_people[0].id, world.users["unit_head"].id),
            _decide_htxs(world.cycle.id, root_person.id, world.users["hr"].id),
        ],
    )
    assert sorted(outcomes) == ["ok", "refused"]
    db.session.expire_all()
    excellent = db.session.scalar(
        select(func.count(Decision.id)).where(Decision.current.is_(True), Decision.level == "HTXS")
    )
    assert excellent == 1


# --- units (collectives) -------------------------------------------------------------------


UNIT_FACTS = {
    "score": Decimal("92"),
    "tasks_on_time_quality_pct": Decimal("100"),
    "exceeded_pct": Decimal("40"),
    "tasks_completed_pct": Decimal("100"),
    "behind_schedule_pct": Decimal("0"),
    "plan_completed_pct": Decimal("100"),
    "shortcomings_remedied": True,
    "self_level": "HTXS",
}


def _unit_heads(world):
    """A head for the centre and one for its constituent unit, with their accounts."""
    center, sub = world.units["center"], world.units["sub"]
    boss = factories.make_staff(
        world.agency, center, name="Bùi Xuân Trường", group="vien_chuc", position="unit_head"
    )
    center.head_id = boss.id
    boss_user = factories.make_user(
        world.agency, "giamdoctt", [(RoleName.UNIT_HEAD, center.id)], boss
    )
    sub_head = factories.make_staff(
        world.agency, sub, name="Đỗ Ngọc Hân", group="vien_chuc", position="manager"
    )  # a constituent unit's head is a manager for the engine (scoring-api: head_cap_scope)
    sub.head_id = sub_head.id
    sub_user = factories.make_user(
        world.agency, "truongbq", [(RoleName.UNIT_HEAD, sub.id)], sub_head
    )
    db.session.commit()
    return boss, boss_user, sub_head, sub_user


def test_units_constituent_before_parent_and_people_after_unit(world):
    boss, boss_user, sub_head, sub_user = _unit_heads(world)
    center, sub = world.units["center"], world.units["sub"]
    hr = world.users["hr"]
    with pytest.raises(ValidationError):  # only the unit's own head self-assesses
        units_service.self_assess(world.cycle, sub, UNIT_FACTS, boss_user)
    units_service.self_assess(world.cycle, sub, UNIT_FACTS, sub_user)
    units_service.self_assess(world.cycle, center, UNIT_FACTS, boss_user)
    with pytest.raises(ValidationError) as error:  # the parent waits for its constituents
        units_service.decide_unit(world.cycle, center, "HTXS", "", hr)
    assert "tổ chức cấp dưới trước tổ chức cấp trên" in messages(error.value)
    with pytest.raises(ValidationError):  # the constituent's head cannot decide their own unit
        units_service.decide_unit(world.cycle, sub, "HTXS", "", sub_user)
    # The employee of the constituent unit: approval waits for the unit's level.
    employee = world.staff["employee"]
    score(employee, 85)
    score(sub_head, 85)
    service.decide(world.cycle, employee, "HTT", "", boss_user)
    service.decide(world.cycle, sub_head, "HTT", "", boss_user)
    with pytest.raises(ValidationError) as error:
        service.approve_unit(world.cycle, sub, boss_user)
    assert "chưa được xếp loại" in messages(error.value)
    decided = units_service.decide_unit(world.cycle, sub, "HTXS", "", boss_user)
    assert decided.level.value == "HTXS" and decided.proposed_level.value == "HTXS"
    units_service.decide_unit(world.cycle, center, "HTT", "Giữ mức tốt", hr)
    service.approve_unit(world.cycle, sub, boss_user)
    # The centre's head is capped by the centre's level (Decree 233 Art 12.7).
    score(boss, 95, "HTXS")
    with pytest.raises(ValidationError) as error:
        service.decide(world.cycle, boss, "HTXS", "Xuất sắc", hr)
    assert "không được cao hơn mức của đơn vị" in messages(error.value) or "cao hơn" in messages(
        error.value
    )
    assert db.session.scalar(select(func.count(UnitEvaluation.id))) == 2


def test_http_collectives_pages(client, auth, world):
    _boss, _boss_user, _sub_head, _sub_user = _unit_heads(world)
    auth.login("truongbq")
    sub = world.units["sub"]
    url = f"/ranking/{world.cycle.id}/collectives/{sub.id}/self"
    response = client.post(
        url, data={**{k: str(v) for k, v in UNIT_FACTS.items()}, "score": "120", "version": "0"}
    )
    assert response.status_code == 422
    assert "0–100" in response.get_data(as_text=True)
    data = {k: ("y" if v is True else str(v)) for k, v in UNIT_FACTS.items()}
    response = client.post(url, data={**data, "version": "0"})
    assert response.status_code == 302
    auth.logout()
    auth.login("giamdoctt")
    html = client.get(f"/ranking/{world.cycle.id}/collectives").get_data(as_text=True)
    assert "Phòng Bảo quản" in html and "Hoàn thành xuất sắc nhiệm vụ" in html
    p = f"u{sub.id}-"
    response = client.post(
        f"/ranking/{world.cycle.id}/collectives/{sub.id}/decide",
        data={p + "level": "HTNV", p + "reason": "", p + "version": "1"},
    )
    assert response.status_code == 422
    assert "hãy ghi rõ lý do" in response.get_data(as_text=True)


# --- export ---------------------------------------------------------------------------------


def test_export_results_command(runner, world, tmp_path):
    score(world.staff["clerk"], 80)
    service.decide(world.cycle, world.staff["clerk"], "HTT", "", world.users["unit_head"])
    db.session.commit()
    target = tmp_path / "kq.xlsx"
    result = runner.invoke(
        args=["export", "results", "--year", "2026", "-o", str(target), "--agency", "SNV"]
    )
    assert result.exit_code == 0, result.output
    workbook = load_workbook(io.BytesIO(target.read_bytes()), read_only=True)
    rows = [r for name in workbook.sheetnames for r in workbook[name].iter_rows(values_only=True)]
    clerk_rows = [r for r in rows if "CC0001" in r]
    assert clerk_rows and "Hoàn thành tốt nhiệm vụ" in clerk_rows[0]  # labels, not codes


def test_export_without_cycle_fails_clearly(runner, world, tmp_path):
    result = runner.invoke(
        args=["export", "results", "--year", "2019", "-o", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code != 0
    assert "Không có kỳ đánh giá năm 2019." in result.output


def test_export_with_two_agencies_asks_which(runner, world, tmp_path):
    result = runner.invoke(
        args=["export", "results", "--year", "2026", "-o", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code != 0
    assert "--agency" in result.output


def test_home_reminds_the_head_of_unapproved_units(client, auth, world):
    auth.login("truongphong")
    html = client.get("/").get_data(as_text=True)
    assert "1 đơn vị chưa phê duyệt kết quả xếp loại năm 2026." in html
    auth.logout()
    auth.login("congchuc")
    assert "chưa phê duyệt kết quả xếp loại" not in client.get("/").get_data(as_text=True)


def test_approval_beyond_the_quota_is_refused(world):
    """An HTXS within the cap becomes over the cap when others are rated lower: the base is
    the number rated HTT or above (docs/rules/rules.md §4.2), so approval re-counts everything."""
    people = _excellent_team(world)  # base 5 -> cap 1
    head, hr = world.users["unit_head"], world.users["hr"]
    service.decide(world.cycle, people[0], "HTXS", "Nổi bật nhất.", head)
    for person in people[1:3]:
        service.decide(world.cycle, person, "HTNV", "Chậm tiến độ.", head)  # base drops to 3
    for person in people[3:]:
        service.decide(world.cycle, person, "HTT", "Trong chỉ tiêu đã hết.", head)
    score(world.staff["head"], 80)
    factories.recognise(world)
    service.decide(world.cycle, world.staff["head"], "HTT", "", hr)
    with pytest.raises(ValidationError) as error:
        service.approve_unit(world.cycle, world.units["dept"], head)
    assert "Vượt chỉ tiêu" in messages(error.value)
    assert db.session.scalar(select(func.count(UnitApproval.id))) == 0
    assert not any(d.approved for d in service.current_decisions(world.cycle).values())


def test_http_decide_after_approval_shows_why(client, auth, world):
    head = world.users["unit_head"]
    _decide_dept(world)
    service.decide(world.cycle, world.staff["colleague"], "HTT", "", head)
    service.approve_unit(world.cycle, world.units["dept"], head)
    db.session.commit()
    clerk = world.staff["clerk"]
    auth.login("truongphong")
    p = f"p{clerk.id}-"
    response = client.post(
        f"/ranking/{world.cycle.id}/staff/{clerk.id}/decide",
        data={p + "level": "HTNV", p + "reason": "Đổi ý", p + "version": "1"},
    )
    assert response.status_code == 422
    assert "quyết định xếp loại lại" in response.get_data(as_text=True)


def test_unit_quota_with_fewer_than_five_units(world):
    """Decree 233 Art 7.7(c): under an authority with fewer than 5 units, at most 1 HTXS."""
    boss, boss_user, _sub_head, sub_user = _unit_heads(world)
    center, sub = world.units["center"], world.units["sub"]
    sub2 = factories.make_unit(world.agency, "TT-SH", "Phòng Số hóa", "constituent", parent=center)
    sub2_user = factories.make_user(world.agency, "truongsh", [(RoleName.UNIT_HEAD, sub2.id)])
    db.session.commit()
    units_service.self_assess(world.cycle, sub, UNIT_FACTS, sub_user)
    units_service.self_assess(world.cycle, sub2, UNIT_FACTS, sub2_user)
    units_service.decide_unit(world.cycle, sub, "HTXS", "Nhiều sáng kiến được áp dụng.", boss_user)
    with pytest.raises(ValidationError) as error:
        units_service.decide_unit(world.cycle, sub2, "HTXS", "Cũng xuất sắc.", boss_user)
    assert "Vượt chỉ tiêu đơn vị" in messages(error.value)
    assert units_service.evaluation_of(world.cycle, sub2).level is None


def test_collective_pages_404_for_units_not_classified(client, auth, world):
    """A department inside a public service unit is not a Decree 335 organisation."""
    inner = factories.make_unit(
        world.agency, "TT-VP", "Văn phòng Trung tâm", "department", parent=world.units["center"]
    )
    inner.head_id = world.staff["head"].id
    db.session.commit()
    auth.login("truongphong")
    url = f"/ranking/{world.cycle.id}/collectives/{inner.id}/self"
    assert client.get(url).status_code == 404
    # The department of the Sở is an organisation under Decree 335: its head self-assesses it.
    url = f"/ranking/{world.cycle.id}/collectives/{world.units['dept'].id}/self"
    assert client.get(url).status_code == 200


def test_results_data_for_some_units(world):
    from evaluation.queries.results import results_data

    score(world.staff["clerk"], 80, "HTT")
    service.decide(
        world.cycle, world.staff["clerk"], "HTNV", "Chậm tiến độ.", world.users["unit_head"]
    )
    data = results_data(world.cycle, unit_ids=[world.units["dept"].id])
    rows = {r.code: r for r in data.rows}
    assert set(rows) == {"HEAD01", "CC0001", "CC0002"}
    clerk = rows["CC0001"]
    assert (clerk.self_level, clerk.proposed_level, clerk.decided_level) == ("HTT", "HTT", "HTNV")
    assert "Chậm tiến độ." in clerk.reasons and clerk.score == Decimal("80.00")
    assert rows["CC0002"].decided_level is None and rows["CC0002"].needs_decision
    assert data.scope_label == "Phòng Công chức, viên chức"
    assert data.quotas[0].scope == "Toàn cơ quan – Công chức"


# --- one computation for the proposal and the meter ------------------------------------------


def _agency_meter(world, classification):
    meters = service.quota_meters(world.cycle, classification, set())
    return next(m for m in meters if m.scope == "cong_chuc/agency")


def test_the_proposal_agrees_with_the_meter_when_others_have_no_data_yet(world):
    """The issue's case: one eligible person (97,06) and colleagues without data. They count in
    the base at the expected level, so the cap is the one everyone will have, and the proposal
    selects the person the meter counts as selected."""
    score(world.staff["clerk"], "97.06", "HTXS")
    classification = service.classify_agency(world.cycle)
    meter = _agency_meter(world, classification)
    clerk = classification.results[world.staff["clerk"].id]
    assert (meter.base, meter.pending, meter.cap, meter.candidates, meter.selected) == (
        6,
        5,
        1,
        1,
        1,
    )
    assert clerk["level"] == "HTXS"
    assert [r["code"] for r in clerk["reasons"]][-1] == "within_quota"
    assert meter.arithmetic == "⌊20% × 6⌋ = 1"


def test_the_proposal_does_not_depend_on_the_order_units_finish(world):
    score(world.staff["clerk"], "97.06", "HTXS")
    first = service.classify_agency(world.cycle)
    # Later the other units finish: everyone at HTT.
    for key in ("head", "colleague", "outsider", "hr", "party"):
        score(world.staff[key], 80)
    later = service.classify_agency(world.cycle)
    clerk = world.staff["clerk"].id
    assert first.results[clerk]["level"] == later.results[clerk]["level"] == "HTXS"
    before, after = _agency_meter(world, first), _agency_meter(world, later)
    assert (before.base, before.cap) == (after.base, after.cap) == (6, 1)
    assert (before.pending, after.pending) == (5, 0)


def test_the_board_shows_the_arithmetic_and_who_is_pending(client, auth, world):
    score(world.staff["clerk"], "97.06", "HTXS")
    auth.login("truongphong")
    html = client.get(f"/ranking/{world.cycle.id}/units/{world.units['dept'].id}").get_data(
        as_text=True
    )
    assert "⌊20% × 6⌋ = 1" in html
    assert "gồm 5 người chưa có dữ liệu" in html
    assert "97,06" in html and "97.06" not in html
