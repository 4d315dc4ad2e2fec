"""Sign-in, accounts, units, staff and cycles: the foundation's behaviour and bad input."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import AuditLog, Cycle, Staff, Unit

from .conftest import csrf_token
from .factories import PASSWORD


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_sign_in_page_is_vietnamese(client):
    html = client.get("/login").get_data(as_text=True)
    assert "Đăng nhập" in html and 'lang="vi"' in html


def test_wrong_password_is_refused_with_a_message(client, world):
    response = client.post("/login", data={"username": "congchuc", "password": "sai"})
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_sign_in_and_home_greets_by_name(client, auth, world):
    response = auth.login("congchuc")
    assert response.status_code == 302
    html = client.get("/").get_data(as_text=True)
    assert "Xin chào, Trương Quốc Hưng" in html
    assert "Kỳ đánh giá, xếp loại chất lượng năm 2026 đang mở." in html


def test_open_redirect_is_refused(client, world):
    response = client.post(
        "/login?next=//evil.example/x", data={"username": "congchuc", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/"


def test_english_is_selectable(client, auth, world):
    auth.login("congchuc")
    client.post("/lang/en", data={"next": "/"})
    html = client.get("/").get_data(as_text=True)
    assert 'lang="en"' in html


def test_change_password(client, auth, world):
    auth.login("congchuc")
    bad = client.post(
        "/account/password",
        data={"current": "sai", "new": "mat-khau-moi-123", "confirm": "mat-khau-moi-123"},
    )
    assert "Mật khẩu hiện tại không đúng." in bad.get_data(as_text=True)
    ok = client.post(
        "/account/password",
        data={"current": PASSWORD, "new": "mat-khau-moi-123", "confirm": "mat-khau-moi-123"},
    )
    assert ok.status_code == 302
    auth.logout()
    assert auth.login("congchuc", "mat-khau-moi-123").status_code == 302


def test_csrf_missing_or_forged_token_is_refused(csrf_app, world):
    client = csrf_app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = csrf_token(page)
    forged = client.post(
        "/login", data={"username": "congchuc", "password": PASSWORD, "csrf_token": "forged"}
    )
    assert forged.status_code == 400
    missing = client.post("/login", data={"username": "congchuc", "password": PASSWORD})
    assert missing.status_code == 400
    assert "Phiên làm việc đã hết hạn" in missing.get_data(as_text=True)
    good = client.post(
        "/login", data={"username": "congchuc", "password": PASSWORD, "csrf_token": token}
    )
    assert good.status_code == 302


def test_security_headers(client):
    response = client.get("/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_create_unit_and_audit(client, auth, world):
    auth.login("tccb")
    before = count(AuditLog)
    response = client.post(
        "/units/new",
        data={
            "code": "KHTC",
            "name": "Phòng Kế hoạch - Tài chính",
            "kind": "department",
            "parent_id": 0,
        },
    )
    assert response.status_code == 302
    unit = db.session.scalars(select(Unit).where(Unit.code == "KHTC")).one()
    assert unit.name == "Phòng Kế hoạch - Tài chính"
    row = db.session.scalars(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert count(AuditLog) == before + 1
    assert (row.action, row.entity, row.username) == ("create", "unit", "tccb")


def test_unit_cannot_move_under_its_own_child(client, auth, world):
    auth.login("tccb")
    center, sub = world.units["center"], world.units["sub"]
    response = client.post(f"/units/{center.id}/move", data={"parent_id": sub.id})
    assert response.status_code == 200
    assert "Không thể chuyển đơn vị vào chính nó" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Unit, center.id).parent_id is None


def test_empty_unit_name_shown_next_to_field(client, auth, world):
    auth.login("tccb")
    before = count(Unit)
    response = client.post(
        "/units/new", data={"code": "X1", "name": "  ", "kind": "department", "parent_id": 0}
    )
    assert response.status_code == 200
    assert count(Unit) == before


def staff_form(world, **changes):
    data = {
        "code": "CC9999",
        "full_name": "Lê Thị Thanh Hương",
        "birth_date": "12/03/1990",
        "gender": "female",
        "title": "Chuyên viên",
        "group": "cong_chuc",
        "position": "staff",
        "task_group": "Chuyên môn",
        "unit_id": world.units["dept"].id,
        "start_date": "01/09/2015",
        "end_date": "",
    }
    data.update(changes)
    return data


def test_create_staff_and_search_without_diacritics(client, auth, world):
    auth.login("tccb")
    response = client.post("/staff/new", data=staff_form(world))
    assert response.status_code == 302
    person = db.session.scalars(select(Staff).where(Staff.code == "CC9999")).one()
    assert person.birth_date == date(1990, 3, 12)
    html = client.get("/staff/?q=le thi thanh huong").get_data(as_text=True)
    assert "Lê Thị Thanh Hương" in html
    html = client.get("/staff/?q=Hương").get_data(as_text=True)
    assert "Lê Thị Thanh Hương" in html


def test_bad_staff_input_saves_nothing(client, auth, world):
    auth.login("tccb")
    before = count(Staff)
    future = (date.today() + timedelta(days=3)).strftime("%d/%m/%Y")
    cases = [
        (staff_form(world, full_name=""), "Bắt buộc nhập."),
        (staff_form(world, birth_date=future), "Ngày không được ở tương lai."),
        (staff_form(world, code="CC0001"), "Mã cán bộ CC0001 đã được dùng."),
        (
            staff_form(world, end_date="01/01/2010"),
            "Ngày thôi công tác không được trước ngày bắt đầu.",
        ),
        (staff_form(world, birth_date="31/02/1990"), "Ngày không hợp lệ (nhập dd/mm/yyyy)."),
    ]
    for data, message in cases:
        response = client.post("/staff/new", data=data)
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert message in html, message
        assert "This field" not in html and "Not a valid" not in html
    assert count(Staff) == before


def test_head_sees_only_their_unit(client, auth, world):
    auth.login("truongphong")
    html = client.get("/staff/").get_data(as_text=True)
    assert "Trương Quốc Hưng" in html
    assert "Lê Văn Đức" not in html  # another unit
    assert client.get(f"/staff/{world.staff['outsider'].id}").status_code == 403


def test_staff_list_paginates(client, auth, world, app):
    app.config["STAFF_PAGE_SIZE"] = 3
    try:
        auth.login("tccb")
        html = client.get("/staff/").get_data(as_text=True)
        assert "Trang 1/" in html
        assert "Trang 2/" in client.get("/staff/?page=2").get_data(as_text=True)
    finally:
        app.config["STAFF_PAGE_SIZE"] = 25


def test_cycle_create_validates_the_deadline(client, auth, world):
    auth.login("tccb")
    data = {
        "year": 2027,
        "period_kind": "month",
        "self_assessment_deadline": "30/11/2027",
        "review_opens_on": "01/12/2027",
        "review_closes_on": "07/12/2027",
        "classification_deadline": "20/12/2027",
        "quota_base": "htt_or_above",
        "cadre_rules": "qd366",
        "head_cap_scope": "service_unit_head",
    }
    response = client.post("/cycles/new", data=data)
    assert response.status_code == 200
    assert "Hạn xếp loại phải trước ngày 15/12/2027." in response.get_data(as_text=True)
    assert db.session.scalars(select(Cycle).where(Cycle.year == 2027)).first() is None
    data["classification_deadline"] = "14/12/2027"
    assert client.post("/cycles/new", data=data).status_code == 302
    cycle = db.session.scalars(select(Cycle).where(Cycle.year == 2027)).one()
    assert cycle.status.value == "draft"
    assert client.post(f"/cycles/{cycle.id}/open").status_code == 302
    db.session.expire_all()
    assert db.session.get(Cycle, cycle.id).status.value == "open"


def test_cycle_page_shows_the_regime_per_group(client, auth, world):
    auth.login("congchuc")
    html = client.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    assert "335/2025/NĐ-CP" in html
    assert "233/2026/NĐ-CP" in html


def test_demo_loads_a_realistic_agency(runner, app):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert "tccb" in result.output and "XepLoai@2026" in result.output
    staff = db.session.scalars(select(Staff)).all()
    assert len(staff) >= 80
    assert {s.group.value for s in staff} == {"can_bo", "cong_chuc", "vien_chuc", "nguoi_lao_dong"}
    assert {s.position.value for s in staff} == {"staff", "manager", "unit_head"}
    # A deputy (Phó Giám đốc Sở, Phó Trưởng phòng…) is a manager, never shown as "Nhân viên".
    deputies = [s for s in staff if s.title.startswith("Phó ") and s.position.value != "unit_head"]
    assert any(s.title == "Phó Giám đốc Sở" for s in deputies)
    assert {s.position.value for s in deputies} == {"manager"}
    assert count(Unit) >= 6
    assert {c.status.value for c in db.session.scalars(select(Cycle))} == {"open", "closed"}
    again = runner.invoke(args=["demo", "--if-empty"])
    assert again.exit_code == 0 and count(Staff) == len(staff)
