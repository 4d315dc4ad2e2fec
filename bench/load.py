"""Load test: the app under gunicorn (2 sync workers) on PostgreSQL, 50 signed-in users.

Prepare a dedicated database once:

    createdb xeploai_load
    export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/xeploai_load
    flask --app run db upgrade && flask --app run demo --province 3000 --open-year

(`--open-year`: the year is still open and the sheets empty, as in the weeks before the
deadline; a simulated year would have closed every sheet.)

Run (from the repository root):

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/xeploai_load \\
        python bench/load.py --users 50 --duration 60

Scenarios, each with 50 users (by default) for `--duration` seconds:
- "saves": civil servants. A round is: open a periodic sheet, type one work item while the page
  autosaves at each pause (`--autosaves`, 3 JSON posts), then press "Lưu nháp" (a form post),
  then report one of their assigned tasks done with a link to its output (a form post; the
  tasks fall due next year, so the sheets keep the typed items the run verifies).
  Each user starts a round every `--round` seconds (default 2 s: 4 saves a round make 2 saves a
  second per user, 100 a second for 50 users); a user who falls behind starts the next round
  at once. Sheets start with `--items` work items (10).
- "mixed": the same, with 12% of the users heads opening their ranking board and 8% HR
  opening the dashboard, each every `--page-every` seconds (2 s).
- "saturation": "saves" in a closed loop (no pause at all): the most the server can do.
Afterwards every acknowledged save is checked: the run's audit rows of saves (committed in
the save's own transaction) must number the acknowledged saves, and each sheet must hold the
last value acknowledged for it. The results workbook of the largest agency is timed
in-process (the `flask export results` path). Figures are reported, not asserted.
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "XepLoai@2026"  # noqa: S105 - the printed demo password


# --- the server -------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(
    port: int, log: Path, workers: int, host: str = "127.0.0.1", env: dict[str, str] | None = None
) -> subprocess.Popen:
    """gunicorn in its own process group, so that bench/failover.py can kill a whole host."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    process = subprocess.Popen(
        [
            str(gunicorn),
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--bind",
            f"{host}:{port}",
            "--timeout",
            "120",
            "--error-logfile",
            str(log),
            "bench.load_wsgi:app",
        ],
        cwd=ROOT,
        env={**os.environ, "XEPLOAI_ENV": "development", **(env or {})},
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Browser().get(f"http://{host}:{port}/login", timeout=5).status_code == 200:
                return process
        except (OSError, http.client.HTTPException):
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


INPUT = re.compile(r"<input\b([^>]*)>")
ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')


def sheet_fields(html: str) -> dict[str, str]:
    """form_fields(html, "sheet-form") for the sheet page, ten times cheaper: the load
    generator shares the machine with the server, so its own CPU time counts. The sheet form
    holds only <input> elements; the first page of a run is checked against form_fields."""
    start = html.index('class="sheet-form"')
    form = html[start : html.index("</form>", start)]
    fields: dict[str, str] = {}
    for match in INPUT.finditer(form):
        attributes = {k: unescape(v or "") for k, v in ATTRIBUTE.findall(match.group(1))}
        name, kind = attributes.get("name"), attributes.get("type", "text")
        if not name or kind == "submit" or (kind == "checkbox" and "checked" not in attributes):
            continue
        fields[name] = attributes.get("value", "")
    return fields


# --- measurements ---------------------------------------------------------------------------


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_samples: list[str] = field(default_factory=list)
    acknowledged: list[tuple[int, int, str]] = field(default_factory=list)  # staff, period, title
    # Every save sent, acknowledged or not (a save in flight when a host dies may still have
    # committed), and every answer's time and failure: bench/failover.py reads both.
    attempted: list[tuple[int, int, str]] = field(default_factory=list)
    events: list[tuple[float, str]] = field(default_factory=list)  # (time, "" or why)
    lock: threading.Lock = field(default_factory=threading.Lock)
    parser_checked: bool = False

    def add(self, action: str, seconds: float, ok: bool, why: str = "") -> None:
        with self.lock:
            self.latencies[action].append(seconds)
            self.events.append((time.monotonic(), "" if ok else why))
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
    except (OSError, http.client.HTTPException) as error:
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
    tasks: list[int] = field(default_factory=list)  # assigned tasks left to report


@dataclass
class Response:
    status_code: int
    text: str

    def json(self) -> Any:
        return json.loads(self.text)


