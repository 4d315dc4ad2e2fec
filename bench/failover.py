"""Failover: two application hosts behind HAProxy, one killed with SIGKILL in the middle of a surge.

Two gunicorn hosts on distinct loopback addresses (127.0.0.2 and 127.0.0.3, same port) share one
PostgreSQL database, one Redis and one SECRET_KEY; HAProxy (`bench/haproxy.cfg`) balances them
on 127.0.0.1. Civil servants save their sheets as in `bench/load.py` ("saves" scenario) through
the load balancer; after `--kill-at` seconds the whole first host (master and workers) is killed
with SIGKILL, as a machine that loses power. Printed: the requests, the errors before and after
the kill, how long HAProxy took to take the host out, who served what, and the check that every
acknowledged save is in the database. Figures are reported, not asserted.

`make bench-failover` installs HAProxy, prepares the database and runs this. By hand:

    createdb xeploai_failover
    export DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/xeploai_failover
    flask --app run db upgrade && flask --app run demo --province 300 --open-year --if-empty
    python bench/failover.py --users 20 --duration 30 --kill-at 10
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.load import (  # noqa: E402 - the path above makes bench importable from anywhere
    ROOT,
    Browser,
    Stats,
    choose_people,
    percentile,
    prepare_sheets,
    sign_in,
    staff_loop,
    start_server,
)

HOSTS = ("127.0.0.2", "127.0.0.3")
FRONT = "127.0.0.1"


def free_port(*addresses: str) -> int:
    """A port free on every address (the two hosts listen on the same port)."""
    for _attempt in range(50):
        with socket.socket() as probe:
            probe.bind((addresses[0], 0))
            port = probe.getsockname()[1]
        try:
            for address in addresses:
                with socket.socket() as s:
                    s.bind((address, port))
            return port
        except OSError:
            continue
    raise SystemExit("no free port on " + ", ".join(addresses))


def haproxy_binary() -> str:
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else ""
    )
    if not found:
        raise SystemExit(
            "HAProxy is missing: run `make bench-failover` (it installs Debian's haproxy)"
        )
    return found


def start_haproxy(env: dict[str, str], log: Path) -> subprocess.Popen:
    binary = haproxy_binary()
    config = str(ROOT / "bench" / "haproxy.cfg")
    checked = subprocess.run(
        [binary, "-c", "-q", "-f", config], env=env, capture_output=True, text=True
    )
    if checked.returncode:
        raise SystemExit("bench/haproxy.cfg is refused: " + checked.stderr)
    process = subprocess.Popen(
        [binary, "-db", "-f", config], env=env, stdout=log.open("w"), stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if Browser().get(f"http://{env['XL_FRONT']}/healthz", timeout=2).status_code == 200:
                return process
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"HAProxy did not start; see {log}")


def haproxy_servers(stats_socket: str) -> dict[str, dict[str, str]]:
    """HAProxy's own view of each host (`show stat`): status, requests served, errors."""
    with socket.socket(socket.AF_UNIX) as s:
        s.settimeout(2)
        s.connect(stats_socket)
        s.sendall(b"show stat\n")
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    text = b"".join(chunks).decode().lstrip("# ")
    rows = csv.DictReader(io.StringIO(text))
    return {
        row["svname"]: row
        for row in rows
        if row["pxname"] == "app" and row["svname"].startswith("host")
    }


def watch_down(stats_socket: str, host: str, since: list[float], seen_down: list[float]) -> None:
    """Record the moment HAProxy marks `host` DOWN after the kill (polled every 50 ms)."""
    while not since:
        time.sleep(0.01)
    deadline = since[0] + 30
    while time.monotonic() < deadline:
        try:
            if haproxy_servers(stats_socket)[host]["status"].startswith("DOWN"):
                seen_down.append(time.monotonic())
                return
        except OSError:
            pass
        time.sleep(0.05)


