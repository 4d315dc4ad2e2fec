"""Issue 18 finding 5: the hash chain covers every column (the user name, the time) and a
signed checkpoint of the head, kept apart from the log, detects truncation of the newest
rows; `flask audit verify` names the first broken row."""

from __future__ import annotations

from sqlalchemy import func, select, text

from evaluation.extensions import db
from evaluation.models import AuditCheckpoint, AuditLog
from evaluation.services.audit import HASHED, check_chain, record, verify_chain


def _rows(n: int, world) -> list[int]:
    for i in range(n):
        record("update", "unit", world.units["dept"].id, agency_id=world.agency.id, reason=f"{i}")
    db.session.commit()
    return list(db.session.scalars(select(AuditLog.id).order_by(AuditLog.id)))


def _sql(statement: str, **params) -> None:
    # What an attacker with database access does: plain SQL, past the ORM's refusals.
    with db.engine.begin() as conn:
        conn.execute(text(statement), params)
    db.session.expire_all()


def test_every_column_but_the_id_and_the_hash_is_hashed():
    columns = {c.name for c in AuditLog.__table__.columns} - {"id", "hash"}
    assert set(HASHED) == columns


def test_the_chain_is_intact_after_ordinary_writes(world, runner):
    _rows(3, world)
    assert verify_chain() == []
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "toàn vẹn" in result.output


def test_a_user_name_changed_with_sql_is_found(world, runner):
    ids = _rows(4, world)
    _sql("UPDATE audit_log SET username = 'nguoi-khac' WHERE id = :id", id=ids[2])
    assert verify_chain() == [ids[2]]
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"Dòng sai đầu tiên: id {ids[2]}" in result.output


def test_a_time_changed_with_sql_is_found(world):
    ids = _rows(3, world)
    _sql("UPDATE audit_log SET at = :at WHERE id = :id", at="2020-01-01 00:00:00", id=ids[1])
    assert verify_chain() == [ids[1]]


def test_deleting_the_newest_rows_is_found(world, runner):
    ids = _rows(5, world)
    _sql("DELETE FROM audit_log WHERE id >= :id", id=ids[-2])
    assert check_chain().checkpoint_problem == "truncated"
    assert verify_chain() == [ids[-1]]  # the signed head is gone
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "các dòng mới nhất đã bị xóa" in result.output


def test_deleting_the_checkpoint_too_is_found(world):
    _rows(2, world)
    _sql("DELETE FROM audit_checkpoint")
    assert check_chain().checkpoint_problem == "missing"
    assert verify_chain() != []


def test_a_checkpoint_moved_back_by_sql_fails_its_signature(world):
    ids = _rows(4, world)
    row = db.session.get(AuditLog, ids[1])
    _sql("DELETE FROM audit_log WHERE id > :id", id=ids[1])
    _sql("UPDATE audit_checkpoint SET last_id = :i, last_hash = :h", i=row.id, h=row.hash)
    assert check_chain().checkpoint_problem == "forged"


def test_rows_appended_by_hand_past_the_signed_head_are_found(world):
    from evaluation.services.audit import values_hash

    ids = _rows(2, world)
    last = db.session.get(AuditLog, ids[-1])
    values = {
        "at": last.at, "agency_id": last.agency_id, "user_id": None, "username": "x",
        "action": "update", "entity": "unit", "entity_id": 1, "before": None, "after": None,
        "reason": "", "prev_hash": last.hash,
    }  # fmt: skip
    forged = AuditLog(**values, hash=values_hash(values))
    db.session.add(forged)
    db.session.commit()
    report = check_chain()
    assert report.checkpoint_problem == "appended" and report.broken == [forged.id]


def test_the_checkpoint_is_kept_apart_and_follows_each_commit(world):
    ids = _rows(2, world)
    checkpoint = db.session.get(AuditCheckpoint, 1)
    assert checkpoint.last_id == ids[-1]
    assert db.session.scalar(select(func.count()).select_from(AuditCheckpoint)) == 1
    ids = _rows(1, world)
    db.session.refresh(checkpoint)
    assert checkpoint.last_id == ids[-1]


def test_a_rolled_back_savepoint_leaves_the_checkpoint_on_the_real_head(world):
    ids = _rows(1, world)
    record("update", "unit", 1, agency_id=world.agency.id, reason="kept")
    nested = db.session.begin_nested()
    record("update", "unit", 1, agency_id=world.agency.id, reason="dropped")
    nested.rollback()
    db.session.commit()
    assert verify_chain() == []
    last = db.session.scalar(select(AuditLog).order_by(AuditLog.id.desc()).limit(1))
    assert last.reason == "kept" and last.id > ids[-1]
