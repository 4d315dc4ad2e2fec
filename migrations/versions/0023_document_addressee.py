"""OutgoingDocument.addressee: the "Kính gửi" a document was issued to, kept with it

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 19:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.add_column(sa.Column("addressee", sa.Text(), nullable=False, server_default=""))
    # Reports issued before this were addressed to what the agency holds now: keep that on them.
    op.execute(
        "UPDATE outgoing_document SET addressee = (SELECT COALESCE(agency.superior_body, '') "
        "FROM agency WHERE agency.id = outgoing_document.agency_id) "
        "WHERE ref LIKE 'report:%'"
    )


def downgrade():
    with op.batch_alter_table("outgoing_document", schema=None) as batch_op:
        batch_op.drop_column("addressee")
