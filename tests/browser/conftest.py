"""A live server (gunicorn on a free port, its own SQLite file with the demo loaded) and
Playwright driving the Debian chromium package (no browser download)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEMO_PASSWORD = "XepLoai@2026"  # noqa: S105 - the demo's printed password
# The day the journeys are about: the 2026 self-assessment is open (until 30/11/2026) and the
# review window comes after it. The demo and the live server start their clock there
# (evaluation/_time.py), whatever the system date; Chromium keeps the real one.
JOURNEY_START = "2026-11-16T09:00:00+07:00"
# The live server's SQLite file, for a journey that looks up who heads what in the demo.
LIVE: dict[str, Path] = {}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")  # each journey starts from a fresh demo
def live_server(tmp_path_factory):
    """Base URL of the app served with the demo data (and the 2026 simulation if available)."""
    workdir = tmp_path_factory.mktemp("live")
    LIVE["db"] = workdir / "live.db"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'live.db'}",
        "XEPLOAI_ENV": "development",
        "PYTHONPATH": str(ROOT),
        "XEPLOAI_CLOCK_START": JOURNEY_START,
    }
    env.pop("TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "run"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    subprocess.run([*flask, "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "run:app",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)  # noqa: S310 - local server
            break
        except OSError:
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("the live server did not start")
    yield base
    server.terminate()
    server.wait(timeout=60)  # a loaded machine takes its time to stop gunicorn


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is missing: run `make test` (it installs it)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base: str, username: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form [type=submit]")


@pytest.fixture
def screenshots():
    """Where browser tests leave the screenshots people look at (test-artifacts/)."""
    out = ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    return out
