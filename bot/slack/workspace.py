"""What the workspace says about the plan's people and channels, at import and for health.

Owners are matched by Slack user id or, failing that, by email; a person Slack does not
know comes back as None so the caller can report them instead of silently skipping.
Team channels are joined when public; a private one needs the bot invited.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

NOT_FOUND = frozenset({"user_not_found", "users_not_found", "channel_not_found"})


@dataclass(frozen=True, slots=True)
class SlackUser:
    """A workspace member as the plan needs them: id to DM, email, timezone, still active."""

    user_id: str
    email: str | None
    timezone: str | None
    active: bool


class ChannelAccess(enum.StrEnum):
    """Whether the bot can post in a team channel, and what an admin must do if not."""

    MEMBER = "member"
    JOINED = "joined"
    # Slack answers channel_not_found both for a wrong id and for a private channel the
    # bot was never invited to; either way an admin has to act.
    NOT_VISIBLE = "not_visible"
    ARCHIVED = "archived"


class SlackWorkspace:
    """Lookups for import, first run and `health`; other Slack errors are raised."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client

    async def find_user(
        self, *, user_id: str | None = None, email: str | None = None
    ) -> SlackUser | None:
        """By user id (users.info) when given, else by email (users.lookupByEmail)."""
        if user_id is None and email is None:
            raise ValueError("find_user needs a Slack user id or an email")
        try:
            if user_id is not None:
                response = await self._client.users_info(user=user_id)
            else:
                response = await self._client.users_lookupByEmail(email=email or "")
        except SlackApiError as error:
            if _code(error) in NOT_FOUND:
                return None
            raise
        return _user(response["user"])

    async def join_channel(self, channel_id: str) -> ChannelAccess:
        """Join a public team channel if the bot is not in it yet; say why it cannot."""
        try:
            channel = (await self._client.conversations_info(channel=channel_id))["channel"]
        except SlackApiError as error:
            if _code(error) in NOT_FOUND:
                return ChannelAccess.NOT_VISIBLE
            raise
        if channel.get("is_archived"):
            return ChannelAccess.ARCHIVED
        if channel.get("is_member"):
            return ChannelAccess.MEMBER
        if channel.get("is_private"):
            return ChannelAccess.NOT_VISIBLE
        await self._client.conversations_join(channel=channel_id)
        return ChannelAccess.JOINED


def _user(user: dict[str, Any]) -> SlackUser:
    return SlackUser(
        user_id=user["id"],
        email=(user.get("profile") or {}).get("email") or None,
        timezone=user.get("tz") or None,
        active=not user.get("deleted", False),
    )


def _code(error: SlackApiError) -> str:
    data = error.response.data
    return str(data.get("error", "")) if isinstance(data, dict) else ""
