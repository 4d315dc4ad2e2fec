"""Which object a route's id argument points to, in ANOTHER AGENCY and in ANOTHER UNIT.

The cross-scope test (test_scope.py) fills every `<int:...>` argument of every route from this
table. A route with an id name that is not here fails the test until it is mapped: add the name
to SCOPE_TARGETS in your own tests/access/rules_<area>.py (merged in by all_targets()), e.g.

    from tests.security.scope_targets import Target
    SCOPE_TARGETS = {
        "sheet_id": Target(
            other_agency=lambda w: make_sheet(w.other["staff"], w.other["cycle"]),
            other_unit=lambda w: make_sheet(w.staff["outsider"], w.cycle),
            secrets=lambda obj: [obj.staff.full_name],
        ),
    }

The builders run inside the test with a fresh `world` and may create rows (commit not needed)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from tests import access


@dataclass(frozen=True)
class Target:
    # The object of the same kind owned by world.other (the second agency); None only for an
    # int argument that names no object (a period number): the route keeps its own value, and
    # the object it selects is reached through the route's other ids, which are tried foreign.
    other_agency: Callable[[object], object] | None
    # The object in the first agency but outside the signed-in head's/clerk's unit;
    # None when the object is agency-wide (a cycle): the route then keeps the own object.
    other_unit: Callable[[object], object] | None = None
    # Text that must never appear in an answer about the object (names, titles).
    secrets: Callable[[object], list[str]] = field(default=lambda obj: [])


TARGETS: dict[str, Target] = {
    "staff_id": Target(
        other_agency=lambda w: w.other["staff"],
        other_unit=lambda w: w.staff["outsider"],
        secrets=lambda s: [s.full_name],
    ),
    "unit_id": Target(
        other_agency=lambda w: w.other["unit"],
        other_unit=lambda w: w.units["other_dept"],
        secrets=lambda u: [u.name],
    ),
    "cycle_id": Target(other_agency=lambda w: w.other["cycle"]),
    "user_id": Target(
        other_agency=lambda w: w.other["user"],
        other_unit=lambda w: w.users["outsider"],
        secrets=lambda u: [u.username],
    ),
}


def all_targets() -> dict[str, Target]:
    """TARGETS plus SCOPE_TARGETS from every tests/access/rules_*.py module."""
    targets = dict(TARGETS)
    for module in pkgutil.iter_modules(access.__path__):
        if module.name.startswith("rules_"):
            rules_module = importlib.import_module(f"tests.access.{module.name}")
            found = getattr(rules_module, "SCOPE_TARGETS", {})
            clash = set(targets) & set(found)
            assert not clash, f"id names mapped twice: {clash}"
            targets.update(found)
    return targets
