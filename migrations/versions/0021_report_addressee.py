"""The addressee (Kính gửi) of the year's report to the superior body, remembered per agency

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 18:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("superior_body", sa.String(length=255), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_column("superior_body")
