#!/usr/bin/env bash
# Regenerate the single initial migration from the models (the schema has never been deployed,
# so one clean revision is simpler for every later reader than a chain of early fix-ups).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f migrations/versions/*.py
DATABASE_URL="sqlite:///$tmp/empty.db" .venv/bin/flask --app run db migrate -m initial --rev-id 0001 >/dev/null
mv migrations/versions/0001_initial.py migrations/versions/0001_initial.py 2>/dev/null || true
rm -rf "$tmp"
ls migrations/versions
