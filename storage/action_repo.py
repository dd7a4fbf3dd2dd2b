"""Writing the engine's decisions and reading back what it decided.

Inserts go through `ON CONFLICT DO NOTHING` on the action key, so two replicas (or a
tick repeated after a crash) planning the same action write it once; the keys that come
back are the ones this call wrote, and only those get outbox rows.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col

from cadence.engine.decisions import PlannedAction
from cadence.engine.state import OPEN_STATES, ActionKind, ActionRecord, ActionState, RecipientKind
from storage.bulk_insert import insert_new
from storage.tables.runtime import ActionRow, OutboxRow


def insert_actions(
    *, session: Session, actions: Sequence[PlannedAction], now: datetime
) -> set[str]:
    """Store new actions; returns the keys this call inserted (others already existed)."""
    if not actions:
        return set()
    rows = [
        {
            "key": a.key,
            "kind": a.kind.value,
            "recipient_kind": a.recipient_kind.value,
            "recipient_key": a.recipient,
            "subject": a.subject,
            "period": a.period,
            "measure_keys": list(a.measures),
            "state": a.state.value,
            "due_at": a.due_at,
            "created_at": now,
            "closed_at": now if a.state not in OPEN_STATES else None,
        }
        for a in actions
    ]
    table = ActionRow.__table__  # type: ignore[attr-defined]
    return set(insert_new(session, table, rows, unique=["key"], returning=table.c.key))


def close_actions(
    *, session: Session, keys: Collection[str], state: ActionState, now: datetime
) -> int:
    """Move open actions to answered, missed or cancelled, and withdraw their unsent
    outbox rows (a prompt whose period is over is never sent late). A row whose last
    attempt may have reached the platform stays: the sender finds out first, and the
    claim withdraws it if it never went out."""
    if not keys:
        return 0
    values: dict[str, Any] = {"state": state.value, "closed_at": now}
    if state is ActionState.ANSWERED:
        values["answered_at"] = now
    closed = session.exec(  # type: ignore[call-overload]
        update(ActionRow)
        .where(col(ActionRow.key).in_(list(keys)))
        .where(col(ActionRow.state).in_([s.value for s in OPEN_STATES]))
        .values(**values)
    )
    # The rows are found by action key first: given the state too, SQLite's planner takes
    # the (state, next_attempt_at) index and walks every pending row, thousands of prompt
    # edits while a wave's answers come in.
    found = select(col(OutboxRow.id)).where(col(OutboxRow.action_key).in_(list(keys)))
    ids = list(session.connection().execute(found).scalars())
    if ids:
        session.exec(  # type: ignore[call-overload]
            update(OutboxRow)
            .where(col(OutboxRow.id).in_(ids))
            .where(col(OutboxRow.state) == "pending", ~col(OutboxRow.uncertain))
            .values(state="cancelled", claimed_by=None, claimed_until=None)
        )
    return int(closed.rowcount or 0)


def recent_actions(*, session: Session, since: datetime) -> tuple[ActionRecord, ...]:
    """Actions due since `since`, plus every still-open one however old. Read as plain
    columns, not ORM objects: every tick reads them, and building entities was most of
    the cost of reading the engine's state."""
    query = select(
        col(ActionRow.key),
        col(ActionRow.kind),
        col(ActionRow.recipient_key),
        col(ActionRow.recipient_kind),
        col(ActionRow.subject),
        col(ActionRow.period),
        col(ActionRow.measure_keys),
        col(ActionRow.state),
        col(ActionRow.due_at),
        col(ActionRow.sent_at),
    ).where(
        or_(
            col(ActionRow.due_at) >= since,
            col(ActionRow.state).in_([s.value for s in OPEN_STATES]),
        )
    )
    rows = session.connection().execute(query.order_by(col(ActionRow.id)))
    return tuple(
        ActionRecord(
            key=row.key,
            kind=ActionKind(row.kind),
            recipient=row.recipient_key,
            recipient_kind=RecipientKind(row.recipient_kind),
            subject=row.subject,
            period=row.period,
            measures=tuple(row.measure_keys),
            state=ActionState(row.state),
            due_at=row.due_at,
            sent_at=row.sent_at,
        )
        for row in rows
    )


def insert_for(session: Session) -> Any:
    """The dialect's INSERT, which knows ON CONFLICT."""
    name = session.get_bind().dialect.name
    return postgresql.insert if name == "postgresql" else sqlite.insert
