"""The check-in modal: opened from a prompt's Update button, submitted back as values.

The prompt comes from the message's own metadata (bot.slack.metadata), so the form shows
exactly what the message asked. A rejected submission keeps the modal open with the
service's reason on a field ("errors"), so nothing is recorded and nothing is retyped.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from jinja2 import Environment
from slack_bolt.async_app import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from bot.service_api import CommandHandler
from bot.slack import inbound
from bot.slack.actors import ActorDirectory
from bot.slack.home import HomeTab
from bot.slack.metadata import Prompt, prompt_of
from bot.slack.notices import PROMPT_GONE
from bot.slack.recent import RecentKeys
from bot.slack.replies import OutcomeSender, ReplyTo
from cadence.commands import OpenForm
from cadence.outcomes import Outcome
from cadence.views import ErrorReply
from messages import limits
from messages.slack_modal import ModalError, checkin_modal

log = logging.getLogger(__name__)
# Slack shows a field error under the input; keep it to a readable line or two.
FIELD_ERROR_CHARS = 300


class CheckinForms:
    """Opens check-in modals and turns their submissions into SubmitValues."""

    def __init__(
        self,
        *,
        client: AsyncWebClient,
        env: Environment,
        handler: CommandHandler,
        directory: ActorDirectory,
        sender: OutcomeSender,
        recent: RecentKeys,
        home: HomeTab,
    ) -> None:
        self._client = client
        self._env = env
        self._handler = handler
        self._directory = directory
        self._sender = sender
        self._recent = recent
        self._home = home

    async def open(self, body: dict[str, Any]) -> None:
        """views.open for the prompt under the clicked button (a message's, or the Home
        tab's), once the command service agrees this person may answer it; else say why."""
        container = body.get("container", {})
        channel, ts = container.get("channel_id"), container.get("message_ts")
        message = body.get("message") or {}
        actor = await self._directory.actor(body["user"]["id"])
        asked = OpenForm(actor=actor, prompt_key=body["actions"][0]["value"])
        reply = (await self._handler.handle(asked)).reply
        where = ReplyTo(user_id=actor.user_id, channel=channel)
        if isinstance(reply, ErrorReply):
            await self._sender.reply(reply, where)
            return
        # The message's own metadata is exactly what it showed; the service's copy serves
        # the Home tab and a message too large to carry it.
        prompt = prompt_of(message)
        if prompt is None and channel and ts:
            prompt = await self.prompt_at(channel, ts, thread_ts=message.get("thread_ts"))
        if prompt is None and isinstance(reply, Prompt):
            prompt = reply
        if prompt is None:
            await self._sender.reply(PROMPT_GONE, where)
            return
        modal = checkin_modal(prompt, self._env)
        meta = json.loads(modal["private_metadata"])
        placed = json.dumps({**meta, "channel": channel, "ts": ts}, separators=(",", ":"))
        if len(placed) <= limits.SLACK_PRIVATE_METADATA:
            modal["private_metadata"] = placed
        await self._client.views_open(trigger_id=body["trigger_id"], view=modal)

    async def prompt_at(
        self, channel: str, ts: str, *, thread_ts: str | None = None
    ) -> Prompt | None:
        """The prompt carried by the message at (channel, ts); a thread reply needs its parent."""
        if thread_ts and thread_ts != ts:
            response = await self._client.conversations_replies(
                channel=channel,
                ts=thread_ts,
                latest=ts,
                oldest=ts,
                inclusive=True,
                include_all_metadata=True,
                limit=2,
            )
        else:
            response = await self._client.conversations_history(
                channel=channel,
                latest=ts,
                oldest=ts,
                inclusive=True,
                include_all_metadata=True,
                limit=1,
            )
        messages: list[dict[str, Any]] = response.get("messages", [])
        found = [m for m in messages if m.get("ts") == ts]
        return prompt_of(found[0]) if found else None

    async def submitted(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """Handle before acknowledging: only then can a rejection keep the modal open."""
        view = body["view"]
        actor = await self._directory.actor(body["user"]["id"])
        try:
            command = inbound.modal_submission(view, actor)
        except ModalError as error:
            log.warning("slack: unreadable check-in modal from %s: %s", actor.user_id, error)
            await ack()
            return
        if not self._recent.claim(command.idempotency_key):
            await ack()
            return
        try:
            outcome = await self._handler.handle(command)
        except BaseException:
            self._recent.release(command.idempotency_key)
            raise
        errors = field_errors(outcome, view)
        if errors:
            self._recent.release(command.idempotency_key)
            await ack(response_action="errors", errors=errors)
            return
        self._recent.finish(command.idempotency_key)
        await ack()
        meta = json.loads(view["private_metadata"])
        where = ReplyTo(user_id=actor.user_id, channel=meta.get("channel"), in_dm=True)
        await self._sender.show(outcome, where)
        await self._home.after(outcome, actor)


def field_errors(outcome: Outcome, view: dict[str, Any]) -> dict[str, str]:
    """A rejection that recorded nothing, placed on the field it names (else the first)."""
    reply = outcome.reply
    if outcome.recorded or not isinstance(reply, ErrorReply):
        return {}
    inputs = [b["block_id"] for b in view.get("blocks", []) if b.get("type") == "input"]
    if not inputs:
        return {}
    keys = json.loads(view["private_metadata"]).get("measures", [])
    said = f"{reply.code} {reply.message}"
    named = next(
        (
            f"value.{index}"
            for index, key in enumerate(keys)
            if re.search(rf"(?<![\w.-]){re.escape(key)}(?![\w-])", said)
        ),
        None,
    )
    block = named if named is not None and named in inputs else inputs[0]
    return {block: limits.clip(f"{reply.message} {reply.fix}", FIELD_ERROR_CHARS)}
