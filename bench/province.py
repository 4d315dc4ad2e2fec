"""The Sở Nội vụ's province board (evaluation/queries/province.py): time and SQL statements
per build, printed, never asserted.

Run against a generated province (README, "Benchmarks"):
``DATABASE_URL=… flask --app run demo --province 3000`` then
``DATABASE_URL=… python bench/province.py [rounds]``.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import event, func, select  # noqa: E402

from evaluation import create_app  # noqa: E402
from evaluation.extensions import db  # noqa: E402
from evaluation.models import Agency, Cycle, Staff  # noqa: E402
from evaluation.queries.province import build  # noqa: E402


def main(rounds: int) -> None:
    app = create_app()
    with app.app_context():
        home = db.session.scalars(select(Agency).where(Agency.home_affairs.is_(True))).first()
        if home is None:
            sys.exit("No Home Affairs department: load a province first (flask demo --province).")
        year = db.session.scalar(select(func.max(Cycle.year)).where(Cycle.agency_id == home.id))
        people = db.session.scalar(select(func.count(Staff.id)))
        statements: list[str] = []
        event.listen(db.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        times = []
        for _ in range(rounds):
            db.session.expire_all()
            statements.clear()
            started = time.perf_counter()
            board = build(home.province, year)
            times.append(time.perf_counter() - started)
        print(f"province {home.province}, {year}: {people} people, {len(board.rows)} agencies")
        print(f"statements per build: {len(statements)}")
        print(
            f"build time over {rounds} rounds: median {statistics.median(times) * 1000:.1f} ms, "
            f"max {max(times) * 1000:.1f} ms"
        )
        print(f"quota: {board.used}/{board.cap} (base {board.base}); states {board.counts}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
