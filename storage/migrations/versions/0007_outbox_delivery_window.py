"""Outbox rows carry when they may still go out (the period's end, the recipient's working
hours), the prompt whose thread they reply under, and whether the last attempt's outcome is
unknown (the next attempt then asks the platform first).

Rows queued before this revision have neither end nor hours and go out as before.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.add_column(sa.Column("thread_of", sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("working_hours", sa.JSON(), nullable=True))
        batch_op.add_column(
            sa.Column("uncertain", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_column("uncertain")
        batch_op.drop_column("working_hours")
        batch_op.drop_column("expires_at")
        batch_op.drop_column("thread_of")
