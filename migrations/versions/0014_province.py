"""The province of an agency (the chairman's quota scope, Decree 335 Art 5.2 and 8.5) and the
province's Home Affairs department, whose HR follows every agency's recognition

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 15:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("province", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("home_affairs", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade():
    with op.batch_alter_table("agency", schema=None) as batch_op:
        batch_op.drop_column("home_affairs")
        batch_op.drop_column("province")
