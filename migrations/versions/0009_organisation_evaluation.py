"""Organisations evaluated under Decree 335 Chapter II with the same record as Decree 233's units:
points per criterion, the verification before the decision (Art 9.2(a)), the decision recorded
from outside the agency (Art 5.2)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 13:00:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("unit_evaluation", schema=None) as batch_op:
        batch_op.add_column(sa.Column("criteria", sa.JSON(), nullable=False, server_default="[]"))
        batch_op.add_column(
            sa.Column(
                "verification_required", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
        batch_op.add_column(
            sa.Column("verification_note", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("verification_conclusion", sa.Text(), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("verified_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("verified_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("external_number", sa.String(length=64), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("external_date", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("external_signer", sa.String(length=120), nullable=False, server_default="")
        )
        batch_op.create_foreign_key(
            "fk_unit_evaluation_verified_by_id_user", "user", ["verified_by_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("unit_evaluation", schema=None) as batch_op:
        batch_op.drop_constraint("fk_unit_evaluation_verified_by_id_user", type_="foreignkey")
        for name in (
            "external_signer",
            "external_date",
            "external_number",
            "verified_at",
            "verified_by_id",
            "verification_conclusion",
            "verification_note",
            "verification_required",
            "criteria",
        ):
            batch_op.drop_column(name)