class Browser:
    """A signed-in user's HTTP client: http.client and its cookie, nothing more. It shares the
    two CPUs with the server, so it is kept cheaper than `requests` (which cost 1 ms more per
    request here). gunicorn's sync workers close every connection, so each request opens one;
    redirects are never followed (a 302 is the answer being measured)."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def get(self, url: str, timeout: float = 60) -> Response:
        return self._request("GET", url, None, timeout)

    def post(self, url: str, data: dict[str, str], timeout: float = 60) -> Response:
        return self._request("POST", url, urlencode(data), timeout)

    def _request(self, method: str, url: str, body: str | None, timeout: float) -> Response:
        parts = urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, target, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode()
            for header in answer.headers.get_all("Set-Cookie") or []:
                name, _eq, rest = header.partition("=")
                value = rest.split(";", 1)[0]
                if "Max-Age=0" in header or "expires=Thu, 01 Jan 1970" in header:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = value
            return Response(answer.status, text)
        finally:
            connection.close()


def sign_in(base: str, username: str) -> Browser:
    session = Browser()
    page = session.get(f"{base}/login", timeout=30)
    token = form_fields(page.text).get("csrf_token", "")
    answer = session.post(
        f"{base}/login",
        data={"csrf_token": token, "username": username, "password": PASSWORD},
        timeout=60,
    )
    if answer.status_code != 302:
        raise SystemExit(f"sign-in failed for {username}: HTTP {answer.status_code}")
    return session


def item_fields(fields: dict[str, str], row: int, title: str) -> None:
    """Type one work item into `row`, dated like the sheet's first item (prepare_sheets dates
    every item inside its own period: an item belongs to the period it falls due in)."""
    prefix = f"items-{row}-"
    fields.update({prefix + "title": title, prefix + "units": "1", prefix + "quality_ok": "y"})
    for name in ("assigned_on", "due_on", "completed_on"):
        fields[prefix + name] = fields.get(f"items-0-{name}", "")


def row_to_edit(fields: dict[str, str]) -> int | None:
    """The row this user types in: the one its earlier rounds wrote, else the first blank."""
    blank = None
    for name, value in fields.items():
        if name.startswith("items-") and name.endswith("-title"):
            row = int(name.split("-")[1])
            if value.startswith("load "):
                return row
            if not value and (blank is None or row < blank):
                blank = row
    return blank


def pace(next_start: float, every: float) -> float:
    """Sleep until a user's next scheduled round; a user who fell behind starts at once and
    keeps the schedule (no catching up by bursts). Returns the following round's start."""
    if every <= 0:
        return next_start
    delay = next_start - time.monotonic()
    if delay > 0:
        time.sleep(delay)
        return next_start + every
    return time.monotonic() + every


def staff_loop(
    base: str,
    session: Browser,
    person: Person,
    stop: float,
    stats: Stats,
    every: float,
    autosaves: int,
):
    """Rounds of: open a sheet, type one work item (the page autosaves at each pause in the
    typing: `autosaves` times), then press "Lưu nháp".
    The user edits the same row every time, as someone typing does, so sheets keep their size;
    every acknowledged save is checked afterwards (see verify)."""
    period = 0
    next_start = time.monotonic() + random.uniform(0, every)  # users do not start in step
    while True:
        next_start = pace(next_start, every)
        if time.monotonic() >= stop:
            return
        period = period % PERIODS + 1
        url = f"{base}/assessments/sheet/{person.staff_id}/{period}"
        page = timed(stats, "open sheet (GET)", lambda u=url: session.get(u, timeout=60), (200,))
        if page is None:
            continue
        fields = sheet_fields(page.text)
        if not stats.parser_checked:
            stats.parser_checked = True
            assert fields == form_fields(page.text, "sheet-form"), "sheet_fields is wrong"
        row = row_to_edit(fields)
        if row is None or "csrf_token" not in fields:
            stats.add("parse sheet", 0.0, False, "no row to edit / no token")
            continue
        for _typing_pause in range(autosaves):
            typed = f"load {uuid.uuid4()}"
            item_fields(fields, row, typed)
            with stats.lock:
                stats.attempted.append((person.staff_id, period, typed))
            answer = timed(
                stats,
                "autosave (POST json)",
                lambda u=url, f=dict(fields): session.post(u + "/autosave", data=f, timeout=60),
                (200,),
            )
            if answer is None:
                break
            body = answer.json()
            if not body.get("ok"):
                stats.add("autosave (POST json)", 0.0, False, str(body)[:200])
                break
            with stats.lock:
                stats.acknowledged.append((person.staff_id, period, typed))
            fields["version"] = str(body["version"])
        else:
            second = f"load {uuid.uuid4()}"
            item_fields(fields, row, second)
            with stats.lock:
                stats.attempted.append((person.staff_id, period, second))
            fields["save"] = "Lưu nháp"
            saved = timed(
                stats,
                "save sheet (POST form)",
                lambda u=url, f=dict(fields): session.post(u, data=f, timeout=60),
                (302,),
            )
            if saved is not None:
                with stats.lock:
                    stats.acknowledged.append((person.staff_id, period, second))
            if person.tasks:  # then reports one of their tasks done, with its output
                task_id = person.tasks.pop()
                report = {
                    "csrf_token": fields["csrf_token"],
                    "output_link": f"https://vanban.example.gov.vn/{uuid.uuid4()}",
                    "note": "Đã hoàn thành",
                }
                timed(
                    stats,
                    "report task (POST form)",
                    lambda u=f"{base}/tasks/{task_id}/report", f=report: session.post(
                        u, data=f, timeout=60
                    ),
                    (302,),
                )


