"""The work e-mail address HR keeps for each person; signed copies of annual forms and minutes
(signed documents named by what they are, not only by a register entry); monthly and quarterly
results in the national outbox

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 15:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("staff") as batch_op:
        batch_op.add_column(
            sa.Column("email", sa.String(length=255), server_default="", nullable=False)
        )
    with op.batch_alter_table("signed_document") as batch_op:
        batch_op.add_column(
            sa.Column("ref", sa.String(length=120), server_default="", nullable=False)
        )
        batch_op.alter_column("document_id", existing_type=sa.Integer(), nullable=True)
    op.execute(
        "UPDATE signed_document SET ref = (SELECT ref FROM outgoing_document"
        " WHERE outgoing_document.id = signed_document.document_id)"
    )
    with op.batch_alter_table("signed_document") as batch_op:
        batch_op.create_unique_constraint("uq_signed_document_ref", ["agency_id", "ref"])
    with op.batch_alter_table("result_record") as batch_op:
        batch_op.add_column(sa.Column("sheet_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("period_kind", sa.String(length=8), server_default="year", nullable=False)
        )
        batch_op.alter_column("decision_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            "fk_result_record_sheet_id_period_sheet", "period_sheet", ["sheet_id"], ["id"]
        )
        batch_op.create_unique_constraint("uq_result_record_sheet", ["sheet_id"])


def downgrade():
    op.execute("DELETE FROM result_record WHERE decision_id IS NULL")
    with op.batch_alter_table("result_record") as batch_op:
        batch_op.drop_constraint("uq_result_record_sheet", type_="unique")
        batch_op.drop_constraint("fk_result_record_sheet_id_period_sheet", type_="foreignkey")
        batch_op.alter_column("decision_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("period_kind")
        batch_op.drop_column("sheet_id")
    op.execute("DELETE FROM signed_document WHERE document_id IS NULL")
    with op.batch_alter_table("signed_document") as batch_op:
        batch_op.drop_constraint("uq_signed_document_ref", type_="unique")
        batch_op.alter_column("document_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("ref")
    with op.batch_alter_table("staff") as batch_op:
        batch_op.drop_column("email")
