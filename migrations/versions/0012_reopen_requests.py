"""Requests to reopen a form or sheet after the self-assessment deadline (issue 17)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 15:33:17.258228

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('reopen_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.Column('open_until', sa.Date(), nullable=True),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agency.id'], name=op.f('fk_reopen_request_agency_id_agency')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_reopen_request_cycle_id_cycle')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['user.id'], name=op.f('fk_reopen_request_decided_by_id_user')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_reopen_request_requested_by_id_user')),
    sa.ForeignKeyConstraint(['staff_id'], ['staff.id'], name=op.f('fk_reopen_request_staff_id_staff')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reopen_request'))
    )
    with op.batch_alter_table('reopen_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reopen_request_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reopen_request_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reopen_request_staff_id'), ['staff_id'], unique=False)



def downgrade():
    with op.batch_alter_table('reopen_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reopen_request_staff_id'))
        batch_op.drop_index(batch_op.f('ix_reopen_request_cycle_id'))
        batch_op.drop_index(batch_op.f('ix_reopen_request_agency_id'))

    op.drop_table('reopen_request')
