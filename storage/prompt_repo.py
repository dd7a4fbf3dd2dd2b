"""Prompts as the command service sees them: the one being answered, its message, snoozes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from cadence.engine.state import OPEN_STATES, PROMPT_KINDS
from storage.tables.runtime import ActionRow, OutboxRow, SnoozeRow


def find_action(session: Session, key: str) -> ActionRow | None:
    return session.exec(select(ActionRow).where(ActionRow.key == key)).first()


def open_prompt(session: Session, person_key: str) -> ActionRow | None:
    """The newest prompt this person was sent and has not answered: what a free-text
    reply answers."""
    query = (
        select(ActionRow)
        .where(
            ActionRow.recipient_key == person_key,
            col(ActionRow.kind).in_([kind.value for kind in PROMPT_KINDS]),
            col(ActionRow.state).in_([state.value for state in OPEN_STATES]),
            col(ActionRow.sent_at).is_not(None),
        )
        .order_by(col(ActionRow.sent_at).desc(), col(ActionRow.id).desc())
    )
    return session.exec(query).first()


def sent_message(session: Session, action_key: str, platform: str) -> OutboxRow | None:
    """The delivered message of an action on a platform, to edit in place."""
    query = select(OutboxRow).where(
        OutboxRow.action_key == action_key,
        OutboxRow.platform == platform,
        col(OutboxRow.platform_message_id).is_not(None),
    )
    return session.exec(query).first()


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
