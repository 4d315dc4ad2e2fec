"""Imports from Excel: every problem listed by row and column, nothing written on error,
a correct re-import updates in place; history; the command; the size limit."""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from sqlalchemy import func, select

from evaluation.extensions import db
from evaluation.models import AuditLog, HistoricalResult, ImportBatch, Staff, Unit
from exports.excel import HISTORY_COLUMNS, STAFF_COLUMNS, UNIT_COLUMNS

GOOD_STAFF = [
    # code, name, birth, gender, title, group, position, task group, party, unit, start, end
    (
        "CC0001",
        "Trương Quốc Hưng",
        date(1984, 2, 3),
        "Nam",
        "Chuyên viên chính",
        "Công chức",
        "Nhân viên",
        "Chuyên môn",
        "Có",
        "CCVC",
        date(2015, 1, 1),
        None,
    ),
    (
        "CC0099",
        "Lương Thị Thu Hà",
        "05/06/1990",
        "Nữ",
        "<b>Chuyên viên</b>",
        "Công chức",
        "Nhân viên",
        "Chuyên môn",
        "Không",
        "KHTC",
        date(2020, 3, 1),
        None,
    ),
]
GOOD_UNITS = [("KHTC", "Phòng Kế hoạch - Tài chính", "", "Phòng")]


def workbook(staff=GOOD_STAFF, units=GOOD_UNITS, staff_columns=STAFF_COLUMNS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Cán bộ"
    ws.append(list(staff_columns))
    for row in staff:
        ws.append(list(row))
    wu = wb.create_sheet("Đơn vị")
    wu.append(list(UNIT_COLUMNS))
    for row in units:
        wu.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, content: bytes, kind: str = "staff", name: str = "can-bo.xlsx"):
    return client.post(
        f"/imports/{kind}",
        data={f"{kind}-file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def counts() -> tuple[int, int]:
    return (
        db.session.scalar(select(func.count(Staff.id))),
        db.session.scalar(select(func.count(Unit.id))),
    )


def test_file_with_errors_changes_nothing_and_lists_every_problem(client, auth, world):
    before = counts()
    bad = [
        GOOD_STAFF[0],
        (
            "CC0001",
            "Trùng Mã",
            None,
            "Nam",
            "",
            "Công chức",
            "Nhân viên",
            "",
            "",
            "CCVC",
            date(2020, 1, 1),
            None,
        ),
        (
            "CC0100",
            "Người Lạ",
            "31/02/1990",
            "Nữ",
            "",
            "Công chức",
            "Nhân viên",
            "",
            "",
            "CCVC",
            date(2020, 1, 1),
            None,
        ),
        (
            "CC0102",
            "Người Khác",
            None,
            "Nữ",
            "",
            "Công chức",
            "Nhân viên",
            "",
            "",
            "KHONGCO",
            date(2020, 1, 1),
            None,
        ),
        (
            "CC0101",
            "Sai Nhóm",
            None,
            "Nam",
            "",
            "Bộ đội",
            "Nhân viên",
            "",
            "",
            "CCVC",
            date(2020, 1, 1),
            None,
        ),
    ]
    auth.login("tccb")
    response = upload(client, workbook(staff=bad))
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "trùng với dòng 2" in html
    assert "không phải là ngày hợp lệ" in html
    assert "KHONGCO" in html
    assert "Bộ đội" in html
    assert "Xác nhận nhập" not in html
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.status == "rejected" and len(batch.problems) >= 4
    assert {p["row"] for p in batch.problems} >= {3, 4, 5, 6}
    # Confirming a rejected batch writes nothing.
    client.post(f"/imports/{batch.id}/confirm")
    assert counts() == before
    assert db.session.get(Staff, world.staff["clerk"].id).title == "Chuyên viên"


def test_not_excel_empty_sheet_and_renamed_column(client, auth, world):
    auth.login("tccb")
    before = counts()
    upload(client, b"PK not really a zip", name="x.xlsx")
    upload(client, workbook(staff=[]))
    renamed = ("Mã CB",) + STAFF_COLUMNS[1:]
    upload(client, workbook(staff_columns=renamed))
    problems = [
        [p["message"] for p in b.problems]
        for b in db.session.scalars(select(ImportBatch).order_by(ImportBatch.id))
    ]
    assert any("không phải là bảng tính Excel" in m for m in problems[0])
    assert any("không có dòng dữ liệu" in m for m in problems[1])
    assert any("Thiếu cột “Mã cán bộ”" in m for m in problems[2])
    assert counts() == before


def test_unit_cycle_and_second_head_are_refused(client, auth, world):
    auth.login("tccb")
    units = [("KHTC", "Phòng Kế hoạch", "TCKT", "Phòng"), ("TCKT", "Tổ Kế toán", "KHTC", "Phòng")]
    staff = [
        (
            "X1",
            "Ngô Văn A",
            None,
            "Nam",
            "",
            "Công chức",
            "Trưởng đơn vị",
            "",
            "",
            "KHTC",
            date(2020, 1, 1),
            None,
        ),
        (
            "X2",
            "Ngô Văn B",
            None,
            "Nam",
            "",
            "Công chức",
            "Trưởng đơn vị",
            "",
            "",
            "KHTC",
            date(2020, 1, 1),
            None,
        ),
    ]
    upload(client, workbook(staff=staff, units=units))
    batch = db.session.scalars(select(ImportBatch)).one()
    messages = " ".join(p["message"] for p in batch.problems)
    assert "vòng lặp" in messages and "đã có trưởng đơn vị" in messages


def test_correct_import_then_reimport_updates_in_place(client, auth, world):
    auth.login("tccb")
    staff_before, units_before = counts()
    response = upload(client, workbook())
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.status == "previewed" and batch.problems == []
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Xác nhận nhập" in html
    client.post(f"/imports/{batch.id}/confirm")
    assert counts() == (staff_before + 1, units_before + 1)
    clerk = db.session.get(Staff, world.staff["clerk"].id)
    assert clerk.title == "Chuyên viên chính" and clerk.birth_date == date(1984, 2, 3)
    new = db.session.scalars(select(Staff).where(Staff.code == "CC0099")).one()
    assert (
        new.title == "<b>Chuyên viên</b>"
        and new.unit.code == "KHTC"
        and new.birth_date == date(1990, 6, 5)
    )
    # The same file again: matched by code, nothing duplicated.
    changed = [
        GOOD_STAFF[0],
        GOOD_STAFF[1][:1]
        + ("Lương Thị Thu Hà",)
        + GOOD_STAFF[1][2:4]
        + ("Chuyên viên",)
        + GOOD_STAFF[1][5:],
    ]
    upload(client, workbook(staff=changed))
    second = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    assert second.summary["staff_updated"] == 2 and second.summary["staff_new"] == 0
    client.post(f"/imports/{second.id}/confirm")
    assert counts() == (staff_before + 1, units_before + 1)
    db.session.refresh(new)
    assert new.title == "Chuyên viên"
    imports = db.session.scalars(select(AuditLog).where(AuditLog.action == "import")).all()
    assert len(imports) == 2
    # A batch is applied once.
    client.post(f"/imports/{second.id}/confirm")
    assert len(db.session.scalars(select(AuditLog).where(AuditLog.action == "import")).all()) == 2


def history_workbook(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả các năm"
    ws.append(list(HISTORY_COLUMNS))
    for row in rows:
        ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_database_changed_between_preview_and_confirm_writes_nothing(client, auth, world):
    auth.login("tccb")
    upload(client, history_workbook([(2025, "CC0001", "Trương Quốc Hưng", "HTT")]), "history")
    batch = db.session.scalars(select(ImportBatch)).one()
    assert batch.status == "previewed"
    # Meanwhile HR changes the person's code: the file is checked again on confirm.
    world.staff["clerk"].code = "CC0001-MOI"
    db.session.commit()
    response = client.post(f"/imports/{batch.id}/confirm", follow_redirects=True)
    assert "Không có cán bộ mã “CC0001”" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(HistoricalResult.id))) == 0
    assert db.session.get(ImportBatch, batch.id).status == "previewed"


def test_upload_over_the_size_limit_answers_413_in_vietnamese(app, client, auth, world):
    auth.login("tccb")
    app.config["MAX_CONTENT_LENGTH"] = 10_000
    try:
        response = upload(client, b"x" * 20_000)
    finally:
        app.config["MAX_CONTENT_LENGTH"] = 5 * 1024 * 1024
    assert response.status_code == 413
    assert "Tệp tải lên quá lớn" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(ImportBatch.id))) == 0


