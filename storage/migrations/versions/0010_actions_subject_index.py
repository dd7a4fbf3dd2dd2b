"""Index actions by subject: every answer looks up the nudges about its prompt's owner
and period, and the open prompts about the owners it answered for. Without these the
first read the whole actions table (which grows by every prompt ever planned) and the
second every open action of everyone (5,000 during a Monday wave).

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index("ix_actions_subject_period", ["subject", "period"], unique=False)
        batch_op.create_index("ix_actions_subject_state", ["subject", "state"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_subject_state")
        batch_op.drop_index("ix_actions_subject_period")
