"""Conversation references in the database, so proactive Teams messages survive restarts
and reach every replica; and what the Teams roster told the bot about each user, so it is
asked once per user rather than on every message."""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cadence.identities import teams_identity
from storage.database import transaction
from storage.slack_people_repo import forget_refusals
from storage.tables.chat import ChatRefRow
from storage.tables.plan import PersonRow, TeamRow
from storage.tables.runtime import UnreachableRow

# Roster answers live beside the references, under this suffix of the platform's name.
_ROSTER = "-roster"


def subjects(*, session: Session, platform: str) -> set[str]:
    """Every key a reference is stored under on this platform: whom the bot can reach."""
    query = select(ChatRefRow.subject).where(col(ChatRefRow.platform) == platform)
    return set(session.exec(query))


def forget_refusals_at(*, session: Session, platform: str, addresses: Collection[str]) -> set[str]:
    """The platform gave the bot a way to write to these addresses (Teams: the app was
    installed, or someone wrote to the bot): the people whose teams_id, and the teams whose
    teams_channel, is one of them are no longer refused there. Returns their keys."""
    wanted = {teams_identity(address) for address in addresses}
    people = session.exec(
        select(PersonRow.key, PersonRow.teams_id)
        .join(UnreachableRow, col(UnreachableRow.person_key) == col(PersonRow.key))
        .where(col(UnreachableRow.platform) == platform)
    )
    teams = session.exec(
        select(TeamRow.key, TeamRow.spec)
        .join(UnreachableRow, col(UnreachableRow.person_key) == col(TeamRow.key))
        .where(col(UnreachableRow.platform) == platform)
    )
    reached = {key for key, teams_id in people if teams_id and teams_identity(teams_id) in wanted}
    for key, spec in teams:
        channel = spec.get("teams_channel")
        if channel and teams_identity(channel) in wanted:
            reached.add(key)
    forget_refusals(session=session, platform=platform, keys=reached)
    return reached


class SqlConversationStore:
    """bot.teams.references.ConversationStore over the chat_refs table (Slack keeps its
    opened DM channels in it too, under another platform name, through get and put)."""

    def __init__(self, engine: Engine, platform: str = "teams") -> None:
        self._engine = engine
        self._platform = platform

    async def get(self, key: str) -> dict[str, Any] | None:
        return await asyncio.to_thread(self._get, self._platform, key)

    async def put(self, key: str, reference: dict[str, Any]) -> None:
        await asyncio.to_thread(self._put_all, [key], reference, forget=False)

    async def get_all(self) -> dict[str, dict[str, Any]]:
        """Every reference stored on this platform, by key, in one query."""
        return await asyncio.to_thread(self._get_all)

    async def put_all(self, keys: Sequence[str], reference: dict[str, Any]) -> None:
        """One reference under every key, in one transaction; whoever those keys address
        is no longer refused on this platform."""
        await asyncio.to_thread(self._put_all, keys, reference, forget=True)

    async def roster_email(self, user_id: str) -> str | None:
        """What the roster said about this user's email: None if it was never asked, ""
        when it has none."""
        stored = await asyncio.to_thread(self._get, self._platform + _ROSTER, user_id)
        return None if stored is None else str(stored.get("email") or "")

    async def keep_roster_email(self, user_id: str, email: str) -> None:
        """Remember the roster's answer ("" for none) for this user."""
        await asyncio.to_thread(self._keep_roster_email, user_id, email)

    def _get(self, platform: str, key: str) -> dict[str, Any] | None:
        with transaction(self._engine) as session:
            row = session.get(ChatRefRow, (platform, key))
            return None if row is None else dict(row.reference)

    def _get_all(self) -> dict[str, dict[str, Any]]:
        with transaction(self._engine) as session:
            query = select(ChatRefRow.subject, ChatRefRow.reference).where(
                col(ChatRefRow.platform) == self._platform
            )
            return {subject: dict(reference) for subject, reference in session.exec(query)}

    def _put_all(self, keys: Sequence[str], reference: dict[str, Any], *, forget: bool) -> None:
        with transaction(self._engine) as session:
            for key in keys:
                _upsert(session, self._platform, key, reference)
            if forget:
                forget_refusals_at(session=session, platform=self._platform, addresses=keys)

    def _keep_roster_email(self, user_id: str, email: str) -> None:
        with transaction(self._engine) as session:
            _upsert(session, self._platform + _ROSTER, user_id, {"email": email})


def _upsert(session: Session, platform: str, key: str, reference: dict[str, Any]) -> None:
    row = session.get(ChatRefRow, (platform, key))
    if row is None:
        row = ChatRefRow(
            platform=platform, subject=key, reference=reference, updated_at=datetime.now(UTC)
        )
    elif row.reference != reference:
        row.reference, row.updated_at = reference, datetime.now(UTC)
    else:
        return
    session.add(row)