def page_loop(
    session: Browser, url: str, action: str, stop: float, stats: Stats, every: float
) -> None:
    next_start = time.monotonic() + random.uniform(0, every)
    while True:
        next_start = pace(next_start, every)
        if time.monotonic() >= stop:
            return
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


PERIODS = 4  # the load test uses the first four periods (quarterly or monthly cycles)


def typical_items(cycle, period: int, count: int) -> list[dict]:
    """`count` ordinary work items of one period, as the sheet stores them. Each is due inside
    the period (an item counts in the period it falls due: Decree 335 Art 17,
    docs/rules/rules.md) and done ten days after the period starts, which is never in the
    future for the first four periods of the open year. tests/test_bench_items.py runs them
    through the sheet's own checks, so that the benchmark measures saves, not refusals."""
    from evaluation.models import PeriodKind
    from evaluation.services import assessments

    end = assessments.period_end(cycle, period)
    months = 1 if cycle.period_kind == PeriodKind.MONTH else 3
    start = date(end.year, end.month - months + 1, 1)
    return [
        {
            "title": f"Công việc thường xuyên số {k}: thẩm định hồ sơ, báo cáo",
            "units": "1",
            "assigned_on": start.isoformat(),
            "due_on": (end - timedelta(days=3)).isoformat(),
            "completed_on": (start + timedelta(days=10)).isoformat(),
            "quality_ok": True,
            "failed_reviews": 0,
            "delays": 0,
            "objective_cause": False,
        }
        for k in range(1, count + 1)
    ]


def prepare_sheets(app, staff_ids: list[int], items: int) -> int:
    """Give each user's first four sheets the same `items` ordinary work items (and nothing an
    earlier run typed), so every run starts from sheets of a realistic, equal size. Benchmark
    housekeeping on the benchmark's own database: it goes around the services on purpose.
    Returns the id of the last audit row, where this run's audit rows begin."""
    from sqlalchemy import func, select, text

    from evaluation.extensions import db
    from evaluation.models import AuditLog, Staff
    from evaluation.services import assessments
    from evaluation.services.cycles import current_cycle

    with app.app_context():
        if db.session.execute(text("SHOW autovacuum")).scalar() != "on":
            # This server runs without autovacuum (production has it): the dead row versions
            # of earlier runs' saves would slow every run down more than the last.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as raw:
                raw.execute(text("VACUUM (ANALYZE) period_sheet, audit_log"))
            print("autovacuum is off on this server: vacuumed period_sheet and audit_log")
        for staff in db.session.scalars(select(Staff).where(Staff.id.in_(staff_ids))):
            cycle = current_cycle(staff.agency_id)
            for period in range(1, PERIODS + 1):
                sheet = assessments.find_sheet(cycle, staff, period)
                if sheet is None:
                    sheet = assessments.new_sheet(cycle, staff, period)
                    db.session.add(sheet)
                sheet.items = typical_items(cycle, period, items)
        db.session.commit()
        return db.session.scalar(select(func.max(AuditLog.id))) or 0


