"""Pooled connections are pinged only after sitting idle, and a dead one is replaced."""

from __future__ import annotations

import time

from sqlalchemy import create_engine, event, text

from evaluation.extensions import ping_when_idle


def _engine(tmp_path, idle_seconds: float):
    engine = create_engine(f"sqlite:///{tmp_path / 'pool.db'}", pool_size=1, max_overflow=0)
    ping_when_idle(engine, idle_seconds)
    pings: list[str] = []

    @event.listens_for(engine, "connect")
    def _count_connects(_dbapi_connection, record) -> None:
        pings.append("connect")

    return engine, pings


def _age(engine, seconds: float) -> None:
    """Pretend the pooled connection was checked in `seconds` ago."""
    with engine.connect() as connection:
        record = connection.connection._connection_record
    record.info["checked_in_at"] = time.monotonic() - seconds


def test_a_connection_in_steady_use_is_not_pinged(tmp_path):
    engine, connects = _engine(tmp_path, idle_seconds=60)
    with engine.connect() as connection:
        first = connection.connection.dbapi_connection
    first.close()  # dead, but it was used a moment ago: the pool hands it out unchecked
    with engine.connect() as connection:
        assert connection.connection.dbapi_connection is first
        connection.connection._connection_record.info.pop("checked_in_at")  # no re-ping loop
        connection.invalidate()
    assert connects == ["connect"]


def test_an_idle_dead_connection_is_replaced_before_use(tmp_path):
    engine, connects = _engine(tmp_path, idle_seconds=60)
    with engine.connect() as connection:
        connection.execute(text("CREATE TABLE t (x INTEGER)"))
        connection.execute(text("INSERT INTO t VALUES (7)"))
        connection.commit()
        dead = connection.connection.dbapi_connection
    dead.close()  # as a database restart would leave it
    _age(engine, 61)
    with engine.connect() as connection:  # the ping fails: a new connection, no error
        assert connection.connection.dbapi_connection is not dead
        assert connection.execute(text("SELECT x FROM t")).scalar() == 7
    assert connects == ["connect", "connect"]


def test_an_idle_live_connection_is_pinged_and_kept(tmp_path):
    engine, connects = _engine(tmp_path, idle_seconds=60)
    with engine.connect() as connection:
        live = connection.connection.dbapi_connection
    _age(engine, 61)
    with engine.connect() as connection:
        assert connection.connection.dbapi_connection is live
        assert connection.execute(text("SELECT 1")).scalar() == 1
    assert connects == ["connect"]
