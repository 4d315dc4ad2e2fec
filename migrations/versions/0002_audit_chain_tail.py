"""audit_chain_tail(): the chain lock and the tail's hash in one round trip (PostgreSQL)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 23:10:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of evaluation.models.audit.CHAIN_TAIL_FUNCTION as of this revision.
CHAIN_TAIL_FUNCTION = """
CREATE OR REPLACE FUNCTION audit_chain_tail() RETURNS varchar
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    tail varchar;
BEGIN
    PERFORM pg_advisory_xact_lock(724101);
    SELECT hash INTO tail FROM audit_log ORDER BY id DESC LIMIT 1;
    RETURN tail;
END
$$
"""


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CHAIN_TAIL_FUNCTION)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION IF EXISTS audit_chain_tail()")
