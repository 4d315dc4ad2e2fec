"""A decision's lifecycle is one status (decided | approved | replaced) guarded by a CHECK

The booleans "current" and "approved" become the status; "classified" goes (every decision
row was classified: a person outside classification never gets one). Upgrade: not current →
replaced; current and approved → approved; otherwise decided. Downgrade restores both booleans
(a replaced row comes back as not approved: before this revision nothing read "approved" on a
replaced row).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 15:30:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

STATUSES = ("decided", "approved", "replaced")


def status_of(current: bool, approved: bool) -> str:
    if not current:
        return "replaced"
    return "approved" if approved else "decided"


def flags_of(status: str) -> tuple[bool, bool]:
    """(current, approved) of a status."""
    return status != "replaced", status == "approved"


def _convert(to_status: bool) -> None:
    conn = op.get_bind()
    decision = sa.table(
        "decision",
        sa.column("id", sa.Integer),
        sa.column("current", sa.Boolean),
        sa.column("approved", sa.Boolean),
        sa.column("status", sa.String),
    )
    if to_status:
        rows = conn.execute(sa.select(decision.c.id, decision.c.current, decision.c.approved))
        for row_id, current, approved in rows.all():
            conn.execute(
                decision.update()
                .where(decision.c.id == row_id)
                .values(status=status_of(bool(current), bool(approved)))
            )
    else:
        for row_id, status in conn.execute(sa.select(decision.c.id, decision.c.status)).all():
            current, approved = flags_of(status)
            conn.execute(
                decision.update()
                .where(decision.c.id == row_id)
                .values(current=current, approved=approved)
            )


def upgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index("uq_decision_current")
        batch_op.drop_index(batch_op.f("ix_decision_current"))
        batch_op.add_column(sa.Column("status", sa.String(length=32), nullable=True))
    _convert(to_status=True)
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.alter_column("status", existing_type=sa.String(length=32), nullable=False)
        batch_op.create_check_constraint(
            batch_op.f("ck_decision_decision_status"),
            sa.column("status").in_(STATUSES),
        )
        batch_op.drop_column("current")
        batch_op.drop_column("approved")
        batch_op.drop_column("classified")
        batch_op.create_index(batch_op.f("ix_decision_status"), ["status"], unique=False)
        batch_op.create_index(
            "uq_decision_current",
            ["cycle_id", "staff_id"],
            unique=True,
            postgresql_where=sa.text("status <> 'replaced'"),
            sqlite_where=sa.text("status <> 'replaced'"),
        )


def downgrade():
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index("uq_decision_current")
        batch_op.drop_index(batch_op.f("ix_decision_status"))
        batch_op.add_column(sa.Column("classified", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("approved", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("current", sa.Boolean(), nullable=True))
    _convert(to_status=False)
    op.execute("UPDATE decision SET classified = true")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        for name in ("classified", "approved", "current"):
            batch_op.alter_column(name, existing_type=sa.Boolean(), nullable=False)
        batch_op.drop_constraint(batch_op.f("ck_decision_decision_status"), type_="check")
        batch_op.drop_column("status")
        batch_op.create_index(batch_op.f("ix_decision_current"), ["current"], unique=False)
        batch_op.create_index(
            "uq_decision_current",
            ["cycle_id", "staff_id"],
            unique=True,
            postgresql_where=sa.text("current"),
            sqlite_where=sa.text("current"),
        )
