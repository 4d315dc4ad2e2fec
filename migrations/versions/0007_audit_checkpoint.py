"""The audit chain's signed checkpoint, kept apart from the log (truncation of the newest rows
is detected); the row hash now covers every column, the user name included; peer reviews
are audited as a count per unit and day (peer_review_activity), not a row each

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-04 13:05:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "audit_checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_checkpoint")),
    )
    op.create_table(
        "peer_review_activity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.Column("cycle_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency_id"], ["agency.id"], name=op.f("fk_peer_review_activity_agency_id_agency")
        ),
        sa.ForeignKeyConstraint(
            ["cycle_id"], ["cycle.id"], name=op.f("fk_peer_review_activity_cycle_id_cycle")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["unit.id"], name=op.f("fk_peer_review_activity_unit_id_unit")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_peer_review_activity")),
        sa.UniqueConstraint(
            "cycle_id",
            "unit_id",
            "day",
            name=op.f("uq_peer_review_activity_cycle_id_unit_id_day"),
        ),
    )
    with op.batch_alter_table("peer_review_activity", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_peer_review_activity_agency_id"), ["agency_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("peer_review_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_peer_review_activity_agency_id"))
    op.drop_table("peer_review_activity")
    op.drop_table("audit_checkpoint")
