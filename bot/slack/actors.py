"""Who is acting: the verified Slack user, with email and timezone from users.info.

The email lets the command service match a person the plan names only by address. A
failed lookup still yields an actor by user id: identity comes from Slack's signed
payload, the profile only helps matching.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from cadence.commands import Actor

PLATFORM = "slack"
log = logging.getLogger(__name__)


class ActorDirectory:
    """users.info answers, kept for the process's life (bounded) so each user costs one call."""

    def __init__(self, client: AsyncWebClient, *, capacity: int = 10_000) -> None:
        self._client = client
        self._capacity = capacity
        self._known: OrderedDict[str, Actor] = OrderedDict()
        self._asking: dict[str, asyncio.Task[Actor]] = {}

    async def actor(self, user_id: str) -> Actor:
        """The actor for a verified user id; requests arriving together share one lookup."""
        if user_id in self._known:
            self._known.move_to_end(user_id)
            return self._known[user_id]
        task = self._asking.get(user_id)
        if task is None:
            task = asyncio.ensure_future(self._look_up(user_id))
            self._asking[user_id] = task
            task.add_done_callback(lambda _: self._asking.pop(user_id, None))
        return await asyncio.shield(task)

    async def _look_up(self, user_id: str) -> Actor:
        try:
            response = await self._client.users_info(user=user_id)
        except (TimeoutError, SlackApiError, aiohttp.ClientError) as error:
            log.warning("users.info failed for %s: %s; acting by user id only", user_id, error)
            return Actor(platform=PLATFORM, user_id=user_id)
        user = response.get("user") or {}
        actor = Actor(
            platform=PLATFORM,
            user_id=user_id,
            email=(user.get("profile") or {}).get("email") or None,
            timezone=user.get("tz") or None,
        )
        self._known[user_id] = actor
        if len(self._known) > self._capacity:
            self._known.popitem(last=False)
        return actor