def prepare_tasks(app, people: list[Person], per_user: int) -> None:
    """Give each user `per_user` tasks assigned from a catalogue, to report during the run
    (Decree 335 Art 18.2). They fall due next year, so that this year's sheets keep the typed
    work items the run saves and verifies (a period with tasks takes its rows from them).
    Benchmark housekeeping on the benchmark's own database: it goes around the services."""
    from sqlalchemy import select

    from evaluation._time import today
    from evaluation.extensions import db
    from evaluation.models import (
        CatalogueStatus,
        CatalogueVersion,
        Product,
        Staff,
        Task,
        TaskKind,
        TaskStatus,
    )

    with app.app_context():
        by_id = {p.staff_id: p for p in people if p.staff_id is not None}
        products: dict[int, Product] = {}
        due = date(today().year + 1, 1, 15)
        for staff in db.session.scalars(select(Staff).where(Staff.id.in_(list(by_id)))):
            product = products.get(staff.agency_id)
            if product is None:
                version = db.session.scalars(
                    select(CatalogueVersion).where(CatalogueVersion.agency_id == staff.agency_id)
                ).first()
                if version is None:
                    version = CatalogueVersion(
                        agency_id=staff.agency_id,
                        valid_from=date(today().year, 1, 1),
                        status=CatalogueStatus.APPROVED,
                        standard_unit="01 văn bản hành chính",
                    )
                    version.products.append(
                        Product(
                            code="BENCH01",
                            group=1,
                            job_position="Chuyên viên",
                            name="Báo cáo định kỳ",
                            unit_name="báo cáo",
                            coefficient=Decimal(2),
                        )
                    )
                    db.session.add(version)
                    db.session.flush()
                product = products[staff.agency_id] = version.products[0]
            tasks = [
                Task(
                    agency_id=staff.agency_id,
                    staff_id=staff.id,
                    product_id=product.id,
                    kind=TaskKind.ASSIGNED,
                    status=TaskStatus.ASSIGNED,
                    quantity=Decimal(1),
                    coefficient=product.coefficient,
                    expected_output="Báo cáo trình lãnh đạo",
                    assigned_on=today(),
                    due_on=due,
                )
                for _ in range(per_user)
            ]
            db.session.add_all(tasks)
            db.session.flush()
            by_id[staff.id].tasks = [t.id for t in tasks]
        db.session.commit()


def verify(app, acknowledged: list[tuple[int, int, str]], audit_from: int) -> str:
    """Were all acknowledged saves kept? Each save commits its audit row in the same
    transaction, so the run's "save" audit rows on these sheets must number exactly the
    acknowledged saves; and each sheet must hold the last title acknowledged for it."""
    from sqlalchemy import func, select

    from evaluation.extensions import db
    from evaluation.models import AuditLog, PeriodSheet

    last: dict[tuple[int, int], str] = {}
    for staff_id, period, title in acknowledged:  # in order per user, so per sheet
        last[(staff_id, period)] = title
    with app.app_context():
        sheets = db.session.execute(
            select(
                PeriodSheet.id, PeriodSheet.staff_id, PeriodSheet.period, PeriodSheet.items
            ).where(PeriodSheet.staff_id.in_({s for s, _p in last}))
        ).all()
        titles = {
            (staff_id, period): {item.get("title") for item in items or []}
            for _id, staff_id, period, items in sheets
        }
        audit_rows = db.session.scalar(
            select(func.count(AuditLog.id)).where(
                AuditLog.id > audit_from,
                AuditLog.entity == "period_sheet",
                AuditLog.action == "save",
                AuditLog.entity_id.in_([sheet_id for sheet_id, *_rest in sheets]),
            )
        )
    kept = sum(1 for key, title in last.items() if title in titles.get(key, set()))
    return (
        f"acknowledged saves: {len(acknowledged)}; audit rows of saves committed: {audit_rows}; "
        f"sheets whose last acknowledged save is what the database holds: {kept}/{len(last)}"
    )


