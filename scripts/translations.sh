#!/usr/bin/env bash
# Refresh the English catalogue from the code: extract every _()/_l() string (Vietnamese is the
# msgid; N_() marks constants, ui_text() translates only inside a request), merge into en/messages.po without fuzzy guesses (a guess would show the wrong English),
# then compile the .mo files (git-ignored; `make translations` also compiles them).
set -euo pipefail
cd "$(dirname "$0")/.."
PYBABEL="${PYBABEL:-$( [ -x .venv/bin/pybabel ] && echo .venv/bin/pybabel || echo pybabel )}"
POT=evaluation/translations/messages.pot

"$PYBABEL" extract -F babel.cfg -k _l -k lazy_gettext -k ui_text -k lazy_pgettext:1c,2 \
  --ignore-dirs='.venv tests .* _*' -o "$POT" .
"$PYBABEL" update -i "$POT" -d evaluation/translations -l en --no-fuzzy-matching \
  --ignore-obsolete
"$PYBABEL" compile -d evaluation/translations --statistics
