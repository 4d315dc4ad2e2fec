"""The party committee's comments become its written document: final or draft, and who signs

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 18:40:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("party_comment", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("final", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.add_column(
            sa.Column("signer_post", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("signer_name", sa.String(length=120), nullable=False, server_default="")
        )


def downgrade():
    with op.batch_alter_table("party_comment", schema=None) as batch_op:
        batch_op.drop_column("signer_name")
        batch_op.drop_column("signer_post")
        batch_op.drop_column("final")
