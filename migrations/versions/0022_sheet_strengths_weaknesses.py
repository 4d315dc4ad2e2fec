"""PeriodSheet.manager_strengths / manager_weaknesses: Mẫu số 01 section II items 4-5

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 18:50:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def upgrade():
    # Sheets scored before this have no summary: empty, printed as the form's dotted lines.
    with op.batch_alter_table("period_sheet", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("manager_strengths", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("manager_weaknesses", sa.Text(), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("period_sheet", schema=None) as batch_op:
        batch_op.drop_column("manager_weaknesses")
        batch_op.drop_column("manager_strengths")
