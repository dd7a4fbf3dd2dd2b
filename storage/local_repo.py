"""Reads and writes of the local workspace inbox; the caller owns the transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from storage.tables.local import LocalMessage


def add_message(
    *,
    session: Session,
    conversation: str,
    author: str,
    kind: str,
    at: datetime,
    payload: dict[str, Any] | None = None,
    text: str | None = None,
    thread_ref: str | None = None,
    outbox_id: int | None = None,
    request_ref: str | None = None,
) -> LocalMessage:
    """Append one message to a conversation and return it with its id."""
    message = LocalMessage(
        conversation=conversation,
        author=author,
        kind=kind,
        payload=payload,
        text=text,
        thread_ref=thread_ref,
        outbox_id=outbox_id,
        request_ref=request_ref,
        created_at=at,
    )
    session.add(message)
    session.flush()
    return message


def get_message(*, session: Session, message_id: int) -> LocalMessage | None:
    """One message by id, or None."""
    return session.get(LocalMessage, message_id)


def find_by_outbox(*, session: Session, outbox_id: int) -> LocalMessage | None:
    """The message an outbox entry already produced, if any (so a retry never posts twice)."""
    statement = select(LocalMessage).where(LocalMessage.outbox_id == outbox_id)
    return session.exec(statement).first()


def find_by_request(*, session: Session, request_ref: str) -> LocalMessage | None:
    """The message a page request already stored, if any (so a resent form is not kept twice)."""
    statement = select(LocalMessage).where(LocalMessage.request_ref == request_ref)
    return session.exec(statement).first()


def replace_payload(
    *, session: Session, message_id: int, payload: dict[str, Any], at: datetime
) -> LocalMessage | None:
    """Edit a bot message in place (the prompt after it was answered); None if it is gone."""
    message = session.get(LocalMessage, message_id)
    if message is None:
        return None
    message.payload = payload
    message.edited_at = at
    session.add(message)
    session.flush()
    return message


def list_messages(*, session: Session, conversation: str, limit: int = 100) -> list[LocalMessage]:
    """The newest `limit` messages of a conversation, oldest first."""
    statement = (
        select(LocalMessage)
        .where(LocalMessage.conversation == conversation)
        .order_by(col(LocalMessage.id).desc())
        .limit(limit)
    )
    return list(reversed(session.exec(statement).all()))


def message_counts(*, session: Session) -> dict[str, int]:
    """How many messages each conversation holds, for the workspace sidebar."""
    statement = select(LocalMessage.conversation, func.count()).group_by(LocalMessage.conversation)
    return {conversation: count for conversation, count in session.exec(statement).all()}
