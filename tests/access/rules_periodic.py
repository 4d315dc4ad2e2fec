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
RULES |= {
    "transfers.index": Rule(HR),
    # Without a staff code the export and the import answer with the form's problems (422).
    "transfers.export": Rule(HR),
    "transfers.import_file": Rule(HR, methods=("POST",)),
}
