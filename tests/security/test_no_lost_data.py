"""No lost data: crashes roll back, the audit log is append-only and tamper-evident, backups."""

from __future__ import annotations

import sqlite3
import threading

import pytest
from sqlalchemy import func, select, text

from evaluation.extensions import db
from evaluation.models import AuditLog, Staff, Unit
from evaluation.models.audit import AuditLogIsAppendOnly
from evaluation.services import audit
from evaluation.services import staff as staff_service

from .. import factories


def _audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditLog))


# --- a crash half-way through a save -------------------------------------------------------


def test_crash_after_flush_leaves_previous_version_and_no_audit_row(
    app, client, auth, world, monkeypatch
):
    clerk = world.staff["clerk"]
    before_name, audits = clerk.full_name, _audit_count()
    real_update = staff_service.update_staff

    def update_then_crash(staff, data):
        real_update(staff, data)  # flushes the new values and the audit row
        raise RuntimeError("simulated crash in the middle of a save")

    monkeypatch.setattr(staff_service, "update_staff", update_then_crash)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)  # as in production
    auth.login("tccb")
    page = client.get(f"/staff/{clerk.id}/edit").get_data(as_text=True)
    assert before_name in page
    form = {
        "code": clerk.code,
        "full_name": "Tên Đã Bị Mất",
        "gender": clerk.gender.value,
        "group": clerk.group.value,
        "position": clerk.position.value,
        "unit_id": clerk.unit_id,
        "title": clerk.title,
        "task_group": clerk.task_group,
    }
    response = client.post(f"/staff/{clerk.id}/edit", data=form)
    assert response.status_code == 500
    assert "Dữ liệu của bạn chưa bị thay đổi" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Staff, clerk.id).full_name == before_name
    assert _audit_count() == audits
    # The next request works on a clean session and sees the old name.
    assert before_name in client.get(f"/staff/{clerk.id}").get_data(as_text=True)
    assert audit.verify_chain() == []


# --- append-only, tamper-evident audit log -------------------------------------------------


def test_orm_refuses_to_change_or_delete_audit_rows(app, world):
    row = db.session.scalars(select(AuditLog).order_by(AuditLog.id)).first()
    row.reason = "sửa lén"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    row = db.session.scalars(select(AuditLog).order_by(AuditLog.id)).first()
    db.session.delete(row)
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.flush()
    db.session.rollback()
    assert audit.verify_chain() == []


def test_rows_of_one_transaction_chain_without_asking_again(app, world, count_queries):
    agency_id = world.agency.id
    audit.record("update", "test", 1, agency_id=agency_id)
    with count_queries() as later:
        audit.record("update", "test", 2, agency_id=agency_id)
        audit.record("update", "test", 3, agency_id=agency_id)
    # The transaction holds the chain lock: no lock and no tail query, only the two inserts.
    assert later.count == 2, later
    assert all(s.startswith("INSERT INTO audit_log") for s in later.statements), later
    db.session.commit()
    assert audit.verify_chain() == []


def test_a_rolled_back_savepoint_does_not_leave_its_row_as_the_tail(app, world):
    agency_id = world.agency.id
    audit.record("update", "test", 1, agency_id=agency_id)
    savepoint = db.session.begin_nested()
    audit.record("update", "test", 2, agency_id=agency_id)
    savepoint.rollback()
    audit.record("update", "test", 3, agency_id=agency_id)  # links to row 1, not to the lost 2
    savepoint = db.session.begin_nested()
    audit.record("update", "test", 4, agency_id=agency_id)
    savepoint.commit()
    audit.record("update", "test", 5, agency_id=agency_id)  # links to 4, kept by the release
    db.session.commit()
    kept = db.session.scalars(
        select(AuditLog.entity_id).where(AuditLog.entity == "test").order_by(AuditLog.id)
    ).all()
    assert kept == [1, 3, 4, 5]
    assert audit.verify_chain() == []


def test_audit_verify_command_reports_an_intact_chain(app, runner, world):
    total = _audit_count()
    assert total > 10
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert f"Nhật ký toàn vẹn: {total} dòng" in result.output


def test_audit_verify_detects_a_row_changed_with_raw_sql(app, runner, world):
    ids = db.session.scalars(select(AuditLog.id).order_by(AuditLog.id)).all()
    victim = ids[len(ids) // 2]
    db.session.execute(
        text("UPDATE audit_log SET reason = 'đã sửa' WHERE id = :id"), {"id": victim}
    )
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "KHÔNG toàn vẹn" in result.output
    assert f"(id): {victim}" in result.output
    assert audit.verify_chain() == [victim]


def test_audit_verify_detects_a_deleted_row_and_a_recomputed_hash(app, runner, world):
    ids = db.session.scalars(select(AuditLog.id).order_by(AuditLog.id)).all()
    removed, after_removed = ids[3], ids[4]
    db.session.execute(text("DELETE FROM audit_log WHERE id = :id"), {"id": removed})
    db.session.commit()
    assert audit.verify_chain() == [after_removed]  # the next row's link no longer matches

    # A forger who also recomputes the edited row's own hash still breaks the next link.
    db.session.execute(
        text("UPDATE audit_log SET reason = 'giả mạo' WHERE id = :id"), {"id": ids[6]}
    )
    db.session.commit()
    db.session.expire_all()
    row = db.session.get(AuditLog, ids[6])
    new_hash = audit.row_hash(row)
    db.session.execute(
        text("UPDATE audit_log SET hash = :h WHERE id = :id"), {"h": new_hash, "id": ids[6]}
    )
    db.session.commit()
    db.session.expire_all()
    assert audit.verify_chain() == [after_removed, ids[7]]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"{after_removed}, {ids[7]}" in result.output


@pytest.fixture
def shared_app(request):
    """An app whose database several threads can write at once: the suite's PostgreSQL, or a
    SQLite file (the in-memory SQLite of the SQLite run has one connection)."""
    app = request.getfixturevalue("app")
    if db.engine.dialect.name == "postgresql":
        return app
    return request.getfixturevalue("file_app")


def test_concurrent_audit_writers_keep_one_chain(shared_app):
    file_app = shared_app
    writers, per_writer, failures = 6, 8, []
    agency = factories.make_agency()
    db.session.commit()
    agency_id = agency.id

    def write(n: int) -> None:
        try:
            with file_app.app_context():
                for i in range(per_writer):
                    audit.record("update", "test", n * 100 + i, agency_id=agency_id)
                    db.session.commit()
                db.session.remove()
        except Exception as error:  # collected and asserted below
            failures.append(error)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    db.session.expire_all()
    assert (
        db.session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.entity == "test")
        )
        == writers * per_writer
    )
    assert audit.verify_chain() == []


