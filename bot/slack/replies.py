"""An Outcome made visible in Slack: the reply, the prompt edited in place, the trend chart."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.charts import Pause, with_chart
from bot.slack.http import SharedSession, responder
from bot.slack.metadata import message_metadata
from bot.slack.port import FAILURES, SlackPort
from cadence.outcomes import Outcome, PromptEdit
from messages.slack import render_slack

Respond = Callable[..., Awaitable[Any]]
log = logging.getLogger(__name__)


class ResponseRefused(Exception):
    """Slack's response_url refused a reply (its blocks, say): nothing was shown."""


@dataclass(frozen=True, slots=True)
class ReplyTo:
    """Where the actor asked from: a response_url, a DM (thread), or a channel."""

    user_id: str
    channel: str | None = None
    thread_ts: str | None = None
    respond: Respond | None = None
    in_dm: bool = False


class OutcomeSender:
    """Shows one Outcome to the person who caused it."""

    def __init__(
        self,
        client: AsyncWebClient,
        env: Environment,
        port: SlackPort,
        *,
        pause: Pause = asyncio.sleep,
        session: SharedSession | None = None,
    ) -> None:
        self._client = client
        self._env = env
        self._port = port
        self._pause = pause
        self._session = session or SharedSession()

    def respond_to(self, body: dict[str, Any]) -> Respond | None:
        """A `respond` to the request's response_url over the kept-alive connections."""
        url = body.get("response_url")
        return responder(self._session, url) if url else None

    async def show(self, outcome: Outcome, where: ReplyTo) -> None:
        """Edit the prompt if asked (unless the edit waits in the outbox), then reply
        unless the edit already says the same: an edit still waiting its turn says nothing
        yet, so the person is answered at once either way.

        The edit and the chart only decorate what the service already did, so their
        failures are logged and the reply, which says what was recorded, still goes out:
        an answer whose chart Slack refuses (a file still being processed) goes out again
        as text.
        """
        edit = outcome.prompt_edit
        edited = False
        if edit is not None and not edit.queued:
            try:
                edited = await self._edit(edit, fallback_channel=where.channel)
            except FAILURES as error:
                log.warning("slack: could not edit prompt %s: %s", edit.platform_message_id, error)
        if edited and edit is not None and edit.view == outcome.reply:
            return
        charted = await with_chart(self._client, outcome, where.user_id, pause=self._pause)
        if charted is not None:
            try:
                await self.reply(charted, where, ephemeral=outcome.ephemeral, checked=True)
                return
            except (*FAILURES, ResponseRefused) as error:
                log.warning("slack: the answer with its chart was refused: %s", error)
        await self.reply(outcome.reply, where, ephemeral=outcome.ephemeral)

    async def reply(
        self, view: Any, where: ReplyTo, *, ephemeral: bool = True, checked: bool = False
    ) -> None:
        """One message to the actor, by the most private route the request allows;
        `checked` raises ResponseRefused when the response_url turns it down."""
        # In a worker thread: a render is milliseconds of Jinja and YAML that, on the event
        # loop, would hold back the acknowledgements of the requests arriving meanwhile.
        message = await asyncio.to_thread(render_slack, view, self._env)
        if where.respond is not None:
            kind = "ephemeral" if ephemeral else "in_channel"
            sent = await where.respond(**message, response_type=kind, replace_original=False)
            status = getattr(sent, "status_code", 200)
            if checked and status != 200:
                raise ResponseRefused(f"response_url answered {status}: {sent.body}")
            return
        channel = where.channel or await self._port.channel_for(where.user_id)
        if where.in_dm or not ephemeral:
            await self._client.chat_postMessage(
                channel=channel, thread_ts=where.thread_ts, **message
            )
        else:
            await self._client.chat_postEphemeral(
                channel=channel, user=where.user_id, thread_ts=where.thread_ts, **message
            )

    async def _edit(self, edit: PromptEdit, *, fallback_channel: str | None) -> bool:
        channel = edit.channel or fallback_channel
        if channel is None:
            log.warning("slack: prompt %s has no known channel to edit", edit.platform_message_id)
            return False
        message = await asyncio.to_thread(render_slack, edit.view, self._env)
        await self._client.chat_update(
            channel=channel,
            ts=edit.platform_message_id,
            metadata=message_metadata(edit.view),
            **message,
        )
        return True
