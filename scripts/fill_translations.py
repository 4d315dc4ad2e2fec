"""Fill msgstr in the English catalogue from "number<TAB>English" lines (numbers index the
untranslated msgids in catalogue order, as listed by --list). A translator's helper, not used at
runtime: `--list` prints the untranslated msgids, then pass translation files to fill them."""

import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO = Path(__file__).resolve().parent.parent / "evaluation/translations/en/LC_MESSAGES/messages.po"


def main(argv: list[str]) -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    todo = [m for m in catalog if m.id and (not m.string or m.fuzzy)]
    if argv[:1] == ["--list"]:
        for n, m in enumerate(todo):
            print(f"{n}\t{m.id}")
        return
    filled = 0
    for name in argv:
        for line in Path(name).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            number, text = line.split("\t", 1)
            message = todo[int(number)]
            message.string = text
            message.flags.discard("fuzzy")
            filled += 1
    with PO.open("wb") as f:
        write_po(f, catalog)
    print(f"filled {filled}, still missing {sum(1 for m in todo if not m.string)}")


if __name__ == "__main__":
    main(sys.argv[1:])
