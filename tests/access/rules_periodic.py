"""Quarterly results: everyone sees their own; HR and heads the per-unit summary."""

from . import EVERYONE, HR, Rule

RULES = {
    "periodic.index": Rule(EVERYONE),
    "periodic.units": Rule(HR | {"unit_head"}),
}
RULES |= {
    "bonus.index": Rule(HR),
    "bonus.regulation": Rule(HR),
    "bonus.split_xlsx": Rule(HR),
}
