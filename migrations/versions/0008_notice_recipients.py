"""Nơi nhận of a printed notice, editable per publication

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 12:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recipients", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("publication", schema=None) as batch_op:
        batch_op.drop_column("recipients")
