"""The work e-mail address HR keeps for each person (staff page, staff import)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 15:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff") as batch_op:
        batch_op.add_column(
            sa.Column("email", sa.String(length=255), server_default="", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("email")
