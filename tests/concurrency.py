"""Two (or more) requests at the same moment, each in its own session and connection: the
parallel-decision tests of people, party members and organisations share this one harness."""

from __future__ import annotations

import threading
from collections.abc import Callable

from evaluation.extensions import db
from evaluation.services import ValidationError

# An attempt loads its rows in the session it is given, calls ready(), then calls one service.
Attempt = Callable[[Callable[[], object]], object]


def race(app, attempts: list[Attempt]) -> list[str]:
    """Run the attempts together and return "ok" or "refused" for each, in finishing order.
    PostgreSQL: one thread, session and connection each, released together by a barrier.
    SQLite serialises writers, so there the same requests run one after the other."""
    outcomes: list[str] = []

    def run(attempt: Attempt, ready: Callable[[], object]) -> None:
        try:
            attempt(ready)
            db.session.commit()
            outcomes.append("ok")
        except ValidationError:
            db.session.rollback()
            outcomes.append("refused")

    if db.engine.dialect.name != "postgresql":
        for attempt in attempts:
            run(attempt, lambda: None)
        return outcomes
    barrier = threading.Barrier(len(attempts))

    def worker(attempt: Attempt) -> None:
        with app.app_context():
            try:
                run(attempt, barrier.wait)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=worker, args=(attempt,)) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes
