"""`count_queries`: count the SQL statements a block of code sends (N+1 guard).

Usage (the fixture is available in every test; tests/conftest.py imports it):

    def test_list_is_bounded(client, count_queries):
        with count_queries() as small:
            client.get("/staff/")
        ...make 10x more rows...
        with count_queries() as big:
            client.get("/staff/")
        assert big.count == small.count, big.statements  # statements show what ran
        assert big.count <= 8
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from evaluation.extensions import db


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:  # shown by pytest when an assertion fails
        listing = "\n".join(f"  {i + 1}. {s[:160]}" for i, s in enumerate(self.statements))
        return f"<{self.count} statements>\n{listing}"


@pytest.fixture
def count_queries(app) -> Callable[[], contextmanager]:
    """A context manager factory; each `with count_queries() as q:` counts its own block."""

    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()

        def before_cursor_execute(_conn, _cursor, statement, _params, _context, _many):
            counter.statements.append(" ".join(statement.split()))

        engine = db.engine
        event.listen(engine, "before_cursor_execute", before_cursor_execute)
        try:
            yield counter
        finally:
            event.remove(engine, "before_cursor_execute", before_cursor_execute)

    return counting
