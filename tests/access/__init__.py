"""Route access rules for the role × route matrix: one rules_<area>.py module per feature.

Each module defines RULES: {endpoint: Rule}. Rule.allowed lists the roles that get the page;
every other signed-in role must get 403 (or 404 when the object is out of their scope), and
anonymous callers are sent to sign in (401 for the API)."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

ROLES = ("staff", "unit_head", "hr", "party_committee", "admin")
EVERYONE = frozenset(ROLES)
HR = frozenset({"hr", "admin"})


@dataclass(frozen=True)
class Rule:
    allowed: frozenset[str]
    args: Callable[[object], dict] = field(default=lambda w: {})
    public: bool = False  # answers anonymous callers too
    methods: tuple[str, ...] = ()  # empty: every method the route has
    denied_status: tuple[int, ...] = (403,)
    post_data: Callable[[object], dict] = field(default=lambda w: {})


def all_rules() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("rules_"):
            found = importlib.import_module(f"{__name__}.{module.name}").RULES
            clash = set(rules) & set(found)
            assert not clash, f"endpoints ruled twice: {clash}"
            rules.update(found)
    return rules
