"""Where the bot can reach someone: conversation references, stored as JSON-safe dicts.

Teams only lets a bot message a person or channel proactively through a conversation it has
already seen, so every install and every message leaves its reference behind. A person is
filed under each id an address may use (Teams user id, AAD object id, email); a channel
under its channel id and, for the General channel, its team id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from botbuilder.schema import Activity, ChannelAccount, ConversationReference

from cadence.identities import teams_identity

_THREAD = ";messageid="


class ConversationStore(Protocol):
    """Conversation references by address key, and the roster's answer per Teams user id;
    the SQL one lives in storage/."""

    async def get(self, key: str) -> dict[str, Any] | None: ...

    async def put_all(self, keys: Sequence[str], reference: dict[str, Any]) -> None:
        """Store the reference under every key; whoever those keys address is no longer
        refused on Teams (the bot has somewhere to write to them now)."""
        ...

    async def roster_email(self, user_id: str) -> str | None:
        """The roster's email for the user: None if never asked, "" when it has none."""
        ...

    async def keep_roster_email(self, user_id: str, email: str) -> None: ...


class MemoryConversationStore:
    """A ConversationStore in dicts, for tests and the development switch."""

    def __init__(self) -> None:
        self.references: dict[str, dict[str, Any]] = {}
        self.emails: dict[str, str] = {}

    async def get(self, key: str) -> dict[str, Any] | None:
        return self.references.get(key)

    async def put_all(self, keys: Sequence[str], reference: dict[str, Any]) -> None:
        self.references.update(dict.fromkeys(keys, reference))

    async def roster_email(self, user_id: str) -> str | None:
        return self.emails.get(user_id)

    async def keep_roster_email(self, user_id: str, email: str) -> None:
        self.emails[user_id] = email


def person_keys(account: ChannelAccount, email: str | None) -> list[str]:
    """Every key a delivery to this person may be addressed by."""
    return _keys([account.id, account.aad_object_id, email])


def channel_keys(activity: Activity) -> list[str]:
    """The channel's id, and the team's id when this is the team's General channel."""
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    channel = (data.get("channel") or {}).get("id") or base_conversation(activity.conversation.id)
    team = (data.get("team") or {}).get("id")
    return _keys([channel, team if team == channel else None])


def base_conversation(conversation_id: str) -> str:
    """A channel conversation id without the thread suffix a channel message carries."""
    return conversation_id.split(_THREAD, 1)[0]


def thread_conversation(conversation_id: str, message_id: str) -> str:
    """The conversation id that replies under one channel post."""
    return f"{base_conversation(conversation_id)}{_THREAD}{message_id}"


def reference_for(activity: Activity, *, conversation_id: str) -> dict[str, Any]:
    """The activity's conversation reference as a dict; not tied to the activity itself,
    so a proactive message starts a new post rather than replying to an old one."""
    reference = ConversationReference(
        user=activity.from_property,
        bot=activity.recipient,
        conversation=activity.conversation,
        channel_id=activity.channel_id,
        locale=activity.locale,
        service_url=activity.service_url,
    )
    stored = reference.serialize()
    stored["conversation"]["id"] = conversation_id
    return stored


def reference_from(stored: dict[str, Any]) -> ConversationReference:
    """A stored dict back as botbuilder's ConversationReference."""
    return ConversationReference().deserialize(stored)


def _keys(raw: Iterable[str | None]) -> list[str]:
    keys: list[str] = []
    for value in raw:
        if value and teams_identity(value) not in keys:
            keys.append(teams_identity(value))
    return keys