# --- backup and restore --------------------------------------------------------------------


def _unit_names(path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {row[0] for row in conn.execute("SELECT name FROM unit")}
    finally:
        conn.close()


def test_backup_is_a_consistent_copy_while_a_writer_holds_a_transaction(file_app, tmp_path):
    factories.build_world()
    database = tmp_path / "app.db"
    # Another process is half-way through a write: its row must not be in the copy.
    writer = sqlite3.connect(database)
    writer.execute("UPDATE unit SET name = 'Chưa lưu xong' WHERE code = 'CCVC'")
    try:
        result = file_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    finally:
        writer.rollback()
        writer.close()
    assert result.exit_code == 0, result.output
    assert "Đã sao lưu" in result.output
    names = _unit_names(tmp_path / "copy.db")
    assert "Phòng Công chức, viên chức" in names and "Chưa lưu xong" not in names
    conn = sqlite3.connect(tmp_path / "copy.db")
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    # Never overwrites an existing file.
    again = file_app.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.db")])
    assert again.exit_code != 0 and "đã có" in again.output


def test_restore_brings_the_backup_back_and_keeps_the_current_file(file_app, tmp_path):
    world = factories.build_world()
    runner = file_app.test_cli_runner()
    assert runner.invoke(args=["backup", str(tmp_path / "copy.db")]).exit_code == 0
    factories.make_unit(world.agency, "MOI", "Phòng Mới Sau Sao Lưu")
    db.session.commit()

    result = runner.invoke(args=["restore", str(tmp_path / "copy.db"), "--yes"])
    assert result.exit_code == 0, result.output
    assert "Đã khôi phục" in result.output
    names = set(db.session.scalars(select(Unit.name)))
    assert "Phòng Mới Sau Sao Lưu" not in names and "Thanh tra Sở" in names
    assert audit.verify_chain() == []
    kept = [p for p in tmp_path.iterdir() if ".truoc-khoi-phuc-" in p.name]
    assert len(kept) == 1 and "Phòng Mới Sau Sao Lưu" in _unit_names(kept[0])
    assert str(kept[0]) in result.output


def test_restore_refuses_files_that_are_not_our_database(file_app, tmp_path):
    factories.build_world()
    runner = file_app.test_cli_runner()
    text_file = tmp_path / "notes.db"
    text_file.write_text("không phải cơ sở dữ liệu", encoding="utf-8")
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    old = tmp_path / "old.db"
    assert runner.invoke(args=["backup", str(old)]).exit_code == 0
    conn = sqlite3.connect(old)
    conn.execute("UPDATE alembic_version SET version_num = 'cu0000'")
    conn.commit()
    conn.close()
    cases = {
        text_file: "không phải là cơ sở dữ liệu SQLite",
        other: "không phải là cơ sở dữ liệu của Xếp loại",
        old: "phiên bản lược đồ cu0000",
        tmp_path / "missing.db": "Không tìm thấy",
    }
    for path, message in cases.items():
        result = runner.invoke(args=["restore", str(path), "--yes"])
        assert result.exit_code != 0, path
        assert message in result.output, (path, result.output)
        assert "dữ liệu hiện tại giữ nguyên" in result.output
    assert "Thanh tra Sở" in set(db.session.scalars(select(Unit.name)))
    assert not [p for p in tmp_path.iterdir() if ".truoc-khoi-phuc-" in p.name]


def test_backup_and_restore_refuse_postgresql_and_print_pg_dump(tmp_path):
    from config import TestConfig
    from evaluation import create_app

    url = "postgresql+psycopg://xeploai:bi-mat@db.example:5432/xeploai"
    config = type("PgConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": url})
    pg_app = create_app(config)  # no connection is opened: the command refuses first
    runner = pg_app.test_cli_runner()
    for args in (["backup", str(tmp_path / "x.db")], ["restore", str(tmp_path / "x.db"), "--yes"]):
        result = runner.invoke(args=args)
        assert result.exit_code != 0
        assert "PostgreSQL" in result.output
        assert "pg_dump -Fc" in result.output and "pg_restore" in result.output
        assert "bi-mat" not in result.output  # never echo the password
    assert not (tmp_path / "x.db").exists()
