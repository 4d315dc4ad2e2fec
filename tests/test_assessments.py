"""Self-assessments (issue 4): periodic sheets, the manager's score, the annual form per regime,
the engine panel, HR's screens and the annual_facts seam."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from evaluation.extensions import db
from evaluation.models import AnnualForm, AuditLog, HistoricalResult, PeriodSheet, SheetStatus
from evaluation.services import ValidationError
from evaluation.services import assessments as svc
from scoring import periodic

# One fixture of facts, used both to fill the sheet through the web form and to call the engine.
GENERAL = {
    "I.1": Decimal("4.5"),
    "I.2": Decimal("5"),
    "II.1": Decimal("2.5"),
    "II.2": Decimal("2"),
    "II.3": Decimal("2.5"),
    "II.4": Decimal("2.5"),
    "III": Decimal("8"),
}
ITEMS = [
    # on time, accepted
    periodic.WorkItem(
        "Báo cáo quý",
        Decimal(2),
        date(2026, 1, 5),
        date(2026, 1, 20),
        date(2026, 1, 18),
        True,
        False,
        False,
    ),
    # late
    periodic.WorkItem(
        "Tờ trình biên chế",
        Decimal(1),
        date(2026, 2, 1),
        date(2026, 2, 10),
        date(2026, 2, 15),
        True,
        False,
        False,
    ),
    # quality failure
    periodic.WorkItem(
        "Đề án vị trí việc làm",
        Decimal("1.5"),
        date(2026, 2, 3),
        date(2026, 3, 20),
        date(2026, 3, 18),
        False,
        False,
        False,
    ),
]


def _vn(value) -> str:
    return str(value).replace(".", ",")


def sheet_post(general=GENERAL, items=ITEMS, action="save", **extra) -> dict:
    data = {action: "1", **({"confirm": "y"} if action == "submit" else {})}
    for i, code in enumerate(c.code for c in periodic.GENERAL_CRITERIA["D335"]):
        data[f"general-{i}-code"] = code
        value = general.get(code)
        data[f"general-{i}-score"] = "" if value is None else _vn(value)
    for i, item in enumerate(items):
        data[f"items-{i}-title"] = item.title
        data[f"items-{i}-units"] = _vn(item.units)
        data[f"items-{i}-assigned_on"] = item.assigned_on.strftime("%d/%m/%Y")
        data[f"items-{i}-due_on"] = item.due_on.strftime("%d/%m/%Y")
        if item.completed_on:
            data[f"items-{i}-completed_on"] = item.completed_on.strftime("%d/%m/%Y")
        for flag in svc.ITEM_FLAGS:
            if getattr(item, flag):
                data[f"items-{i}-{flag}"] = "y"
    data.update(extra)
    return data


def _sheet(world, period=1) -> PeriodSheet | None:
    return svc.find_sheet(world.cycle, world.staff["clerk"], period)


def _url(world, period=1, suffix="") -> str:
    return f"/assessments/sheet/{world.staff['clerk'].id}/{period}{suffix}"


def test_sheet_numbers_equal_the_engine_for_the_same_facts(client, auth, world):
    auth.login("congchuc")
    response = client.post(_url(world), data=sheet_post(action="submit"))
    assert response.status_code == 302, response.get_data(as_text=True)
    expected = periodic.score_period("D335", GENERAL, ITEMS, None, period_end=date(2026, 3, 31))
    assert not expected.errors
    sheet = _sheet(world)
    assert sheet.status == SheetStatus.SUBMITTED
    assert (sheet.self_general, sheet.self_task, sheet.self_total) == (
        expected.general,
        expected.task_points,
        expected.total,
    )
    page = client.get(_url(world, suffix="/view")).get_data(as_text=True)
    for value in (expected.general, expected.task_points, expected.total):
        assert _vn(f"{value:.2f}") in page
    for pct in (expected.quantity_pct, expected.quality_pct, expected.progress_pct):
        assert _vn(f"{pct:.2f}") in page


def test_draft_saves_partial_input_and_keeps_it(client, auth, world):
    auth.login("congchuc")
    data = sheet_post(general={"I.1": Decimal("4")}, items=ITEMS[:1])
    assert client.post(_url(world), data=data).status_code == 302
    sheet = _sheet(world)
    assert sheet.status == SheetStatus.DRAFT
    assert sheet.general_self == {"I.1": "4"}
    assert sheet.self_total is None  # incomplete: nothing to total yet
    page = client.get(_url(world)).get_data(as_text=True)
    assert "Báo cáo quý" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"general-0-score": "6"}, "vượt quá điểm tối đa"),
        ({"items-0-units": "-2"}, "phải lớn hơn 0"),
        ({"items-1-completed_on": "01/01/2026"}, "Ngày hoàn thành trước ngày giao việc"),
        ({"general-1-score": "abc"}, "phải là một số, ví dụ 4,5 (tối đa 5 điểm)"),
        # The work-item rows are parsed outside WTForms: the same rules, messages and echo.
        ({"items-0-units": "1,5x"}, "Phải là một số"),
        ({"items-1-assigned_on": "31/02/2026"}, "Ngày không hợp lệ (nhập dd/mm/yyyy)."),
        ({"items-2-title": "Báo cáo " * 40}, "Tên dài quá 300 ký tự."),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message_and_kept(
    client, auth, world, change, message
):
    auth.login("congchuc")
    data = sheet_post(action="submit")
    data.update(change)
    response = client.post(_url(world), data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in page
    assert "Chưa lưu được" in page
    assert _sheet(world) is None  # nothing saved
    typed = next(iter(change.values()))
    assert f'value="{typed}"' in page  # what they typed is still there
    assert "Tờ trình biên chế" in page


def test_submit_lists_every_problem_at_once(client, auth, world):
    auth.login("congchuc")
    data = sheet_post(general={"I.1": Decimal(9)}, action="submit")
    data["items-2-due_on"] = ""
    response = client.post(_url(world), data=data)
    page = response.get_data(as_text=True)
    assert "vượt quá điểm tối đa" in page
    assert (
        "Dòng 3, tiêu chí II.1 “Năng lực chuyên môn, nghiệp vụ phù hợp với vị trí việc làm”: "
        "chưa chấm điểm."
    ) in page
    assert "Công việc 3: chưa nhập hạn hoàn thành." in page


def test_someone_else_cannot_edit_the_sheet(client, auth, world):
    auth.login("dongnghiep")
    assert client.post(_url(world), data=sheet_post()).status_code == 403
    assert client.get(_url(world, suffix="/view")).status_code == 403
    assert _sheet(world) is None


def _manager_post(sheet, general=GENERAL, flags=None, action="score") -> dict:
    data = {action: "1", "version": str(sheet.version), "comment": "Cần chú ý tiến độ."}
    for i, code in enumerate(c.code for c in periodic.GENERAL_CRITERIA["D335"]):
        data[f"general-{i}-score"] = _vn(general[code])
    for i, item in enumerate(sheet.items):
        for flag in svc.ITEM_FLAGS:
            value = (flags or {}).get((i, flag), item[flag])
            if value:
                data[f"item_flags-{i}-{flag}"] = "y"
    return data


def test_manager_scores_differences_highlighted_and_closed_period_read_only(client, auth, world):
    auth.login("congchuc")
    client.post(_url(world), data=sheet_post(action="submit"))
    client.post("/logout")
    auth.login("truongphong")
    sheet = _sheet(world)
    general = {**GENERAL, "III": Decimal(6)}
    # The manager accepts the third item's quality after all.
    response = client.post(
        _url(world, suffix="/score"),
        data=_manager_post(sheet, general, {(2, "quality_ok"): True}, action="close"),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    sheet = _sheet(world)
    items = [*ITEMS[:2], periodic.WorkItem(*[getattr(ITEMS[2], f) for f in ITEMS[2].__slots__])]
    items[2] = periodic.WorkItem(
        items[2].title,
        items[2].units,
        items[2].assigned_on,
        items[2].due_on,
        items[2].completed_on,
        True,
        False,
        False,
    )
    expected = periodic.score_period("D335", general, items, None, period_end=date(2026, 3, 31))
    assert sheet.manager_total == expected.total
    assert sheet.status == SheetStatus.CLOSED
    diff = svc.differences(sheet)
    assert diff["III"] and not diff["I.1"] and diff["item2.quality_ok"]
    page = client.get(_url(world, suffix="/view")).get_data(as_text=True)
    assert "badge-diff" in page
    # Closed: the manager cannot change it, and neither can the owner.
    again = client.post(_url(world, suffix="/score"), data=_manager_post(sheet))
    assert "đã được chốt" in again.get_data(as_text=True)
    client.post("/logout")
    auth.login("congchuc")
    page = client.post(_url(world), data=sheet_post()).get_data(as_text=True)
    assert "đã được chốt" in page
    assert _sheet(world).general_self == {k: str(v) for k, v in GENERAL.items()}
    actions = [
        row.action
        for row in db.session.scalars(
            select(AuditLog).where(AuditLog.entity == "period_sheet").order_by(AuditLog.id)
        )
    ]
    assert actions == ["save", "submitted", "score", "scored", "closed"]


def test_stale_version_is_refused_and_input_kept(client, auth, world):
    auth.login("congchuc")
    client.post(_url(world), data=sheet_post())
    old = _sheet(world).version
    client.post(_url(world), data=sheet_post(version=str(old)))
    response = client.post(
        _url(world), data=sheet_post(version=str(old), **{"items-0-title": "Bản cũ"})
    )
    page = response.get_data(as_text=True)
    assert "đã được lưu ở nơi khác" in page
    assert 'value="Bản cũ"' in page
    assert _sheet(world).items[0]["title"] == "Báo cáo quý"


def test_autosave_answers_json_with_the_new_version(client, auth, world):
    auth.login("congchuc")
    response = client.post(_url(world, suffix="/autosave"), data=sheet_post())
    assert response.status_code == 200
    assert response.json["ok"] is True
    assert response.json["version"] == _sheet(world).version
    bad = client.post(_url(world, suffix="/autosave"), data=sheet_post(**{"general-0-score": "7"}))
    assert bad.status_code == 422
    assert any("vượt quá" in e for e in bad.json["errors"])


def test_a_save_reads_the_signed_in_user_once(client, auth, world, count_queries):
    """The "saved" message after the commit must not reload the user to pick its language."""
    auth.login("congchuc")
    client.post(_url(world), data=sheet_post())  # the sheet exists from here on
    for suffix, expected_status in (("/autosave", 200), ("", 302)):
        url = _url(world, suffix=suffix)
        db.session.expire_all()
        with count_queries() as seen:
            response = client.post(url, data=sheet_post())
        assert response.status_code == expected_status
        reads_of_user = [s for s in seen.statements if re.match(r'SELECT "?user"?\.id', s)]
        assert len(reads_of_user) == 1, seen
    assert "Đã lưu nháp." in client.get(_url(world)).get_data(as_text=True)


def _scored_periods(client, auth, world, totals_general: list[dict]) -> None:
    for period, general in enumerate(totals_general, start=1):
        items = [
            periodic.WorkItem(
                "Việc",
                Decimal(1),
                date(2026, 1, 2),
                # due within its quarter: it counts in the period it falls due (D335 Art 14.1)
                date(2026, 3 * period, 28),
                date(2026, 1, 3) + timedelta(days=period * 28),
                True,
                False,
                False,
            )
        ]
        auth.login("congchuc")
        client.post(_url(world, period), data=sheet_post(general, items, action="submit"))
        client.post("/logout")
        auth.login("truongphong")
        sheet = _sheet(world, period)
        client.post(_url(world, period, "/score"), data=_manager_post(sheet, general))
        client.post("/logout")


def test_annual_facts_and_the_classification_sheet(client, auth, world):
    low = {**GENERAL, "III": Decimal(1), "I.1": Decimal(2)}
    lower = {**low, "I.2": Decimal(3)}
    _scored_periods(client, auth, world, [low, lower])
    sheets = [_sheet(world, 1), _sheet(world, 2)]
    facts = svc.annual_facts(world.cycle, [world.staff["clerk"].id, world.staff["colleague"].id])
    assert list(facts) == [world.staff["clerk"].id]
    clerk = facts[world.staff["clerk"].id]
    assert clerk["period_scores"] == [s.manager_total for s in sheets]
    assert clerk["score"] == periodic.annual_average([s.manager_total for s in sheets])
    assert clerk["general"] == periodic.annual_average([s.manager_general for s in sheets])

    auth.login("congchuc")
    url = f"/assessments/annual/{world.staff['clerk'].id}"
    page = client.get(url).get_data(as_text=True)
    assert "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC" in page
    assert _vn(f"{clerk['score']:.2f}") in page
    # Proposing "excellent" without the score for it: the panel says why.
    response = client.post(url, data={"self_level": "HTXS", "save": "1"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'data-eligible="HTT"' in page
    assert "cao hơn mức quy định cho phép" in page
    assert "Nghị định 335/2025/NĐ-CP" in page
    version = str(svc.find_form(world.cycle, world.staff["clerk"]).version)
    response = client.post(
        url, data={"self_level": "HTT", "submit": "1", "confirm": "y", "version": version}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    facts = svc.annual_facts(world.cycle, [world.staff["clerk"].id])
    assert facts[world.staff["clerk"].id]["self_level"] == "HTT"


def test_d90_fallback_viên_chức_gets_form_03_and_no_periodic_sheet(world, app):
    with app.test_request_context():
        _d90_fallback(world)


def _d90_fallback(world):
    center = world.units["center"]
    center.has_regulation = False
    db.session.commit()
    employee = world.staff["employee"]
    assert svc.person_regime(world.cycle, employee) == "D90_D48"
    with pytest.raises(ValidationError):
        svc.new_sheet(world.cycle, employee, 1)
    form = svc.new_form(world.cycle, employee)
    assert form.form_kind == "form03"
    assert "citizens" not in svc.text_fields(form, employee)
    assert svc.needed_pct(form, employee) == svc.STAFF_PCT
    svc.save_form(
        form,
        employee,
        {
            **dict.fromkeys(svc.D90_TEXT, "Tốt"),
            "general": "done_well",
            "tasks_completed_pct": Decimal(100),
            "on_time_quality_pct": Decimal(100),
            "exceeded_pct": Decimal(20),
            "not_assured_pct": Decimal(0),
            "self_level": "HTXS",
        },
        submit=True,
        version=None,
    )
    panel = svc.eligibility(world.cycle, employee, form)
    assert panel["ok"], panel
    # HTXS needs at least 50 % of tasks exceeded: the engine allows HTT and says why.
    assert panel["result"]["eligible_level"] == "HTT"
    assert panel["result"]["regime"] == "D90_D48"
    facts = svc.annual_facts(world.cycle, [employee.id])
    assert facts[employee.id]["criteria"]["exceeded_pct"] == 20


def test_form_kinds_per_group(world):
    from evaluation.models import StaffGroup

    assert svc.annual_form_kind("D90", StaffGroup.CAN_BO) == "form01"
    assert svc.annual_form_kind("D90_D48", StaffGroup.CONG_CHUC) == "form02"
    assert svc.annual_form_kind("D90", StaffGroup.VIEN_CHUC) == "form03"
    assert svc.annual_form_kind("D335", StaffGroup.CONG_CHUC) == "sheet"
    assert svc.annual_form_kind("D233", StaffGroup.VIEN_CHUC) == "sheet"
    assert svc.annual_form_kind(None, StaffGroup.NGUOI_LAO_DONG) is None
    assert svc.periodic_criteria_set("D233") == "D233"
    assert svc.periodic_criteria_set("QD366") == "D335"
    assert svc.periodic_criteria_set("D90_D48") is None


def test_annual_form_after_the_deadline_and_reopen(client, auth, world):
    world.cycle.self_assessment_deadline = date(2026, 1, 31)
    db.session.commit()
    auth.login("congchuc")
    url = f"/assessments/annual/{world.staff['clerk'].id}"
    response = client.post(
        url, data={"self_level": "HTT", "self_comment": "Giải trình", "save": "1"}
    )
    page = response.get_data(as_text=True)
    assert "Đã quá hạn tự đánh giá" in page
    assert "Giải trình" in page  # kept on screen
    assert svc.find_form(world.cycle, world.staff["clerk"]) is None
    # The head reopens a submitted form with a reason: the person may then edit it.
    form = svc.new_form(world.cycle, world.staff["clerk"])
    form.status = form.status.SUBMITTED
    db.session.add(form)
    db.session.commit()
    client.post("/logout")
    auth.login("truongphong")
    no_reason = client.post(url + "/reopen", data={"reason": ""})
    assert no_reason.status_code == 302
    assert svc.find_form(world.cycle, world.staff["clerk"]).status.value == "submitted"
    client.post(url + "/reopen", data={"reason": "Bổ sung số liệu quý IV"})
    db.session.expire_all()
    form = svc.find_form(world.cycle, world.staff["clerk"])
    assert form.status.value == "draft"
    assert svc.can_edit_form(form)[0]
    row = db.session.scalars(
        select(AuditLog).where(AuditLog.entity == "annual_form").order_by(AuditLog.id.desc())
    ).first()
    assert (row.action, row.reason) == ("draft", "Bổ sung số liệu quý IV")


def test_hr_missing_records_and_history(client, auth, world, app):
    auth.login("tccb")
    page = client.get("/assessments/hr/missing").get_data(as_text=True)
    assert "Phòng Công chức, viên chức" in page
    assert world.staff["clerk"].full_name in page
    response = client.post(
        f"/assessments/hr/records/{world.staff['clerk'].id}",
        data={"months_worked": "10", "leave-0-kind": "maternity", "leave-0-months": "4"},
    )
    assert "vượt quá 12" in response.get_data(as_text=True)
    response = client.post(
        f"/assessments/hr/records/{world.staff['clerk'].id}",
        data={"months_worked": "8", "leave-0-kind": "maternity", "leave-0-months": "4"},
    )
    assert response.status_code == 302
    rec = svc.year_record(world.staff["clerk"], 2026)
    assert (rec.months_worked, rec.leave) == (8, [{"kind": "maternity", "months": 4}])
    response = client.post(
        f"/assessments/hr/records/{world.staff['clerk'].id}/discipline",
        data={
            "sanction": "reprimand",
            "system": "state",
            "duty_related": "y",
            "effective_on": "01/03/2026",
        },
    )
    assert response.status_code == 302
    assert len(svc.disciplines_of(world.staff["clerk"])) == 1
    response = client.post(
        "/assessments/hr/history", data={"staff_code": "CC0001", "year": "2024", "level": "HTT"}
    )
    assert response.status_code == 302
    response = client.post(
        "/assessments/hr/history", data={"staff_code": "KHONGCO", "year": "2024", "level": "HTT"}
    )
    assert "Không có cán bộ mã KHONGCO" in response.get_data(as_text=True)
    with app.test_request_context():
        svc.record_historical_result(world.agency, "CC0001", 2024, "HTXS", "Sửa theo quyết định")
    rows = db.session.scalars(select(HistoricalResult)).all()
    assert [(r.year, r.level.value) for r in rows] == [(2024, "HTXS")]


def test_home_card_reminds_people_who_have_not_submitted(client, auth, world):
    auth.login("congchuc")
    page = client.get("/").get_data(as_text=True)
    assert "bạn chưa gửi phiếu năm" in page
    assert db.session.scalars(select(AnnualForm)).first() is None


def test_leader_sheet_adds_the_manager_criteria_as_the_engine_does(client, auth, world):
    head = world.staff["head"]
    auth.login("truongphong")
    leader = {"unit_result_pct": "100", "organising_pct": "80", "uniting_pct": "90"}
    data = sheet_post(action="submit", **leader)
    response = client.post(f"/assessments/sheet/{head.id}/1", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    facts = periodic.ManagerFacts(Decimal(100), Decimal(80), Decimal(90))
    expected = periodic.score_period("D335", GENERAL, ITEMS, facts, period_end=date(2026, 3, 31))
    sheet = svc.find_sheet(world.cycle, head, 1)
    assert (sheet.self_task, sheet.self_total) == (expected.task_points, expected.total)
    # Out of range: refused, nothing changes.
    bad = client.post(
        f"/assessments/sheet/{head.id}/2", data=sheet_post(**{**leader, "organising_pct": "120"})
    )
    assert "0–100" in bad.get_data(as_text=True)
    assert svc.find_sheet(world.cycle, head, 2) is None


def test_sheet_after_the_deadline_is_refused_and_input_kept(client, auth, world):
    world.cycle.self_assessment_deadline = date(2026, 1, 31)
    db.session.commit()
    auth.login("congchuc")
    page = client.post(_url(world), data=sheet_post(action="submit")).get_data(as_text=True)
    assert "Đã quá hạn tự đánh giá (31/01/2026)" in page
    assert 'value="Tờ trình biên chế"' in page
    assert _sheet(world) is None


def test_panel_says_what_is_missing_in_plain_words(client, auth, world):
    auth.login("congchuc")
    answer = client.get(f"/assessments/annual/{world.staff['clerk'].id}/eligibility").json
    assert answer["ok"] is False
    assert answer["errors"] == ["Chưa có kỳ nào được chấm điểm: chưa tính được điểm năm."]
    world.units["center"].has_regulation = False
    db.session.commit()
    client.post("/logout")
    employee = world.staff["employee"]
    from evaluation.models import RoleName
    from tests.factories import make_user

    make_user(world.agency, "vienchuc", [(RoleName.STAFF, None)], employee)
    db.session.commit()
    auth.login("vienchuc")
    page = client.get(f"/assessments/annual/{employee.id}").get_data(as_text=True)
    assert "Mẫu số 03" in page
    assert "Chưa nhập đủ mức tiêu chí chung" in page
    assert "Thái độ phục vụ nhân dân" not in page  # not on the public employee's form
    assert client.get(f"/assessments/sheet/{employee.id}/1").status_code == 404


def test_cadre_under_qd366_keeps_periodic_sheets_and_adds_its_conditions(world, app):
    from tests.factories import make_staff

    with app.test_request_context():
        cadre = make_staff(world.agency, world.units["dept"], group="can_bo", code="CB0001")
        db.session.commit()
        assert svc.person_regime(world.cycle, cadre) == "QD366"
        sheet = svc.new_sheet(world.cycle, cadre, 1)
        assert sheet.regime == "D335"  # the Form 01 criteria of Decree 335
        form = svc.new_form(world.cycle, cadre)
        assert form.form_kind == "sheet"
        assert svc.needed_pct(form, cadre) == svc.QD366_STAFF_PCT
        with pytest.raises(ValidationError) as caught:
            svc.save_form(
                form,
                cadre,
                {"tasks_completed_pct": Decimal(-5), "self_level": "HTT"},
                submit=True,
                version=None,
            )
        fields = {field for field, _m in caught.value.errors}
        assert {"tasks_completed_pct", "on_time_quality_pct", "exceeded_pct"} <= fields
        assert svc.find_form(world.cycle, cadre) is None


def test_annual_autosave_returns_the_updated_panel(client, auth, world):
    auth.login("congchuc")
    url = f"/assessments/annual/{world.staff['clerk'].id}/autosave"
    response = client.post(url, data={"self_level": "HTXS", "self_comment": "Nháp"})
    assert response.status_code == 200
    assert response.json["ok"] is True
    assert "Mức xếp loại theo quy định" in response.json["panel"]
    form = svc.find_form(world.cycle, world.staff["clerk"])
    assert (form.content["self_comment"], form.version) == ("Nháp", response.json["version"])
    stale = client.post(url, data={"self_level": "HTT", "version": str(form.version - 1)})
    assert stale.status_code == 422
    assert "đã được lưu ở nơi khác" in stale.json["errors"][0]


def test_d335_art14_2_sheet_records_counts_and_the_manager_can_change_them(client, auth, world):
    """Each failed review and each delay deducts 25 % (Decree 335 Art 14.2(b)-(c)): the sheet
    records how many times; a count that is not a whole number is refused next to the field."""
    auth.login("congchuc")
    bad = sheet_post(action="submit", **{"items-0-failed_reviews": "1,5"})
    page = client.post(_url(world), data=bad).get_data(as_text=True)
    assert "Số lần phải là số nguyên không âm." in page
    assert _sheet(world) is None
    data = sheet_post(action="submit", **{"items-0-failed_reviews": "2"})
    assert client.post(_url(world), data=data).status_code == 302
    sheet = _sheet(world)
    assert sheet.items[0]["failed_reviews"] == 2 and sheet.items[1]["delays"] == 0
    client.post("/logout")
    auth.login("truongphong")
    post = _manager_post(sheet)
    post["item_flags-0-failed_reviews"] = "2"
    post["item_flags-1-delays"] = "3"  # the manager finds it was late three times
    response = client.post(_url(world, suffix="/score"), data=post)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    sheet = _sheet(world)
    assert sheet.items_manager[1]["delays"] == 3
    items = svc.stored_items(sheet.items_manager)
    expected = periodic.score_period("D335", GENERAL, items, None, period_end=date(2026, 3, 31))
    assert sheet.manager_total == expected.total
    # Item 2 (1 unit, late three times) keeps 25 % of its progress points:
    # (2 + 1 × 0.25 + 1.5) / 4.5 = 83.33 %; item 1 (2 units) failed twice: 50 % of its quality.
    assert expected.progress_pct == Decimal("83.33")
    assert expected.quality_pct == Decimal("44.44")  # (2 × 0.5 + 1) / 4.5; item 3 failed
    assert svc.differences(sheet)["item1.delays"]
    page = client.get(_url(world, suffix="/view")).get_data(as_text=True)
    assert "Số lần chậm tiến độ" in page and "<strong>3</strong>" in page
