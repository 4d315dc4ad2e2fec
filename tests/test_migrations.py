"""`flask db upgrade` builds on an empty database exactly the schema the models describe."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from config import TestConfig
from evaluation import create_app
from evaluation.extensions import db

PG_URL = os.environ.get("TEST_DATABASE_URL", "")
CHECK_DB = f"xeploai_migcheck_{os.getpid()}"


@pytest.fixture
def empty_database_url(tmp_path):
    if PG_URL.startswith("postgresql"):
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {CHECK_DB}"))
            conn.execute(text(f"CREATE DATABASE {CHECK_DB}"))
        admin.dispose()
        yield PG_URL.rsplit("/", 1)[0] + f"/{CHECK_DB}"
        admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {CHECK_DB} WITH (FORCE)"))
        admin.dispose()
    else:
        yield f"sqlite:///{tmp_path / 'empty.db'}"


def test_upgrade_builds_the_models_schema(empty_database_url):
    class Fresh(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Fresh)
    with app.app_context():
        upgrade()
        with db.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), db.metadata)
        db.engine.dispose()
    assert diff == [], f"models and migrations differ; run `make migration`: {diff}"


def test_0004_item_counts_converts_the_yes_no_flag_both_ways():
    """Decree 335 Art 14.2: an item records how many times it failed a review or was late."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "migrations/versions/0004_item_counts.py"
    spec = importlib.util.spec_from_file_location("m0004", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    old = [{"title": "A", "major_error": True}, {"title": "B", "major_error": False}]
    new = module._to_counts(old)
    assert new == [
        {"title": "A", "failed_reviews": 1, "delays": 0},
        {"title": "B", "failed_reviews": 0, "delays": 0},
    ]
    assert module._to_counts(None) is None
    assert module._to_flag([{"title": "A", "failed_reviews": 3, "delays": 2}]) == [
        {"title": "A", "major_error": True}
    ]


def test_0011_decision_status_converts_the_booleans_both_ways(empty_database_url):
    """A decision's lifecycle is one status; the booleans it replaces come back on downgrade."""
    from flask_migrate import downgrade

    class Fresh(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Fresh)
    columns = "id, cycle_id, staff_id, regime, classified, needs_decision, engine_reasons, "
    columns += "reason, decided_at, approved, current, version"
    # (current, approved) -> status
    cases = {1: (False, True, "replaced"), 2: (True, True, "approved"), 3: (True, False, "decided")}
    with app.app_context():
        upgrade(revision="0010")
        with db.engine.connect() as conn:
            # The rows stand alone (no cycle, no staff): foreign keys are not checked here.
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET session_replication_role = replica"))
            else:
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            for row_id, (current, approved, _status) in cases.items():
                conn.execute(
                    text(
                        f"INSERT INTO decision ({columns}) VALUES (:id, 1, :id, '', true, false, "
                        "'[]', '', '2026-11-16 09:00:00', :approved, :current, 1)"
                    ),
                    {"id": row_id, "approved": approved, "current": current},
                )
            conn.commit()
        upgrade()
        with db.engine.connect() as conn:
            got = dict(conn.execute(text("SELECT id, status FROM decision")).all())
        assert got == {row_id: case[2] for row_id, case in cases.items()}
        with db.engine.connect() as conn, pytest.raises(IntegrityError):
            conn.execute(text("UPDATE decision SET status = 'lost' WHERE id = 1"))  # the CHECK
        downgrade(revision="0010")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, current, approved, classified FROM decision"))
            back = {r[0]: (bool(r[1]), bool(r[2]), bool(r[3])) for r in rows}
        db.engine.dispose()
    # A replaced row comes back not approved (nothing read "approved" on a replaced row).
    assert back == {1: (False, False, True), 2: (True, True, True), 3: (True, False, True)}


def test_0022_sheet_summary_columns_up_and_down(empty_database_url):
    """Mẫu số 01 items 4-5: a sheet from before the columns reads empty; downgrade drops them."""
    from flask_migrate import downgrade
    from sqlalchemy import inspect

    class Fresh(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Fresh)
    with app.app_context():
        upgrade(revision="0021")
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET session_replication_role = replica"))
            else:
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.execute(
                text(
                    "INSERT INTO period_sheet (id, agency_id, cycle_id, staff_id, period, regime, "
                    "status, general_self, items, manager_comment, version, created_at, "
                    "updated_at) VALUES (1, 1, 1, 1, 1, 'D335', 'closed', '{}', '[]', 'Tốt', 1, "
                    "'2026-11-16 09:00:00', '2026-11-16 09:00:00')"
                )
            )
            conn.commit()
        upgrade()
        with db.engine.connect() as conn:
            row = conn.execute(
                text(
                    "SELECT manager_strengths, manager_weaknesses, manager_comment "
                    "FROM period_sheet"
                )
            ).one()
        assert tuple(row) == ("", "", "Tốt")
        downgrade(revision="0021")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("period_sheet")}
            kept = conn.execute(text("SELECT manager_comment FROM period_sheet")).scalar_one()
        db.engine.dispose()
    assert "manager_strengths" not in columns and "manager_weaknesses" not in columns
    assert kept == "Tốt"


def test_0023_an_issued_report_keeps_its_addressee(empty_database_url):
    """A report issued before the column is addressed to what the agency held; later edits of
    the agency's superior body never reach it. Downgrade drops the column."""
    from flask_migrate import downgrade
    from sqlalchemy import inspect

    class Fresh(TestConfig):
        SQLALCHEMY_DATABASE_URI = empty_database_url

    app = create_app(Fresh)
    with app.app_context():
        upgrade(revision="0022")
        with db.engine.connect() as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET session_replication_role = replica"))
            else:
                conn.exec_driver_sql("PRAGMA foreign_keys = OFF")
            conn.execute(
                text(
                    "INSERT INTO agency (id, code, name, governing_body, kind, place, "
                    "notice_symbol, special_deadline, has_intranet, superior_post, "
                    "superior_name, superior_body, province, home_affairs, created_at, "
                    "updated_at) VALUES (1, 'SNV', 'Sở Nội vụ', '', 'administrative', '', '', "
                    "false, true, '', '', 'UBND tỉnh', '', false, '2026-11-16 09:00:00', "
                    "'2026-11-16 09:00:00')"
                )
            )
            for id_, ref in ((1, "report:7"), (2, "notice:3")):
                conn.execute(
                    text(
                        "INSERT INTO outgoing_document (id, agency_id, issuer, year, doc_type, "
                        "number, symbol, issued_on, subject, ref, signer_name, created_at, "
                        "updated_at) VALUES (:id, 1, 'SNV', 2026, 'BC', :id, 'BC-SNV', "
                        "'2026-12-10', '', :ref, '', '2026-12-10 09:00:00', "
                        "'2026-12-10 09:00:00')"
                    ),
                    {"id": id_, "ref": ref},
                )
            conn.commit()
        upgrade()
        with db.engine.connect() as conn:
            rows = dict(conn.execute(text("SELECT ref, addressee FROM outgoing_document")).all())
        assert rows == {"report:7": "UBND tỉnh", "notice:3": ""}
        downgrade(revision="0022")
        with db.engine.connect() as conn:
            columns = {c["name"] for c in inspect(conn).get_columns("outgoing_document")}
        db.engine.dispose()
    assert "addressee" not in columns