def time_export(app, repeats: int) -> None:
    from sqlalchemy import func, select

    from evaluation.extensions import db
    from evaluation.models import Cycle, CycleStatus, Staff
    from evaluation.queries.results import results_data
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


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU time so far of the app (gunicorn master and workers), of PostgreSQL (every postgres
    process on this machine) and of this load generator, read from /proc (Linux)."""
    tick = os.sysconf("SC_CLK_TCK")
    totals = {"app": 0.0, "PostgreSQL": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        used = (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        parent = int(fields[1])
        if int(entry.name) == server_pid or parent == server_pid:
            totals["app"] += used
        elif command.startswith("postgres") or "/postgres" in command.split(" ")[0]:
            totals["PostgreSQL"] += used
    mine = os.times()
    totals["load generator"] = mine.user + mine.system
    return totals


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_scenario(
    name: str,
    server_pid: int,
    base: str,
    people: list[Person],
    duration: float,
    app,
    round_every: float,
    page_every: float,
    items: int,
    autosaves: int,
) -> Stats:
    pacing = (
        f"a staff round (open, {autosaves} autosaves, save) every {round_every:g} s per user, "
        f"a board or dashboard view every {page_every:g} s per head or HR user"
        if round_every > 0
        else "closed loop: every user sends its next request as soon as the last one answers"
    )
    print(f"\n=== scenario {name}: {len(people)} users, {duration:.0f} s; {pacing} ===")
    if round_every > 0:
        staff = sum(1 for p in people if p.kind == "staff")
        offered = staff * (autosaves + 1) / round_every
        print(f"offered: {offered:.0f} saves/s and {staff / round_every:.0f} sheet views/s")
    counts = defaultdict(int)
    for p in people:
        counts[p.kind] += 1
    print("users: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    staff_ids = [p.staff_id for p in people if p.staff_id is not None]
    audit_from = prepare_sheets(app, staff_ids, items)
    print(f"each user's sheets 1–{PERIODS} start with {items} work items")
    # One report a round at most: enough for the run's rounds (a closed loop runs fastest).
    prepare_tasks(app, people, int(duration / max(round_every, 0.25)) + 5)
    print("each round ends with the user reporting one assigned task done (link to output)")
    sessions: list[Browser] = [None] * len(people)  # type: ignore[list-item]

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
    cpu_before = cpu_seconds(server_pid)
    started = time.monotonic()
    stop = started + duration
    workers = []
    for person, session in zip(people, sessions, strict=True):
        if person.kind == "staff":
            target = (staff_loop, (base, session, person, stop, stats, round_every, autosaves))
        elif person.kind == "head":
            url = base + person.board_url
            target = (page_loop, (session, url, "ranking board (GET)", stop, stats, page_every))
        else:
            url = base + "/dashboard"
            target = (page_loop, (session, url, "HR dashboard (GET)", stop, stats, page_every))
        workers.append(threading.Thread(target=target[0], args=target[1]))
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    elapsed = time.monotonic() - started
    cpu_after = cpu_seconds(server_pid)
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
    used = {k: cpu_after[k] - cpu_before[k] for k in cpu_after}
    print(
        f"CPU used ({os.cpu_count()} CPUs × {elapsed:.1f} s = {os.cpu_count() * elapsed:.0f} s): "
        + "; ".join(
            f"{k} {v:.1f} s = {v / max(total, 1) * 1000:.1f} ms a request" for k, v in used.items()
        )
    )
    for sample in stats.error_samples:
        print("  error: " + sample)
    print(verify(app, stats.acknowledged, audit_from))
    return stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per scenario")
    parser.add_argument(
        "--scenario", choices=["saves", "mixed", "saturation", "all"], default="all"
    )
    parser.add_argument(
        "--round",
        type=float,
        default=2.0,
        help="seconds between a staff user's rounds (open, autosaves, save): 2 saves/s at 2.0",
    )
    parser.add_argument(
        "--autosaves", type=int, default=3, help="autosaves per round, before the save (3)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (2)")
    parser.add_argument(
        "--items", type=int, default=10, help="work items already on each sheet (default 10)"
    )
    parser.add_argument(
        "--page-every", type=float, default=2.0, help="seconds between a head's or HR's views"
    )
    parser.add_argument("--export-runs", type=int, default=3)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        raise SystemExit("set DATABASE_URL to a dedicated PostgreSQL database (see the docstring)")

    from bench.load_wsgi import app

    port = free_port()
    log = Path("/tmp") / f"xeploai-load-{port}.log"
    server = start_server(port, log, args.workers)
    base = f"http://127.0.0.1:{port}"
    print(f"gunicorn {args.workers} sync workers on {base} (log {log}); {os.cpu_count()} CPUs")
    try:
        pacing = (args.round, args.page_every, args.items, args.autosaves)
        if args.scenario in ("saves", "all"):
            people = choose_people(app, args.users, 0, 0)
            run_scenario("saves", server.pid, base, people, args.duration, app, *pacing)
        if args.scenario in ("mixed", "all"):
            heads = max(1, args.users * 12 // 100)
            hr = max(1, args.users * 8 // 100)
            people = choose_people(app, args.users - heads - hr, heads, hr)
            run_scenario("mixed", server.pid, base, people, args.duration, app, *pacing)
        if args.scenario in ("saturation", "all"):
            people = choose_people(app, args.users, 0, 0)
            closed_loop = (0.0, 0.0, args.items, args.autosaves)
            run_scenario("saturation", server.pid, base, people, args.duration, app, *closed_loop)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.export_runs:
        print(f"\nload average before export: {load_average()}")
        time_export(app, args.export_runs)
        print(f"load average after export:  {load_average()}")


if __name__ == "__main__":
    main()
