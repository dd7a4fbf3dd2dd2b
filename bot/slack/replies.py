"""An Outcome made visible in Slack: the reply, the prompt edited in place, the trend chart."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack.http import SharedSession, responder
from bot.slack.metadata import message_metadata
from bot.slack.port import FAILURES, SlackPort
from cadence.outcomes import Outcome, PromptEdit
from cadence.views import MetricAnswer
from messages.slack import render_slack

Respond = Callable[..., Awaitable[Any]]
log = logging.getLogger(__name__)


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
        session: SharedSession | None = None,
    ) -> None:
        self._client = client
        self._env = env
        self._port = port
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
        failures are logged and the reply, which says what was recorded, still goes out.
        """
        edit = outcome.prompt_edit
        edited = False
        if edit is not None and not edit.queued:
            try:
                edited = await self._edit(edit, fallback_channel=where.channel)
            except FAILURES as error:
                log.warning("slack: could not edit prompt %s: %s", edit.platform_message_id, error)
        if not edited or edit is None or edit.view != outcome.reply:
            await self.reply(outcome.reply, where, ephemeral=outcome.ephemeral)
        if outcome.chart_png is not None:
            try:
                await self._share_chart(outcome, where.user_id)
            except FAILURES as error:
                log.warning("slack: could not upload the chart for %s: %s", where.user_id, error)

    async def reply(self, view: Any, where: ReplyTo, *, ephemeral: bool = True) -> None:
        """One message to the actor, by the most private route the request allows."""
        message = render_slack(view, self._env)
        if where.respond is not None:
            kind = "ephemeral" if ephemeral else "in_channel"
            await where.respond(**message, response_type=kind, replace_original=False)
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
        await self._client.chat_update(
            channel=channel,
            ts=edit.platform_message_id,
            metadata=message_metadata(edit.view),
            **render_slack(edit.view, self._env),
        )
        return True

    async def publish_home(self, user_id: str, view: Any) -> None:
        """The person's App Home tab, drawn from the same blocks as a message."""
        blocks = render_slack(view, self._env)["blocks"]
        await self._client.views_publish(user_id=user_id, view={"type": "home", "blocks": blocks})

    async def _share_chart(self, outcome: Outcome, user_id: str) -> None:
        # The answer may be ephemeral in a shared channel, so the chart goes to the asker's
        # DM with the bot: an upload into the channel would show it to everyone there.
        title = "Trend"
        if isinstance(outcome.reply, MetricAnswer):
            title = f"{outcome.reply.measure.title}: trend"[:250]
        await self._client.files_upload_v2(
            channel=await self._port.channel_for(user_id),
            file=outcome.chart_png,
            filename="trend.png",
            title=title,
        )
