"""Dependencies point one way: scoring/, exports/ and forms/ never import the application."""

from __future__ import annotations

import ast
import re
import sys
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


# Inside the application the layers point inwards: views -> services -> workflow -> models.
# Each rule: (modules it applies to, module prefixes they must not import, allowed exceptions).
INNER_LAYERS = [
    ("evaluation.models", ("evaluation.services", "evaluation.views", "evaluation.workflow"), ()),
    # The workflow records each move in the audit trail, and nothing else from the use cases.
    (
        "evaluation.workflow",
        ("evaluation.services", "evaluation.views"),
        ("evaluation.services.audit",),
    ),
    ("evaluation.queries", ("evaluation.views", "evaluation.api", "evaluation.cli"), ()),
    ("evaluation.permissions", ("evaluation.views", "evaluation.cli"), ()),
    ("evaluation.services", ("evaluation.views", "evaluation.api", "evaluation.cli"), ()),
    # The application core never reaches for the data generators; only `flask demo` does.
    ("evaluation", ("evaluation.demo",), ()),
]
DEMO_DRIVERS = ("evaluation.demo", "evaluation.cli.demo")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, relative imports resolved (`from . import x` counts as
    both the package and package.x, since x may be a module)."""
    name = module_name(path)
    package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            found.add(module)
            found |= {f"{module}.{alias.name}" for alias in node.names}
    return found


def _within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def layer_offenders(layer: str, forbidden: tuple[str, ...], allowed: tuple[str, ...]) -> dict:
    offenders = {}
    for path in sorted((ROOT / "evaluation").rglob("*.py")):
        name = module_name(path)
        if not _within(name, layer) or (
            forbidden == ("evaluation.demo",) and any(_within(name, d) for d in DEMO_DRIVERS)
        ):
            continue
        bad = sorted(
            module
            for module in imported_modules(path)
            if any(_within(module, f) for f in forbidden)
            and not any(_within(module, a) for a in allowed)
        )
        if bad:
            offenders[name] = bad
    return offenders


@pytest.mark.parametrize(("layer", "forbidden", "allowed"), INNER_LAYERS)
def test_inner_layers_do_not_import_outer_ones(layer, forbidden, allowed):
    assert not layer_offenders(layer, forbidden, allowed)


def test_the_layer_check_resolves_relative_imports(tmp_path, monkeypatch):
    package = tmp_path / "evaluation" / "models"
    package.mkdir(parents=True)
    sample = package / "sample.py"
    sample.write_text("from ..services import audit\nfrom .base import x\nfrom .. import views\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert module_name(sample) == "evaluation.models.sample"
    assert {"evaluation.services.audit", "evaluation.models.base", "evaluation.views"} <= (
        imported_modules(sample)
    )
    assert layer_offenders("evaluation.models", ("evaluation.services",), ()) == {
        "evaluation.models.sample": ["evaluation.services", "evaluation.services.audit"]
    }


def services_graph() -> dict[str, set[str]]:
    """evaluation.services module -> the services modules it imports, late imports included."""
    paths = sorted((ROOT / "evaluation" / "services").rglob("*.py"))
    names = {module_name(path) for path in paths}
    return {module_name(path): imported_modules(path) & names for path in paths}


def reached_from(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    todo = [start]
    while todo:
        for module in graph.get(todo.pop(), set()) - seen:
            seen.add(module)
            todo.append(module)
    return seen


SEAM = "evaluation.services.engine_input"
SEAM_USERS = ("evaluation.services.assessments", "evaluation.services.decisions")


def test_the_engine_seam_sits_below_the_use_cases():
    """services/engine_input.py, the one seam to the engine, reads rows and speaks the engine's
    language; the use cases that classify (assessments: the panel; decisions: the board and
    the decision) import it, and it never reaches them, not even through a late import or
    another service, so the assessments <-> engine_input cycle cannot come back."""
    graph = services_graph()
    assert not reached_from(graph, SEAM) & set(SEAM_USERS)
    for user in SEAM_USERS:
        assert SEAM in graph[user]


def test_the_seam_check_sees_a_cycle_through_a_late_import(tmp_path, monkeypatch):
    services = tmp_path / "evaluation" / "services"
    services.mkdir(parents=True)
    (services / "__init__.py").write_text("")
    (services / "engine_input.py").write_text("def f():\n    from .transfers import g\n")
    (services / "transfers.py").write_text("from .imports import h\n")
    (services / "imports.py").write_text("from .assessments import k\n")
    (services / "assessments.py").write_text("from . import engine_input\n")
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert "evaluation.services.assessments" in reached_from(services_graph(), SEAM)


# Statuses that are bookkeeping or imported facts, not a lifecycle of transitions: a mail
# message's delivery attempt, and a party membership's status read from the party's register.
STATUS_WRITERS_ALLOWED = {
    ("evaluation/services/mail.py", "message"),
    ("evaluation/services/party.py", "membership"),
}


def test_only_the_workflow_assigns_a_status():
    """Every status change goes through workflow.transition() (docs/architecture.md)."""
    offenders = []
    for path in sorted((ROOT / "evaluation").rglob("*.py")):
        name = str(path.relative_to(ROOT))
        if name == "evaluation/workflow.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    owner = getattr(target.value, "id", "")
                    if (name, owner) not in STATUS_WRITERS_ALLOWED:
                        offenders.append(f"{name}:{node.lineno} {owner}.status")
    assert offenders == [], f"status set outside workflow.transition(): {offenders}"


# One vocabulary (docs/architecture.md): scoring/vocabulary.py owns the codes, their order and
# their Vietnamese names; labels.py turns them into page text. A second list of them drifts.
VOCABULARY = "scoring/vocabulary.py"
# The engine's sentences name a sanction in lower case, mid-sentence ("hình thức khiển trách").
OWN_WORDS = {"scoring/reasons.py"}


def _vocabulary_sets() -> tuple[set[str], list[set[str]]]:
    from scoring import vocabulary as words

    names = {
        *words.LEVEL_NAMES.values(),
        *words.SANCTION_NAMES.values(),
        *words.LEAVE_NAMES.values(),
    }
    code_sets = [set(words.LEVELS), set(words.LEAVE_KINDS), set(words.SANCTIONS)]
    return names, code_sets


def _python_sources() -> list[Path]:
    roots = [ROOT / "evaluation", ROOT / "exports", ROOT / "forms", ROOT / "scoring"]
    return [ROOT / "labels.py", *(p for r in roots for p in sorted(r.rglob("*.py")))]


def _constants(nodes) -> list:
    return [n.value for n in nodes if isinstance(n, ast.Constant)]


def _lists_or_orders(node: ast.AST, code_sets: list[set[str]]) -> bool:
    """A list of every code of a kind, or a dict ranking them (data per code is fine)."""
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        found = set(_constants(node.elts))
    elif isinstance(node, ast.Dict) and sorted(
        v for v in _constants(node.values) if type(v) is int
    ) == list(range(len(node.values))):
        found = set(_constants(node.keys))
    else:
        return False
    return any(codes <= found for codes in code_sets)


def test_level_leave_and_sanction_words_are_written_once():
    names, code_sets = _vocabulary_sets()
    offenders = []
    for path in _python_sources():
        name = str(path.relative_to(ROOT))
        if name == VOCABULARY:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                offenders.append(f"{name}:{node.lineno} {node.value!r}")
            if name not in OWN_WORDS and _lists_or_orders(node, code_sets):
                offenders.append(f"{name}:{node.lineno} a list (or order) of the codes")
    for path in sorted((ROOT / "evaluation" / "templates").rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        for literal in re.findall(r"[\[(][^\[\]()]*[\])]", text):
            if any(all(f'"{code}"' in literal for code in codes) for codes in code_sets):
                offenders.append(f"{path.relative_to(ROOT)} {literal}")
    assert offenders == [], f"write these once, in {VOCABULARY} or labels.py: {offenders}"
