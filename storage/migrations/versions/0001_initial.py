"""Plan, updates, runtime and chat tables: the whole schema as first released.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("recipient_kind", sa.String(length=10), nullable=False),
        sa.Column("recipient_key", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("measure_keys", sa.JSON(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_actions_recipient_period", ["recipient_key", "period"], unique=False
        )
        batch_op.create_index("ix_actions_state_due", ["state", "due_at"], unique=False)

    op.create_table(
        "chat_refs",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("reference", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "subject"),
    )
    op.create_table(
        "local_messages",
        sa.Column("conversation", sa.String(length=200), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=50), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("thread_ref", sa.String(length=64), nullable=True),
        sa.Column("outbox_id", sa.Integer(), nullable=True),
        sa.Column("request_ref", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("outbox_id"),
        sa.UniqueConstraint("request_ref"),
    )
    with op.batch_alter_table("local_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_local_messages_conversation"), ["conversation"], unique=False
        )

    op.create_table(
        "measures",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("title", sa.String(length=1000), nullable=False),
        sa.Column("objective", sa.String(length=200), nullable=True),
        sa.Column("team", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_measures_objective"), ["objective"], unique=False)
        batch_op.create_index("ix_measures_owner_active", ["owner", "archived_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_measures_team"), ["team"], unique=False)

    op.create_table(
        "objectives",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("team", sa.String(length=200), nullable=False),
        sa.Column("owner", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_objectives_owner"), ["owner"], unique=False)
        batch_op.create_index(batch_op.f("ix_objectives_period"), ["period"], unique=False)
        batch_op.create_index(batch_op.f("ix_objectives_team"), ["team"], unique=False)

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("recipient_key", sa.String(length=200), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("thread_ref", sa.String(length=200), nullable=True),
        sa.Column("replaces_ref", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("claimed_by", sa.String(length=200), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("platform_message_id", sa.String(length=200), nullable=True),
        sa.Column("channel", sa.String(length=300), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("action_key", "platform", "address", name="uq_outbox_action_address"),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outbox_action_key"), ["action_key"], unique=False)
        batch_op.create_index("ix_outbox_ready", ["state", "next_attempt_at"], unique=False)

    op.create_table(
        "people",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("email", sa.String(length=320), nullable=True),
        sa.Column("slack_id", sa.String(length=64), nullable=True),
        sa.Column("teams_id", sa.String(length=200), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_people_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_slack_id"), ["slack_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_people_teams_id"), ["teams_id"], unique=False)

    op.create_table(
        "plan_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "snoozes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_key", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("prompt_key", sa.String(length=300), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("person_key", "period", name="uq_snooze_once"),
    )
    op.create_table(
        "teams",
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "unreachable",
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("person_key", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("since", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "person_key"),
    )
    op.create_table(
        "updates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("measure_key", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("no_change", sa.Boolean(), nullable=False),
        sa.Column("confidence", sa.String(length=20), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("blockers", sa.Text(), nullable=True),
        sa.Column("raw_text", sa.Text(), nullable=True),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=30), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("supersedes", sa.Integer(), nullable=True),
        sa.Column("idempotency_key", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["measure_key"],
            ["measures.key"],
        ),
        sa.ForeignKeyConstraint(
            ["supersedes"],
            ["updates.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("idempotency_key"),
    )
    with op.batch_alter_table("updates", schema=None) as batch_op:
        batch_op.create_index("ix_updates_measure_latest", ["measure_key", "id"], unique=False)
        batch_op.create_index("ix_updates_period", ["period", "measure_key"], unique=False)
        batch_op.create_index("ix_updates_recorded", ["recorded_at", "measure_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("updates", schema=None) as batch_op:
        batch_op.drop_index("ix_updates_recorded")
        batch_op.drop_index("ix_updates_period")
        batch_op.drop_index("ix_updates_measure_latest")

    op.drop_table("updates")
    op.drop_table("unreachable")
    op.drop_table("teams")
    op.drop_table("snoozes")
    op.drop_table("plan_settings")
    with op.batch_alter_table("people", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_people_teams_id"))
        batch_op.drop_index(batch_op.f("ix_people_slack_id"))
        batch_op.drop_index(batch_op.f("ix_people_email"))

    op.drop_table("people")
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_ready")
        batch_op.drop_index(batch_op.f("ix_outbox_action_key"))

    op.drop_table("outbox")
    with op.batch_alter_table("objectives", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objectives_team"))
        batch_op.drop_index(batch_op.f("ix_objectives_period"))
        batch_op.drop_index(batch_op.f("ix_objectives_owner"))

    op.drop_table("objectives")
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_measures_team"))
        batch_op.drop_index("ix_measures_owner_active")
        batch_op.drop_index(batch_op.f("ix_measures_objective"))

    op.drop_table("measures")
    with op.batch_alter_table("local_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_local_messages_conversation"))

    op.drop_table("local_messages")
    op.drop_table("chat_refs")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index("ix_actions_state_due")
        batch_op.drop_index("ix_actions_recipient_period")

    op.drop_table("actions")
