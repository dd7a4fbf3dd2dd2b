"""App Home: the person's measures, what is due, their recent updates and an Update button.

Published when the person opens the tab, and again after they record an update while
this process knows they have looked at it, so the tab never shows an answered measure
as due. Only people who opened it are republished: views.publish is rate limited, and a
Monday wave of answers must not spend that limit on tabs nobody has seen.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from jinja2 import Environment
from slack_sdk.web.async_client import AsyncWebClient

from bot.service_api import CommandHandler
from bot.slack.port import FAILURES
from cadence.commands import Actor, OpenHome
from cadence.outcomes import Outcome
from messages.slack import render_slack

log = logging.getLogger(__name__)


class HomeTab:
    """Publishes App Home views, and remembers (bounded) who has opened theirs."""

    def __init__(
        self,
        *,
        client: AsyncWebClient,
        handler: CommandHandler,
        env: Environment,
        capacity: int = 50_000,
    ) -> None:
        self._client = client
        self._handler = handler
        self._env = env
        self._capacity = capacity
        self._viewers: OrderedDict[str, None] = OrderedDict()

    async def opened(self, actor: Actor) -> None:
        """The person opened the Home tab: publish it fresh."""
        self._viewers[actor.user_id] = None
        self._viewers.move_to_end(actor.user_id)
        if len(self._viewers) > self._capacity:
            self._viewers.popitem(last=False)
        await self.publish(actor)

    async def publish(self, actor: Actor) -> None:
        """views.publish the person's home as the command service sees it now."""
        outcome = await self._handler.handle(OpenHome(actor=actor))
        # A message's 50 blocks, well inside the 100 a home holds; rendered off the loop.
        message = await asyncio.to_thread(render_slack, outcome.reply, self._env)
        view = {"type": "home", "blocks": message["blocks"]}
        await self._client.views_publish(user_id=actor.user_id, view=view)

    async def after(self, outcome: Outcome, actor: Actor) -> None:
        """Republish a home its owner has seen once they recorded something; a failure
        is logged, since the update itself was recorded and confirmed."""
        if not outcome.recorded or actor.user_id not in self._viewers:
            return
        try:
            await self.publish(actor)
        except FAILURES as error:
            log.warning("slack: could not republish the home of %s: %s", actor.user_id, error)
