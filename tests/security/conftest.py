"""Fixtures for the safety net: an app on its own SQLite file (backups, concurrency)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import text

from config import TestConfig
from evaluation import create_app
from evaluation.extensions import db


def make_file_app(path: Path) -> Flask:
    """An app on a SQLite file at the migrations' head revision (create_all + stamp)."""
    config = type("FileConfig", (TestConfig,), {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    app = create_app(config)
    with app.app_context():
        db.create_all()
        from evaluation.cli.ops import _head_revision

        db.session.execute(
            text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)")
        )
        db.session.execute(text("INSERT INTO alembic_version VALUES (:v)"), {"v": _head_revision()})
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture
def file_app(tmp_path) -> Iterator[Flask]:
    """A second app on tmp_path/app.db; its context is pushed for the test."""
    app = make_file_app(tmp_path / "app.db")
    with app.app_context():
        yield app
        db.session.remove()
        db.engine.dispose()
