"""Quarterly results: everyone sees their own; HR and heads the per-unit summary."""

from tests.security.payload_cases import Case

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
    # Without a staff code the export sends to the page; the import answers 422 with the form.
    "transfers.export": Rule(HR),
    "transfers.import_file": Rule(HR, methods=("POST",)),
}


# --- hostile text through the real forms (tests/security/test_payloads.py) -----------------


def _regulation_data(w, n: int) -> dict:
    return {
        "title": f"Quy chế {n}",
        "htxs": "1,5",
        "htt": "1,2",
        "htnv": "1",
        "khtnv": "0",
        "bands": "90 1,2\n70 1",
    }


PAYLOAD_CASES = [
    Case(
        "forms.bonus.BonusRegulationForm",
        ("title",),
        "tccb",
        lambda w: "/bonus/regulation",
        _regulation_data,
        lambda w, data: ["/bonus/regulation", "/bonus/"],
    ),
]

_NUMBER = (
    "parsed as a number by services/bonus.py: anything else is refused with a message and never "
    "stored; WTForms reflects it escaped only to its typist"
)
NOT_FREE_TEXT = {
    ("forms.bonus.BonusRegulationForm", "htxs"): _NUMBER,
    ("forms.bonus.BonusRegulationForm", "htt"): _NUMBER,
    ("forms.bonus.BonusRegulationForm", "htnv"): _NUMBER,
    ("forms.bonus.BonusRegulationForm", "khtnv"): _NUMBER,
    ("forms.bonus.BonusRegulationForm", "bands"): "pairs of numbers parsed by "
    "services/bonus.parse_bands; stored as numbers only, anything else refused",
    ("forms.bonus.BonusRegulationForm", "version"): "hidden optimistic-lock counter: used only "
    "when it is all digits, never stored or shown",
    ("forms.bonus.BonusSplitForm", "fund"): "a whole number of đồng (services/bonus.parse_fund); "
    "never stored, reflected escaped only to its typist",
    ("forms.transfers.TransferExportForm", "code"): "a staff code looked up, never stored; "
    "reflected escaped only to its typist",
    ("forms.transfers.TransferImportForm", "staff_code"): "a staff code looked up, never "
    "stored; reflected escaped only to its typist",
}
