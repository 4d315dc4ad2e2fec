"""CPU instructions per request of the deadline surge, counted by valgrind: repeatable where
timings are not (this machine's speed drifts by 30–50% within minutes).

A round is what one civil servant does in the load test (bench/load.py): open a periodic
sheet, 3 autosaves, 1 save, i.e. 5 requests, run in-process through Flask's test client on
the load-test database. The script runs itself twice under `valgrind --tool=callgrind`, with
counting switched on after warm-up, for FEW and MANY rounds, and prints
(instructions at MANY − instructions at FEW) / (MANY − FEW): start-up and warm-up cancel out.
It counts the app's Python process only (not PostgreSQL, not the kernel); a database round
trip costs about 0.27 ms of CPU on top (app and PostgreSQL; ten extra `SELECT 1` a request
added 2.7 ms).

Run (from the repository root, after preparing the load-test database as bench/load.py says):

    DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/xeploai_load \\
        python bench/instructions.py            # about 40 s

It also times a small pure-Python loop, to tell a fast phase of the host from a slow one.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
WARM_UP = 3


def host_speed() -> float:
    """Seconds for 3 million iterations of a small loop: compare it between runs (a slow phase
    of the host shows as a longer loop)."""
    start = time.perf_counter()
    total = 0
    for i in range(3_000_000):
        total += i * i % 7
    return time.perf_counter() - start


def run_rounds(rounds: int) -> None:
    """Inside valgrind: sign in, warm up, switch counting on, run `rounds` rounds."""
    sys.path[0:0] = [str(ROOT), str(HERE)]
    from load import (  # noqa: PLC0415 - bench/load.py, importable once HERE is on the path
        PASSWORD,
        choose_people,
        item_fields,
        prepare_sheets,
        row_to_edit,
        sheet_fields,
    )
    from load_wsgi import app  # noqa: PLC0415

    person = choose_people(app, 1, 0, 0)[0]
    prepare_sheets(app, [person.staff_id], 10)
    client = app.test_client()
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost/"}}
    page = client.get("/login", **https).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    signed_in = client.post(
        "/login",
        data={"csrf_token": token, "username": person.username, "password": PASSWORD},
        **https,
    )
    assert signed_in.status_code == 302, signed_in.status_code
    url = f"/assessments/sheet/{person.staff_id}/1"

    def one_round() -> None:
        fields = sheet_fields(client.get(url, **https).get_data(as_text=True))
        row = row_to_edit(fields)
        for _pause in range(3):
            item_fields(fields, row, f"load {uuid.uuid4()}")
            answer = client.post(url + "/autosave", data=fields, **https)
            assert answer.status_code == 200, answer.get_data(as_text=True)
            fields["version"] = str(answer.json["version"])
        item_fields(fields, row, f"load {uuid.uuid4()}")
        fields["save"] = "Lưu nháp"
        assert client.post(url, data=fields, **https).status_code == 302

    for _ in range(WARM_UP):
        one_round()
    switch_counting(on=True)
    for _ in range(rounds):
        one_round()


def switch_counting(on: bool) -> None:
    """Inside valgrind: start or stop counting this process's instructions."""
    state = "on" if on else "off"
    subprocess.run(["callgrind_control", "-i", state, str(os.getpid())], capture_output=True)
    time.sleep(0.5)  # the request reaches valgrind asynchronously; sleeping counts nothing


def callgrind_count(command: list[str]) -> int:
    """Instructions valgrind counted while `command` (which calls switch_counting) had
    counting on."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=/dev/null"]
        + command,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    found = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode != 0 or found is None or int(found.group(1)) == 0:
        raise SystemExit(f"valgrind run failed:\n{done.stderr[-2000:]}")
    return int(found.group(1))


def count(rounds: int) -> int:
    """Instructions of `rounds` rounds (plus a constant), from a valgrind run of this file."""
    return callgrind_count([sys.executable, __file__, "--inside", str(rounds)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--few", type=int, default=5)
    parser.add_argument("--many", type=int, default=15)
    parser.add_argument("--inside", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.inside is not None:
        run_rounds(args.inside)
        return
    if "DATABASE_URL" not in os.environ:
        raise SystemExit("set DATABASE_URL to the load-test database (see bench/load.py)")
    print(f"host speed: small loop {host_speed():.3f} s")
    few, many = count(args.few), count(args.many)
    per_round = (many - few) / (args.many - args.few)
    print(
        f"instructions per round (open, 3 autosaves, save): {per_round / 1e6:.1f} M; "
        f"per request {per_round / 5 / 1e6:.1f} M"
    )


if __name__ == "__main__":
    main()
