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


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
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
