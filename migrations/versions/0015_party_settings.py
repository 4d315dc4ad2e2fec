"""Party settings per year: a Party rule is in force from a year (party_rule.from_year, unique per
organisation, key and year), and the self-review items the organisation configures, a whole set
per year (party_review_item)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 15:20:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("party_rule", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("from_year", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.drop_constraint("uq_party_rule_organisation_id_key", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_party_rule_organisation_id_key_from_year"),
            ["organisation_id", "key", "from_year"],
        )

    op.create_table(
        "party_review_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=500), nullable=False),
        sa.Column("forms", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["party_organisation.id"],
            name=op.f("fk_party_review_item_organisation_id_party_organisation"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_party_review_item")),
        sa.UniqueConstraint(
            "organisation_id",
            "year",
            "key",
            name=op.f("uq_party_review_item_organisation_id_year_key"),
        ),
    )
    with op.batch_alter_table("party_review_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_party_review_item_organisation_id"), ["organisation_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("party_review_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_party_review_item_organisation_id"))
    op.drop_table("party_review_item")
    with op.batch_alter_table("party_rule", schema=None) as batch_op:
        batch_op.drop_constraint("uq_party_rule_organisation_id_key_from_year", type_="unique")
        batch_op.create_unique_constraint(
            batch_op.f("uq_party_rule_organisation_id_key"), ["organisation_id", "key"]
        )
        batch_op.drop_column("from_year")
