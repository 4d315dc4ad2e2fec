"""Load test: the app under gunicorn (2 sync workers) on PostgreSQL, 50 signed-in users.

Prepare a dedicated database once:

    createdb xeploai_load
    export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/xeploai_load
    flask --app run db upgrade && flask --app run demo --province 3000

Run (from the repository root):

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/xeploai_load \\
        python bench/load.py --users 50 --duration 60

Scenarios: "saves" (every user is a civil servant opening a periodic sheet, autosaving one
new work item and saving another with the form) and "mixed" (civil servants saving, heads
opening their ranking board, HR opening the dashboard). Each save writes a work item whose
title carries a UUID; afterwards every acknowledged save is looked up in the database.
There is no web download of the results workbook yet, so the export is timed in-process
through the same code as `flask export results`. Figures are reported, not asserted.
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "XepLoai@2026"  # noqa: S105 - the printed demo password


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int, log: Path) -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "120",
            "--error-logfile",
            str(log),
            "bench.load_wsgi:app",
        ],
        cwd=ROOT,
        env={**os.environ, "XEPLOAI_ENV": "development"},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if local_session().get(f"http://127.0.0.1:{port}/login", timeout=5).status_code == 200:
                return process
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not start; see " + str(log))


# --- HTML forms ---------------------------------------------------------------------------


class FormFields(HTMLParser):
    """name -> value of the inputs inside the first form whose class contains `css_class`
    (checked checkboxes only, submit buttons left out), like a browser would post them."""

    def __init__(self, css_class: str = "") -> None:
        super().__init__()
        self.css_class = css_class
        self.inside = False
        self.done = False
        self.fields: list[tuple[str, str]] = []
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.done and self.css_class in (a.get("class") or ""):
            self.inside = True
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind == "submit" or (kind == "checkbox" and "checked" not in a):
                return
            self.fields.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.fields.append((name, ""))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in a:
            self.fields.append((self._select, a.get("value") or ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.fields[-1]
            self.fields[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(html: str, css_class: str = "") -> dict[str, str]:
    parser = FormFields(css_class)
    parser.feed(html)
    return dict(parser.fields)


# --- measurements ---------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    acknowledged: list[tuple[int, str]] = field(default_factory=list)  # (staff id, title)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, action: str, seconds: float, ok: bool, why: str = "") -> None:
        with self.lock:
            self.latencies[action].append(seconds)
            if not ok:
                self.errors[action] += 1
                if len(self.error_samples) < 10:
                    self.error_samples.append(f"{action}: {why}")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(stats: Stats, action: str, call, expect: tuple[int, ...]):
    started = time.perf_counter()
    try:
        response = call()
    except requests.RequestException as error:
        stats.add(action, time.perf_counter() - started, False, repr(error))
        return None
    elapsed = time.perf_counter() - started
    ok = response.status_code in expect
    stats.add(action, elapsed, ok, f"HTTP {response.status_code}")
    return response if ok else None


# --- the users --------------------------------------------------------------------------


@dataclass
class Person:
    kind: str  # staff | head | hr
    username: str
    staff_id: int | None = None
    board_url: str = ""


def local_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # never through an HTTP(S)_PROXY from the environment
    return session


def sign_in(base: str, username: str) -> requests.Session:
    session = local_session()
    page = session.get(f"{base}/login", timeout=30)
    token = form_fields(page.text).get("csrf_token", "")
    answer = session.post(
        f"{base}/login",
        data={"csrf_token": token, "username": username, "password": PASSWORD},
        allow_redirects=False,
        timeout=60,
    )
    if answer.status_code != 302:
        raise SystemExit(f"sign-in failed for {username}: HTTP {answer.status_code}")
    return session


def item_fields(fields: dict[str, str], row: int, title: str) -> None:
    prefix = f"items-{row}-"
    fields.update(
        {
            prefix + "title": title,
            prefix + "units": "1",
            prefix + "assigned_on": "05/01/2026",
            prefix + "due_on": "20/11/2026",
            prefix + "completed_on": "15/11/2026",
            prefix + "quality_ok": "y",
        }
    )


def blank_rows(fields: dict[str, str]) -> list[int]:
    rows = []
    for name, value in fields.items():
        if name.startswith("items-") and name.endswith("-title") and not value:
            rows.append(int(name.split("-")[1]))
    return sorted(rows)


def staff_loop(base: str, session: requests.Session, person: Person, stop: float, stats: Stats):
    period = 0
    while time.monotonic() < stop:
        period = period % 4 + 1
        url = f"{base}/assessments/sheet/{person.staff_id}/{period}"
        page = timed(stats, "open sheet (GET)", lambda u=url: session.get(u, timeout=60), (200,))
        if page is None:
            continue
        fields = form_fields(page.text, "sheet-form")
        rows = blank_rows(fields)
        if len(rows) < 2 or "csrf_token" not in fields:
            stats.add("parse sheet", 0.0, False, "no blank rows / token")
            continue
        first = f"load {uuid.uuid4()}"
        item_fields(fields, rows[0], first)
        answer = timed(
            stats,
            "autosave (POST json)",
            lambda u=url, f=dict(fields): session.post(u + "/autosave", data=f, timeout=60),
            (200,),
        )
        if answer is None:
            continue
        body = answer.json()
        if not body.get("ok"):
            stats.add("autosave (POST json)", 0.0, False, str(body)[:200])
            continue
        with stats.lock:
            stats.acknowledged.append((person.staff_id, first))
        fields["version"] = str(body["version"])
        second = f"load {uuid.uuid4()}"
        item_fields(fields, rows[1], second)
        fields["save"] = "Lưu nháp"
        saved = timed(
            stats,
            "save sheet (POST form)",
            lambda u=url, f=dict(fields): session.post(
                u, data=f, allow_redirects=False, timeout=60
            ),
            (302,),
        )
        if saved is not None:
            with stats.lock:
                stats.acknowledged.append((person.staff_id, second))


def page_loop(session: requests.Session, url: str, action: str, stop: float, stats: Stats) -> None:
    while time.monotonic() < stop:
        timed(stats, action, lambda: session.get(url, timeout=60), (200,))


# --- choosing people from the database ---------------------------------------------------------


def choose_people(app, n_staff: int, n_heads: int, n_hr: int) -> list[Person]:
    from sqlalchemy import func, select

    from evaluation.extensions import db
    from evaluation.models import Cycle, CycleStatus, RoleAssignment, RoleName, Staff, User

    with app.app_context():
        staff_rows = db.session.execute(
            select(User.username, Staff.id)
            .join(Staff, Staff.id == User.staff_id)
            .where(
                Staff.position == "staff",
                Staff.group.in_(["cong_chuc", "vien_chuc"]),
                Staff.end_date.is_(None),
            )
            .order_by(func.md5(Staff.code))
            .limit(n_staff)
        ).all()
        people = [Person("staff", u, staff_id=s) for u, s in staff_rows]
        # Heads of the biggest units (the heaviest ranking boards), one per agency.
        size = (
            select(Staff.unit_id, func.count().label("n"))
            .where(Staff.end_date.is_(None))
            .group_by(Staff.unit_id)
            .subquery()
        )
        heads = db.session.execute(
            select(User.username, RoleAssignment.unit_id, Cycle.id, User.agency_id, size.c.n)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .join(size, size.c.unit_id == RoleAssignment.unit_id)
            .join(Cycle, (Cycle.agency_id == User.agency_id) & (Cycle.status == CycleStatus.OPEN))
            .where(RoleAssignment.role == RoleName.UNIT_HEAD)
            .order_by(size.c.n.desc())
        ).all()
        seen: set[int] = set()
        for username, unit_id, cycle_id, agency_id, _n in heads:
            if agency_id in seen or len(seen) >= n_heads:
                continue
            seen.add(agency_id)
            people.append(
                Person("head", username, board_url=f"/ranking/{cycle_id}/units/{unit_id}")
            )
        hr = db.session.execute(
            select(User.username)
            .join(RoleAssignment, RoleAssignment.user_id == User.id)
            .where(RoleAssignment.role == RoleName.HR)
            .order_by(User.id)
            .limit(n_hr)
        ).all()
        people += [Person("hr", u) for (u,) in hr]
    return people


def verify(app, acknowledged: list[tuple[int, str]]) -> tuple[int, int]:
    """(acknowledged saves, of which found in the database)."""
    from sqlalchemy import select

    from evaluation.extensions import db
    from evaluation.models import PeriodSheet

    ids = {staff_id for staff_id, _t in acknowledged}
    with app.app_context():
        stored: set[tuple[int, str]] = set()
        for staff_id, items in db.session.execute(
            select(PeriodSheet.staff_id, PeriodSheet.items).where(PeriodSheet.staff_id.in_(ids))
        ):
            stored.update((staff_id, item.get("title", "")) for item in items or [])
    found = sum(1 for pair in acknowledged if pair in stored)
    return len(acknowledged), found


def time_export(app, repeats: int) -> None:
    from sqlalchemy import func, select

    from evaluation.extensions import db
    from evaluation.models import Cycle, CycleStatus, Staff
    from evaluation.queries_results import results_data
    from exports.excel import write_results_workbook

    with app.app_context():
        agency_id, people = db.session.execute(
            select(Staff.agency_id, func.count())
            .group_by(Staff.agency_id)
            .order_by(func.count().desc())
            .limit(1)
        ).one()
        cycle = db.session.scalars(
            select(Cycle).where(Cycle.agency_id == agency_id, Cycle.status == CycleStatus.OPEN)
        ).one()
        times = []
        for _i in range(repeats):
            started = time.perf_counter()
            buffer = io.BytesIO()
            count = write_results_workbook(results_data(cycle), buffer)
            times.append(time.perf_counter() - started)
            db.session.rollback()
        print(
            f"export results workbook in-process (flask export results path), largest agency "
            f"({people} people, {count} rows, {len(buffer.getvalue()) // 1024} KiB): "
            f"median {statistics.median(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms "
            f"over {repeats} runs"
        )


# --- a scenario -------------------------------------------------------------------------------


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_scenario(name: str, base: str, people: list[Person], duration: float, app) -> Stats:
    print(f"\n=== scenario {name}: {len(people)} users, {duration:.0f} s ===")
    counts = defaultdict(int)
    for p in people:
        counts[p.kind] += 1
    print("users: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    sessions: list[requests.Session] = [None] * len(people)  # type: ignore[list-item]

    def login(i: int) -> None:
        sessions[i] = sign_in(base, people[i].username)

    threads = [threading.Thread(target=login, args=(i,)) for i in range(len(people))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if any(s is None for s in sessions):
        raise SystemExit("some users could not sign in")
    stats = Stats()
    print(f"load average before: {load_average()}")
    started = time.monotonic()
    stop = started + duration
    workers = []
    for person, session in zip(people, sessions, strict=True):
        if person.kind == "staff":
            target = (staff_loop, (base, session, person, stop, stats))
        elif person.kind == "head":
            url = base + person.board_url
            target = (page_loop, (session, url, "ranking board (GET)", stop, stats))
        else:
            target = (page_loop, (session, base + "/dashboard", "HR dashboard (GET)", stop, stats))
        workers.append(threading.Thread(target=target[0], args=target[1]))
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.monotonic() - started
    print(f"load average after:  {load_average()}")
    print(
        f"{'action':<26}{'count':>7}{'per s':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'errors':>8}"
    )
    total = 0
    for action, values in sorted(stats.latencies.items()):
        total += len(values)
        print(
            f"{action:<26}{len(values):>7}{len(values) / elapsed:>8.1f}"
            f"{percentile(values, 50) * 1000:>9.0f}{percentile(values, 95) * 1000:>9.0f}"
            f"{percentile(values, 99) * 1000:>9.0f}{stats.errors.get(action, 0):>8}"
        )
    saves = len(stats.latencies.get("autosave (POST json)", [])) + len(
        stats.latencies.get("save sheet (POST form)", [])
    )
    print(
        f"all requests: {total} in {elapsed:.1f} s = {total / elapsed:.1f}/s; "
        f"saves {saves / elapsed:.1f}/s; errors {sum(stats.errors.values())}"
    )
    for sample in stats.error_samples:
        print("  error: " + sample)
    acknowledged, found = verify(app, stats.acknowledged)
    print(
        f"acknowledged saves: {acknowledged}; found in the database: {found}; "
        f"missing: {acknowledged - found}"
    )
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per scenario")
    parser.add_argument("--scenario", choices=["saves", "mixed", "all"], default="all")
    parser.add_argument("--export-runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        raise SystemExit("set DATABASE_URL to a dedicated PostgreSQL database (see the docstring)")

    from bench.load_wsgi import app

    port = free_port()
    log = Path("/tmp") / f"xeploai-load-{port}.log"
    server = start_server(port, log)
    base = f"http://127.0.0.1:{port}"
    print(f"gunicorn 2 sync workers on {base} (log {log}); {os.cpu_count()} CPUs")
    try:
        if args.scenario in ("saves", "all"):
            people = choose_people(app, args.users, 0, 0)
            run_scenario("saves", base, people, args.duration, app)
        if args.scenario in ("mixed", "all"):
            heads = max(1, args.users * 12 // 100)
            hr = max(1, args.users * 8 // 100)
            people = choose_people(app, args.users - heads - hr, heads, hr)
            run_scenario("mixed", base, people, args.duration, app)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.export_runs:
        print(f"\nload average before export: {load_average()}")
        time_export(app, args.export_runs)
        print(f"load average after export:  {load_average()}")


if __name__ == "__main__":
    main()