def test_history_import(client, auth, world):
    wb = Workbook()
    ws = wb.active
    ws.title = "Kết quả các năm"
    ws.append(list(HISTORY_COLUMNS))
    ws.append([2024, "CC0001", "Trương Quốc Hưng", "Hoàn thành tốt nhiệm vụ"])
    ws.append([2025, "CC0001", "Trương Quốc Hưng", "HTXS"])
    ws.append([2025, "ZZ9999", "Không Có Ai", "HTT"])
    buffer = io.BytesIO()
    wb.save(buffer)
    auth.login("tccb")
    upload(client, buffer.getvalue(), kind="history", name="ket-qua.xlsx")
    batch = db.session.scalars(select(ImportBatch)).one()
    assert [p["row"] for p in batch.problems] == [4]
    assert db.session.scalar(select(func.count(HistoricalResult.id))) == 0
    ws.delete_rows(4)
    buffer = io.BytesIO()
    wb.save(buffer)
    upload(client, buffer.getvalue(), kind="history", name="ket-qua.xlsx")
    batch = db.session.scalars(select(ImportBatch).order_by(ImportBatch.id.desc())).first()
    client.post(f"/imports/{batch.id}/confirm")
    levels = db.session.scalars(select(HistoricalResult).order_by(HistoricalResult.year)).all()
    assert [(h.year, h.level.value) for h in levels] == [(2024, "HTT"), (2025, "HTXS")]


def test_import_command_all_or_nothing(runner, world, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(units=[]))
    before = counts()
    result = runner.invoke(args=["import", "staff", str(bad), "--agency", "SNV"])
    assert result.exit_code != 0
    assert "KHTC" in result.output and "không ghi gì" in result.output
    assert counts() == before
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook())
    result = runner.invoke(args=["import", "staff", str(good), "--agency", "SNV"])
    assert result.exit_code == 0, result.output
    assert counts() == (before[0] + 1, before[1] + 1)


def test_template_download(client, auth, world):
    auth.login("tccb")
    response = client.get("/imports/template/staff.xlsx")
    assert response.status_code == 200 and response.data[:2] == b"PK"