def check_saves(app, stats: Stats, audit_from: int) -> str:
    """Is every acknowledged save in the database? Each sheet must hold its last acknowledged
    title, or a later one whose save was in flight when the host died (sent, not answered:
    it may have committed). The run's audit rows of saves must be at least the acknowledged."""
    from sqlalchemy import func, select

    from evaluation.extensions import db
    from evaluation.models import AuditLog, PeriodSheet

    acknowledged = set(stats.acknowledged)
    allowed: dict[tuple[int, int], set[str]] = {}
    for staff_id, period, title in stats.attempted:  # in order per user, so per sheet
        key = (staff_id, period)
        if (staff_id, period, title) in acknowledged:
            allowed[key] = {title}  # earlier titles are superseded by an acknowledged save
        else:
            allowed.setdefault(key, set()).add(title)
    last_acked = {(s, p) for s, p, _t in stats.acknowledged}
    with app.app_context():
        sheets = db.session.execute(
            select(
                PeriodSheet.id, PeriodSheet.staff_id, PeriodSheet.period, PeriodSheet.items
            ).where(PeriodSheet.staff_id.in_({s for s, _p in last_acked} or {-1}))
        ).all()
        held = {(s, p): {item.get("title") for item in items or []} for _id, s, p, items in sheets}
        audit_rows = db.session.scalar(
            select(func.count(AuditLog.id)).where(
                AuditLog.id > audit_from,
                AuditLog.entity == "period_sheet",
                AuditLog.action == "save",
                AuditLog.entity_id.in_([sheet_id for sheet_id, *_rest in sheets] or [-1]),
            )
        )
    kept = sum(1 for key in last_acked if allowed.get(key, set()) & held.get(key, set()))
    in_flight = len(stats.attempted) - len(stats.acknowledged)
    verdict = (
        "every acknowledged save is kept"
        if kept == len(last_acked) and audit_rows >= len(acknowledged)
        else "ACKNOWLEDGED SAVES LOST"
    )
    return (
        f"saves sent {len(stats.attempted)}, acknowledged {len(stats.acknowledged)}, "
        f"unanswered or refused {in_flight}; audit rows of saves committed {audit_rows} "
        f"(≥ acknowledged: {audit_rows >= len(acknowledged)}); sheets holding their last "
        f"acknowledged save (or a later unanswered one) {kept}/{len(last_acked)} → {verdict}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--duration", type=float, default=30.0)
    parser.add_argument("--kill-at", type=float, default=10.0, help="seconds into the run")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers per host")
    parser.add_argument("--round", type=float, default=2.0, help="seconds between a user's rounds")
    parser.add_argument("--autosaves", type=int, default=3)
    parser.add_argument("--items", type=int, default=10)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgresql"):
        raise SystemExit("set DATABASE_URL to a dedicated PostgreSQL database (see the docstring)")

    from bench.load_wsgi import app

    port = free_port(*HOSTS)
    front_port = free_port(FRONT)
    work = Path(tempfile.mkdtemp(prefix="xeploai-failover-"))
    shared = {
        # What makes the hosts interchangeable (docs/deployment.md): one key, one Redis.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
    }
    hosts = [
        start_server(port, work / f"host{i + 1}.log", args.workers, h, shared)
        for i, h in enumerate(HOSTS)
    ]
    stats_socket = str(work / "haproxy.sock")
    haproxy_env = {
        **os.environ,
        "XL_FRONT": f"{FRONT}:{front_port}",
        "XL_HOST1": f"{HOSTS[0]}:{port}",
        "XL_HOST2": f"{HOSTS[1]}:{port}",
        "XL_STATS_SOCKET": stats_socket,
        "XL_HOST_MAXCONN": str(args.workers),
    }
    balancer = start_haproxy(haproxy_env, work / "haproxy.log")
    base = f"http://{FRONT}:{front_port}"
    print(
        f"HAProxy on {base} → host1 {HOSTS[0]}:{port}, host2 {HOSTS[1]}:{port} "
        f"({args.workers} gunicorn sync workers each; logs in {work}); {os.cpu_count()} CPUs"
    )
    try:
        people = choose_people(app, args.users, 0, 0)
        audit_from = prepare_sheets(app, [p.staff_id for p in people], args.items)
        sessions = [sign_in(base, p.username) for p in people]
        stats = Stats()
        killed_at: list[float] = []
        down_at: list[float] = []
        watcher = threading.Thread(
            target=watch_down, args=(stats_socket, "host1", killed_at, down_at)
        )
        watcher.start()
        started = time.monotonic()
        stop = started + args.duration
        users = [
            threading.Thread(
                target=staff_loop, args=(base, s, p, stop, stats, args.round, args.autosaves)
            )
            for p, s in zip(people, sessions, strict=True)
        ]
        for t in users:
            t.start()
        time.sleep(max(0.0, started + args.kill_at - time.monotonic()))
        os.killpg(hosts[0].pid, signal.SIGKILL)  # the whole host: master and workers at once
        killed_at.append(time.monotonic())
        hosts[0].wait()
        for t in users:
            t.join()
        watcher.join()
        servers = haproxy_servers(stats_socket)
    finally:
        balancer.terminate()
        for host in hosts:
            if host.poll() is None:
                os.killpg(host.pid, signal.SIGTERM)
                host.wait(timeout=30)

    kill = killed_at[0]
    before = [why for t, why in stats.events if t < kill]
    after = [(t, why) for t, why in stats.events if t >= kill]
    failed_after = [(t, why) for t, why in after if why]
    window = (failed_after[-1][0] - kill) if failed_after else 0.0
    latencies = [x for values in stats.latencies.values() for x in values]
    print(
        f"\nusers {len(people)}, {args.duration:.0f} s; "
        f"host1 killed (SIGKILL) at {args.kill_at:.0f} s"
    )
    print(
        f"requests {len(stats.events)}: before the kill {len(before)} "
        f"({sum(1 for why in before if why)} errors); after {len(after)} "
        f"({len(failed_after)} errors, the last {window:.2f} s after the kill)"
    )
    kinds = Counter(why for _t, why in failed_after)
    if kinds:
        print("errors after the kill: " + ", ".join(f"{why} × {n}" for why, n in kinds.items()))
    if down_at:
        print(f"HAProxy marked host1 DOWN {down_at[0] - kill:.2f} s after the kill")
    else:
        print("HAProxy never marked host1 DOWN")
    print(
        f"latency over the run: p50 {percentile(latencies, 50) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 95) * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms"
    )
    for name, row in sorted(servers.items()):
        print(
            f"{name}: {row['status']}, requests sent to it {row['stot']}, "
            f"connection errors {row['econ']}, response errors {row['eresp']}, "
            f"retried {row['wretr']}, redispatched {row['wredis']}"
        )
    for sample in stats.error_samples:
        print("  error: " + sample)
    print(check_saves(app, stats, audit_from))


if __name__ == "__main__":
    main()
