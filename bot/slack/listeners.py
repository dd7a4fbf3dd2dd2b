"""Bolt listeners: acknowledge within Slack's 3 seconds, then translate, handle and reply.

Listeners hold no rules: they turn a verified payload into a command (bot.slack.inbound),
hand it to the command service and show the Outcome (bot.slack.replies).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncRespond

from bot.service_api import CommandHandler
from bot.slack import inbound
from bot.slack.actors import ActorDirectory
from bot.slack.forms import CheckinForms
from bot.slack.home import HomeTab
from bot.slack.notices import FAILED
from bot.slack.recent import RecentKeys
from bot.slack.replies import OutcomeSender, ReplyTo
from messages.slack_modal import CALLBACK_ID

log = logging.getLogger(__name__)
AFTER_ACK_CONCURRENCY = 16


class SlackListeners:
    """Every Slack interaction the app answers, wired onto one AsyncApp."""

    def __init__(
        self,
        *,
        handler: CommandHandler,
        directory: ActorDirectory,
        sender: OutcomeSender,
        forms: CheckinForms,
        recent: RecentKeys,
        home: HomeTab,
    ) -> None:
        self._handler = handler
        self._directory = directory
        self._sender = sender
        self._forms = forms
        self._recent = recent
        self._home = home
        # Work after the ack, bounded: a burst of answers queues here instead of starving
        # the event loop that acknowledges the next requests within Slack's 3 seconds.
        self._working = asyncio.Semaphore(AFTER_ACK_CONCURRENCY)

    def attach(self, app: AsyncApp) -> None:
        """Register the listeners; the manifest in docs/slack.md subscribes to exactly these."""
        app.command("/metric")(self.metric)
        app.action(inbound.UPDATE)(self.update_button)
        app.action(inbound.NO_CHANGE)(self.prompt_button)
        app.action(inbound.SNOOZE)(self.prompt_button)
        app.action(inbound.GRADE)(self.update_button)
        app.action(inbound.GRADE_SNOOZE)(self.prompt_button)
        app.view(CALLBACK_ID)(self.modal_submitted)
        app.event("message")(self.direct_message)
        app.event("app_home_opened")(self.home_opened)
        app.error(self.failed)

    async def metric(self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond) -> None:
        """`/metric …`, answered ephemerally through the response_url."""
        await ack()

        async def answer() -> None:
            actor = await self._directory.actor(body["user_id"])
            outcome = await self._handler.handle(inbound.slash_command(body, actor))
            where = ReplyTo(
                user_id=actor.user_id,
                channel=body.get("channel_id"),
                respond=self._sender.respond_to(body) or respond,
            )
            await self._sender.show(outcome, where)
            await self._home.after(outcome, actor)

        await self._after_ack(body, answer)

    async def update_button(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """Update (or Grade at quarter close): the modal must open within the trigger's
        3 seconds, so nothing waits."""
        await ack()
        await self._after_ack(body, lambda: self._forms.open(body))

    async def prompt_button(
        self, ack: AsyncAck, body: dict[str, Any], respond: AsyncRespond
    ) -> None:
        """No change or Snooze; a double click is one answer and one reply."""
        await ack()

        async def answer() -> None:
            actor = await self._directory.actor(body["user"]["id"])
            outcome = await self._handler.handle(inbound.prompt_button(body, actor))
            channel = body.get("container", {}).get("channel_id")
            where = ReplyTo(
                user_id=actor.user_id,
                channel=channel,
                respond=self._sender.respond_to(body) or respond,
            )
            await self._sender.show(outcome, where)
            await self._home.after(outcome, actor)

        await self._after_ack(body, answer, key=inbound.button_key(body))

    async def modal_submitted(self, ack: AsyncAck, body: dict[str, Any]) -> None:
        """The check-in modal: field errors keep it open; success closes it, then replies."""
        await self._forms.submitted(ack, body)

    async def direct_message(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """Free text in the DM (or a prompt's thread) goes to the reply parser via the service."""
        if not inbound.is_person_dm(event):
            return

        async def answer() -> None:
            actor = await self._directory.actor(event["user"])
            thread = event.get("thread_ts")
            prompt = await self._forms.prompt_at(event["channel"], thread) if thread else None
            command = inbound.dm_text(
                event,
                event_id=body["event_id"],
                actor=actor,
                prompt_key=prompt.prompt_key if prompt else None,
            )
            outcome = await self._handler.handle(command)
            where = ReplyTo(
                user_id=actor.user_id, channel=event["channel"], thread_ts=thread, in_dm=True
            )
            await self._sender.show(outcome, where)
            await self._home.after(outcome, actor)

        await self._after_ack(body, answer, key=f"slack:event:{body['event_id']}")

    async def home_opened(self, body: dict[str, Any], event: dict[str, Any]) -> None:
        """App Home: my measures, what is due and my recent updates, fresh on each visit."""
        if event.get("tab") != "home":
            return

        async def publish() -> None:
            await self._home.opened(await self._directory.actor(event["user"]))

        await self._after_ack(body, publish)

    async def failed(self, error: Exception, body: dict[str, Any]) -> None:
        """The adapter's one error handler: log with context, tell the person where possible."""
        user_id = _user_of(body)
        kind = body.get("command") or (body.get("event") or {}).get("type") or body.get("type")
        log.error("slack %s from %s failed", kind, user_id, exc_info=error)
        if user_id and body.get("response_url"):
            await self._sender.reply(
                FAILED, ReplyTo(user_id=user_id, respond=self._sender.respond_to(body))
            )

    async def _after_ack(
        self,
        body: dict[str, Any],
        work: Callable[[], Awaitable[None]],
        *,
        key: str | None = None,
    ) -> None:
        # Bolt resets an acknowledged response when a listener raises, which would hold
        # Slack's HTTP request open until its 3 s timeout; so failures end here instead.
        if key is not None and not await self._recent.claim_or_wait(key):
            log.info("slack: %s already handled here; not answering twice", key)
            return
        done = False
        try:
            async with self._working:
                await work()
            done = True
        except Exception as error:
            await self.failed(error, body)
        finally:
            if key is not None:
                (self._recent.finish if done else self._recent.release)(key)


def _user_of(body: dict[str, Any]) -> str | None:
    """The acting user in any payload shape: command, interaction or event."""
    return (
        body.get("user_id")
        or (body.get("user") or {}).get("id")
        or (body.get("event") or {}).get("user")
    )
