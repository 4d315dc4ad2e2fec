"""Dependencies point one way: scoring/, exports/ and forms/ never import the application."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "scoring": {
        "evaluation",
        "flask",
        "flask_sqlalchemy",
        "sqlalchemy",
        "flask_login",
        "flask_wtf",
        "wtforms",
        "exports",
        "forms",
    },
    "exports": {"evaluation", "flask", "flask_sqlalchemy", "sqlalchemy", "flask_login", "forms"},
    "forms": {"evaluation", "sqlalchemy", "flask_sqlalchemy"},
}


# The application's one clock is a leaf module of the standard library: anything may ask it.
CLOCK = "evaluation._time"


def _is_clock(node: ast.ImportFrom) -> bool:
    return node.module == CLOCK or (
        node.module == "evaluation" and [alias.name for alias in node.names] == ["_time"]
    )


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and not _is_clock(node)
        ):
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_nothing_forbidden(package):
    files = sorted((ROOT / package).rglob("*.py"))
    assert files, f"{package}/ has no modules"
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) & FORBIDDEN[package])
        for path in files
        if imported_roots(path) & FORBIDDEN[package]
    }
    assert not offenders, offenders


def test_scoring_uses_the_standard_library_only():
    import sys

    allowed = set(sys.stdlib_module_names) | {"scoring", "__future__"}
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_roots(path) - allowed)
        for path in (ROOT / "scoring").rglob("*.py")
        if imported_roots(path) - allowed
    }
    assert not offenders, offenders


def test_the_clock_module_is_a_standard_library_leaf():
    import sys

    path = ROOT / "evaluation" / "_time.py"
    assert imported_roots(path) <= set(sys.stdlib_module_names) | {"__future__"}


# Reading the wall clock anywhere but evaluation/_time.py would let a rule depend on the day the
# code runs instead of the day it is about.
WALL_CLOCK_CALLS = {
    ("date", "today"),
    ("datetime", "today"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("func", "now"),
    ("func", "current_date"),
    ("func", "current_timestamp"),
    ("func", "localtimestamp"),
}
WALL_CLOCK_SQL = ("now()", "current_timestamp", "current_date", "localtimestamp")
APPLICATION = ("evaluation", "scoring", "exports", "forms", "config.py", "run.py")


def wall_clock_reads(path: Path, root: Path = ROOT) -> list[str]:
    found = []
    where = path.relative_to(root)
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if (node.value.id, node.attr) in WALL_CLOCK_CALLS:
                found.append(f"{where}:{node.lineno} {node.value.id}.{node.attr}")
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Attribute):
            # datetime.datetime.now / datetime.date.today
            if (node.value.attr, node.attr) in WALL_CLOCK_CALLS:
                found.append(f"{where}:{node.lineno} {node.value.attr}.{node.attr}")
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if any(word in node.value.lower() for word in WALL_CLOCK_SQL):
                found.append(f"{where}:{node.lineno} SQL {node.value[:40]!r}")
        elif isinstance(node, ast.ImportFrom) and node.module == "time_machine":
            found.append(f"{where}:{node.lineno} time_machine")
    return found


def application_files() -> list[Path]:
    files: list[Path] = []
    for name in APPLICATION:
        target = ROOT / name
        files.extend(sorted(target.rglob("*.py")) if target.is_dir() else [target])
    return [path for path in files if path != ROOT / "evaluation" / "_time.py"]


def test_no_rule_reads_the_wall_clock():
    offenders = [hit for path in application_files() for hit in wall_clock_reads(path)]
    assert not offenders, offenders


def test_the_wall_clock_check_catches_each_form(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import datetime\n"
        "from datetime import date\n"
        "a = date.today()\n"
        "b = datetime.datetime.now()\n"
        "c = func.now()\n"
        "d = text('SELECT now()')\n"
        "e = _time.today()\n"
    )
    hits = [hit.split(" ", 1)[1] for hit in wall_clock_reads(sample, root=tmp_path)]
    assert hits == ["date.today", "datetime.now", "func.now", "SQL 'SELECT now()'"]
