"""The meeting's recorded vote, conclusion and proposed level per person; the joint meeting
with the parent unit

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 15:20:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.add_column(sa.Column("joint_unit_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_meeting_joint_unit_id_unit"), "unit", ["joint_unit_id"], ["id"]
        )
    with op.batch_alter_table("meeting_opinion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("votes_for", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("votes_against", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("votes_abstain", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("conclusion", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column(
                "proposed_level",
                sa.Enum(
                    "HTXS",
                    "HTT",
                    "HTNV",
                    "KHTNV",
                    name="meeting_level",
                    native_enum=False,
                    create_constraint=True,
                    length=32,
                ),
                nullable=True,
            )
        )


def downgrade():
    with op.batch_alter_table("meeting_opinion", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_meeting_opinion_meeting_level"), type_="check")
        batch_op.drop_column("proposed_level")
        batch_op.drop_column("conclusion")
        batch_op.drop_column("votes_abstain")
        batch_op.drop_column("votes_against")
        batch_op.drop_column("votes_for")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_meeting_joint_unit_id_unit"), type_="foreignkey")
        batch_op.drop_column("joint_unit_id")
