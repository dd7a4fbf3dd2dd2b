"""Conversation references in the database, so proactive Teams messages survive restarts
and reach every replica."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from storage.database import transaction
from storage.tables.chat import ChatRefRow


def subjects(*, session: Session, platform: str) -> set[str]:
    """Every key a reference is stored under on this platform: whom the bot can reach."""
    query = select(ChatRefRow.subject).where(col(ChatRefRow.platform) == platform)
    return set(session.exec(query))


class SqlConversationStore:
    """bot.teams.references.ConversationStore over the chat_refs table."""

    def __init__(self, engine: Engine, platform: str = "teams") -> None:
        self._engine = engine
        self._platform = platform

    async def get(self, key: str) -> dict[str, Any] | None:
        return await asyncio.to_thread(self._get, key)

    async def put(self, key: str, reference: dict[str, Any]) -> None:
        await asyncio.to_thread(self._put, key, reference)

    def _get(self, key: str) -> dict[str, Any] | None:
        with transaction(self._engine) as session:
            row = session.get(ChatRefRow, (self._platform, key))
            return None if row is None else dict(row.reference)

    def _put(self, key: str, reference: dict[str, Any]) -> None:
        with transaction(self._engine) as session:
            row = session.get(ChatRefRow, (self._platform, key))
            if row is None:
                row = ChatRefRow(
                    platform=self._platform,
                    subject=key,
                    reference=reference,
                    updated_at=datetime.now(UTC),
                )
            elif row.reference != reference:
                row.reference, row.updated_at = reference, datetime.now(UTC)
            session.add(row)
