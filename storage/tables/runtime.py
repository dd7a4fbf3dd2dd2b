"""What the engine decided and what is still to be sent.

An action's key is deterministic (kind, recipient, period, measures) and unique, so a
decision can be planned only once however many ticks or replicas see it. The outbox holds
one row per message to send; senders claim rows, so each is delivered once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Index, Text, UniqueConstraint, false
from sqlmodel import Field, SQLModel

from storage.tables.plan import KEY
from storage.types import UtcDateTime

ACTION_KEY = 300


def _at(nullable: bool = True) -> Any:
    return Field(default=None, sa_column=Column(UtcDateTime, nullable=nullable))


class ActionRow(SQLModel, table=True):
    """A planned prompt, nudge, escalation, quarter close or digest, and how it went.

    `subject` is the person the action is about (the owner a delegate is asked for, the
    owner an escalation names), so the engine never plans the same slot twice."""

    __tablename__ = "actions"
    __table_args__ = (
        Index("ix_actions_state_due", "state", "due_at"),
        Index("ix_actions_recipient_period", "recipient_key", "period"),
        # An answer's nudges and open prompts are found by the owner they are about.
        Index("ix_actions_subject_period", "subject", "period"),
        Index("ix_actions_subject_state", "subject", "state"),
        # The engine reads actions due since its lookback or still open: with this and
        # the state index both halves of that OR are index scans, however many years of
        # closed actions pile up.
        Index("ix_actions_due", "due_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=ACTION_KEY, unique=True)
    kind: str = Field(max_length=30)
    recipient_kind: str = Field(max_length=10)
    recipient_key: str = Field(max_length=KEY)
    subject: str = Field(max_length=KEY)
    period: str = Field(max_length=20)
    measure_keys: list[str] = Field(sa_column=Column(JSON, nullable=False))
    state: str = Field(max_length=20)
    due_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    sent_at: datetime | None = _at()
    answered_at: datetime | None = _at()
    closed_at: datetime | None = _at()


class OutboxRow(SQLModel, table=True):
    """One message to one address on one platform; payload is an encoded view.

    `expires_at` and `working_hours` are when it may still go out (cadence.delivery);
    `thread_of` is the action whose message it replies under; `uncertain` says the last
    attempt may have reached the platform (its answer was lost), so the next one asks the
    platform before sending again."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("action_key", "platform", "address", name="uq_outbox_action_address"),
        Index("ix_outbox_ready", "state", "next_attempt_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    action_key: str = Field(max_length=ACTION_KEY, index=True)
    kind: str = Field(max_length=30)
    platform: str = Field(max_length=20)
    address: str = Field(max_length=300)
    recipient_key: str = Field(max_length=KEY)
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    thread_ref: str | None = Field(default=None, max_length=200)
    replaces_ref: str | None = Field(default=None, max_length=200)
    thread_of: str | None = Field(default=None, max_length=ACTION_KEY)
    expires_at: datetime | None = _at()
    working_hours: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    uncertain: bool = Field(
        default=False, sa_column=Column(Boolean, nullable=False, server_default=false())
    )
    state: str = Field(max_length=20)
    attempts: int = 0
    next_attempt_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    claimed_by: str | None = Field(default=None, max_length=200)
    claimed_until: datetime | None = _at()
    platform_message_id: str | None = Field(default=None, max_length=200)
    channel: str | None = Field(default=None, max_length=300)
    last_error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    sent_at: datetime | None = _at()


class SnoozeRow(SQLModel, table=True):
    """ "Snooze until tomorrow", at most once per person and period."""

    __tablename__ = "snoozes"
    __table_args__ = (UniqueConstraint("person_key", "period", name="uq_snooze_once"),)

    id: int | None = Field(default=None, primary_key=True)
    person_key: str = Field(max_length=KEY)
    period: str = Field(max_length=20)
    prompt_key: str = Field(max_length=ACTION_KEY)
    until: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
    created_at: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class UnreachableRow(SQLModel, table=True):
    """A person the platform refused (deactivated, bot not installed): escalate, don't ask."""

    __tablename__ = "unreachable"

    platform: str = Field(primary_key=True, max_length=20)
    person_key: str = Field(primary_key=True, max_length=KEY)
    reason: str = Field(sa_column=Column(Text, nullable=False))
    since: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))


class ScheduleRow(SQLModel, table=True):
    """When the schedule was first switched on (a single row, id 1): the engine never
    catches up on what fell due before it, so a first start sends nothing stale."""

    __tablename__ = "schedule"

    id: int = Field(default=1, primary_key=True)
    active_since: datetime = Field(sa_column=Column(UtcDateTime, nullable=False))
