"""Prompts as the command service sees them: the one being answered, its messages, snoozes."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from cadence.engine.state import OPEN_STATES, PROMPT_KINDS, ActionKind, ActionState
from storage.tables.runtime import ActionRow, OutboxRow, SnoozeRow

_OPEN = [state.value for state in OPEN_STATES]
_PROMPTS = [kind.value for kind in PROMPT_KINDS]


def find_action(session: Session, key: str) -> ActionRow | None:
    return session.exec(select(ActionRow).where(ActionRow.key == key)).first()


def sent_prompts(session: Session, person_key: str) -> list[ActionRow]:
    """Every prompt this person was sent and has not answered, newest first."""
    query = (
        select(ActionRow)
        .where(
            ActionRow.recipient_key == person_key,
            col(ActionRow.kind).in_(_PROMPTS),
            col(ActionRow.state).in_(_OPEN),
            col(ActionRow.sent_at).is_not(None),
        )
        .order_by(col(ActionRow.sent_at).desc(), col(ActionRow.id).desc())
    )
    return list(session.exec(query))


def prompt_payload(session: Session, prompt_key: str) -> dict[str, Any] | None:
    """The encoded view the prompt's first message showed (not an edit of it)."""
    query = select(OutboxRow.payload).where(
        OutboxRow.action_key == prompt_key, col(OutboxRow.replaces_ref).is_(None)
    )
    payload = session.exec(query.order_by(col(OutboxRow.id))).first()
    return dict(payload) if payload is not None else None


def open_prompts_about(session: Session, owners: Collection[str]) -> list[ActionRow]:
    """Unanswered check-ins and KPI reviews about these owners' measures, sent or not."""
    query = select(ActionRow).where(
        col(ActionRow.subject).in_(list(owners)),
        col(ActionRow.kind).in_(_PROMPTS),
        col(ActionRow.state).in_(_OPEN),
    )
    return list(session.exec(query.order_by(col(ActionRow.id))))


def prompt_messages(session: Session, prompt: ActionRow) -> list[OutboxRow]:
    """The delivered messages that offer a prompt's buttons, oldest first: its own and
    those of the nudges after it (a nudge is about the prompt's owner and period, and
    names some of its measures). Edits of those messages are not among them."""
    nudges = session.exec(
        select(ActionRow.key, ActionRow.measure_keys).where(
            ActionRow.kind == ActionKind.NUDGE.value,
            ActionRow.subject == prompt.subject,
            ActionRow.period == prompt.period,
        )
    )
    asked = set(prompt.measure_keys)
    keys = [prompt.key, *(key for key, measures in nudges if set(measures) <= asked)]
    # By action key alone, then filtered here: given `state = 'sent'` too, SQLite's planner
    # takes the (state, next_attempt_at) index and reads every sent row of the outbox (6 ms
    # an answer after a 5,000-owner wave), where the keys find a prompt's few rows at once.
    query = select(OutboxRow).where(col(OutboxRow.action_key).in_(keys))
    return [
        row
        for row in session.exec(query.order_by(col(OutboxRow.id)))
        if row.state == "sent" and row.platform_message_id is not None and row.replaces_ref is None
    ]


def add_snooze(
    session: Session, *, person: str, period: str, prompt_key: str, until: datetime, now: datetime
) -> datetime | None:
    """Snooze once per person and period: when this prompt's snooze ends (a repeated click
    on the same prompt is the same snooze, ending when it first said), None when this
    period's snooze went to another prompt."""
    row = SnoozeRow(
        person_key=person, period=period, prompt_key=prompt_key, until=until, created_at=now
    )
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:
        earlier = select(SnoozeRow.prompt_key, SnoozeRow.until).where(
            SnoozeRow.person_key == person, SnoozeRow.period == period
        )
        found = session.exec(earlier).first()
        return found[1] if found is not None and found[0] == prompt_key else None
    return until


def send_now(session: Session, *, owner: str, now: datetime) -> list[ActionRow]:
    """Bring forward the owner's planned prompts still waiting for their time in the
    outbox (asked for now, they go with the next delivery, working hours or not: the owner
    is there and asking); returns those prompts."""
    waiting = list(
        session.exec(
            select(ActionRow).where(
                ActionRow.subject == owner,
                col(ActionRow.kind).in_(_PROMPTS),
                ActionRow.state == ActionState.PLANNED.value,
            )
        )
    )
    keys = [action.key for action in waiting]
    session.exec(  # type: ignore[call-overload]
        update(OutboxRow)
        .where(col(OutboxRow.action_key).in_(keys), col(OutboxRow.state) == "pending")
        .values(next_attempt_at=now, working_hours=None)
    )
    return waiting
