"""Staff.name_sort: the Vietnamese collation key of the name, so lists sort Đ after D in SQL

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 18:40:00

"""

import sqlalchemy as sa
from alembic import op

from evaluation.text import vn_collation_key

# revision identifiers, used by Alembic.
revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("name_sort", sa.String(length=1100), nullable=False, server_default="")
        )
        batch_op.create_index(batch_op.f("ix_staff_name_sort"), ["name_sort"], unique=False)
    # Backfill with the same function the model uses when a name is set.
    conn = op.get_bind()
    staff = sa.table("staff", sa.column("id", sa.Integer), sa.column("full_name", sa.String))
    key = sa.table("staff", sa.column("id", sa.Integer), sa.column("name_sort", sa.String))
    for row_id, full_name in conn.execute(sa.select(staff.c.id, staff.c.full_name)).all():
        conn.execute(
            key.update().where(key.c.id == row_id).values(name_sort=vn_collation_key(full_name))
        )


def downgrade():
    with op.batch_alter_table("staff", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_staff_name_sort"))
        batch_op.drop_column("name_sort")
