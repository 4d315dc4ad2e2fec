#!/usr/bin/env bash
# Regenerate the single initial migration from the models. The schema has never been deployed,
# so one clean revision is simpler for every later reader than a chain of early fix-ups.
# It is generated against an empty PostgreSQL database: SQLite drops the unit<->staff cycle's
# deferred foreign key from autogenerate.
set -euo pipefail
cd "$(dirname "$0")/.."
pg="postgresql+psycopg://postgres@127.0.0.1:5432"
psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE IF EXISTS xeploai_regen_$$" 2>/dev/null
psql -q -h 127.0.0.1 -U postgres -d test -c "CREATE DATABASE xeploai_regen_$$"
rm -f migrations/versions/*.py
FLASK=.venv/bin/flask; [ -x "$FLASK" ] || FLASK=/work/main/.venv/bin/flask
DATABASE_URL="$pg/xeploai_regen_$$" $FLASK --app run db migrate -m initial --rev-id 0001 2>/dev/null
psql -q -h 127.0.0.1 -U postgres -d test -c "DROP DATABASE xeploai_regen_$$"
# Alembic skips use_alter foreign keys inside create_table: add the unit.head_id one afterwards.
.venv/bin/python - <<'PY'
import re
from pathlib import Path

path = Path("migrations/versions/0001_initial.py")
text = path.read_text()
text = re.sub(
    r"\n\s*sa\.ForeignKeyConstraint\(\s*\[\"head_id\"\], \[\"staff\.id\"\],"
    r" name=\"fk_unit_head_id_staff\", use_alter=True\s*\),",
    "",
    text,
)
head, tail = text.split("def downgrade", 1)
marker = "    # ### end Alembic commands ###"
head = head.replace(marker, (
    '    with op.batch_alter_table("unit") as batch_op:\n'
    '        batch_op.create_foreign_key("fk_unit_head_id_staff", "staff", ["head_id"], ["id"])\n'
    + marker
), 1)
tail = tail.replace("def downgrade():\n", (
    "def downgrade():\n"
    '    with op.batch_alter_table("unit") as batch_op:\n'
    '        batch_op.drop_constraint("fk_unit_head_id_staff", type_="foreignkey")\n'
), 1).replace("():\n", "():\n", 1)
path.write_text(head + "def downgrade" + tail)
PY
.venv/bin/ruff format -q migrations/versions || true
ls migrations/versions
