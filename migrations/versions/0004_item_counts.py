"""Work items record how many times, not yes/no: failed_reviews and delays

Decree 335 Art 14.2(b)-(c): each failed quality review and each delay deducts 25 % of the item's
points ("mỗi lần"; docs/rules/verification.md row 27). The items of a period sheet (JSON, the
person's and the manager's copies) had a yes/no "major_error"; it becomes "failed_reviews"
(1 or 0) and "delays" (0: derived from the dates, one delay when completed after the due date,
as before).

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-04 12:45:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

sheet = sa.table(
    "period_sheet",
    sa.column("id", sa.Integer),
    sa.column("items", sa.JSON),
    sa.column("items_manager", sa.JSON),
)


def _to_counts(items: list | None) -> list | None:
    if items is None:
        return None
    out = []
    for item in items:
        item = dict(item)
        flag = item.pop("major_error", False)
        item.setdefault("failed_reviews", 1 if flag else 0)
        item.setdefault("delays", 0)
        out.append(item)
    return out


def _to_flag(items: list | None) -> list | None:
    if items is None:
        return None
    out = []
    for item in items:
        item = dict(item)
        item["major_error"] = bool(item.pop("failed_reviews", 0))
        item.pop("delays", None)
        out.append(item)
    return out


def _rewrite(convert) -> None:
    conn = op.get_bind()
    rows = conn.execute(sa.select(sheet.c.id, sheet.c["items"], sheet.c.items_manager)).all()
    for sheet_id, items, items_manager in rows:
        conn.execute(
            sheet.update()
            .where(sheet.c.id == sheet_id)
            .values({"items": convert(items) or [], "items_manager": convert(items_manager)})
        )


def upgrade():
    _rewrite(_to_counts)


def downgrade():
    _rewrite(_to_flag)
