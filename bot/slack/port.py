"""The outbox's way into Slack: post or update one message, or find one already sent.

A DM channel id, once opened, is kept in memory and, given a store, in the database: a
restart then costs no conversations.open (Tier 3) call per owner already written to. The
store is read whole the first time a DM is wanted, so a Monday wave to thousands of owners
is one query rather than one per owner; a channel stored since (by another replica) is
still found by a read of its own.

The sender prepares each delivery before its turn under the rate limits: the message is
rendered in a worker thread (a check-in's Jinja and YAML take milliseconds the event loop
would otherwise spend away from acknowledging Slack's requests) and the channel is found,
so once admitted a call goes straight out. Slack counts a call when it arrives: work between
the turn and the wire would bunch calls up behind it and overshoot a window.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, replace
from typing import Any, Protocol

import aiohttp
from jinja2 import Environment
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import Delivery, DeliveryReceipt
from bot.slack.errors import delivery_failure
from bot.slack.limits import LIMITS
from bot.slack.metadata import message_metadata, outbox_id_of
from cadence.view_codec import decode_view
from messages.slack import render_slack

# How far back reconcile looks: a lost acknowledgement is minutes old, not days.
RECONCILE_WINDOW = 200
FAILURES = (SlackApiError, aiohttp.ClientError, TimeoutError)
# The platform name DM channels are stored under (storage.chat_ref_repo).
DM_STORE_PLATFORM = "slack-dm"


class DmChannelStore(Protocol):
    """Where opened DM channels survive restarts: storage.chat_ref_repo.SqlConversationStore."""

    async def get(self, key: str) -> dict[str, Any] | None: ...

    async def put(self, key: str, reference: dict[str, Any]) -> None: ...

    async def get_all(self) -> dict[str, dict[str, Any]]: ...


@dataclass(frozen=True, slots=True)
class Prepared:
    """A delivery ready to go: its channel, its text and blocks, and its metadata."""

    channel: str
    message: dict[str, Any]
    metadata: dict[str, Any] | None


class SlackPort:
    """ChatPort for Slack: users get a DM (opened once), channels get the message itself."""

    platform = "slack"
    limits = LIMITS

    def __init__(
        self, client: AsyncWebClient, env: Environment, *, dm_store: DmChannelStore | None = None
    ) -> None:
        self._client = client
        self._env = env
        self._dm_store = dm_store
        self._dm_channels: dict[str, str] = {}
        self._reading: asyncio.Future[dict[str, dict[str, Any]]] | None = None
        self._read_all = False

    async def prepare(self, delivery: Delivery) -> Delivery:
        """The delivery with its message rendered and its channel found (see the module)."""
        if isinstance(delivery.prepared, Prepared):
            return delivery
        try:
            channel = await self.channel_for(delivery.address)
        except FAILURES as error:
            raise delivery_failure(error) from error
        message, metadata = await asyncio.to_thread(self._render, delivery)
        return replace(delivery, prepared=Prepared(channel, message, metadata))

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        """Send or update one message; raise RetryLater or Undeliverable on failure."""
        ready: Prepared = (await self.prepare(delivery)).prepared
        try:
            if delivery.replaces_ref:
                response = await self._client.chat_update(
                    channel=ready.channel,
                    ts=delivery.replaces_ref,
                    metadata=ready.metadata,
                    **ready.message,
                )
            else:
                response = await self._client.chat_postMessage(
                    channel=ready.channel,
                    thread_ts=delivery.thread_ref,
                    metadata=ready.metadata,
                    unfurl_links=False,
                    **ready.message,
                )
        except FAILURES as error:
            raise delivery_failure(error) from error
        return DeliveryReceipt(platform_message_id=response["ts"], channel=response["channel"])

    def _render(self, delivery: Delivery) -> tuple[dict[str, Any], dict[str, Any] | None]:
        view = decode_view(delivery.payload)
        message = render_slack(view, self._env)
        return message, message_metadata(view, outbox_id=delivery.outbox_id)

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        """The message tagged with this outbox id among the channel's (or thread's) latest."""
        if delivery.replaces_ref:
            return None  # chat.update is safe to repeat, so the sender simply sends again.
        try:
            channel = await self.channel_for(delivery.address)
            if delivery.thread_ref:
                response = await self._client.conversations_replies(
                    channel=channel,
                    ts=delivery.thread_ref,
                    include_all_metadata=True,
                    limit=RECONCILE_WINDOW,
                )
            else:
                response = await self._client.conversations_history(
                    channel=channel, include_all_metadata=True, limit=RECONCILE_WINDOW
                )
        except FAILURES as error:
            raise delivery_failure(error) from error
        messages: list[dict[str, Any]] = response.get("messages", [])
        found = next((m for m in messages if outbox_id_of(m) == delivery.outbox_id), None)
        return DeliveryReceipt(platform_message_id=found["ts"], channel=channel) if found else None

    async def channel_for(self, address: str) -> str:
        """A user id becomes their DM with the bot (opened once, then remembered)."""
        if not address.startswith(("U", "W")):
            return address
        if address not in self._dm_channels:
            await self._read_stored()
        if address not in self._dm_channels:
            stored = await self._dm_store.get(address) if self._dm_store else None
            if stored is not None:
                channel = str(stored["channel"])
            else:
                response = await self._client.conversations_open(users=address)
                channel = response["channel"]["id"]
                if self._dm_store is not None:
                    await self._dm_store.put(address, {"channel": channel})
            self._dm_channels[address] = channel
        return self._dm_channels[address]

    async def _read_stored(self) -> None:
        """Every stored DM channel, read once; the deliveries asking meanwhile share it."""
        if self._dm_store is None or self._read_all:
            return
        if self._reading is None:
            self._reading = asyncio.ensure_future(self._dm_store.get_all())
        try:
            # Shielded: one waiter cancelled does not cancel the read the others wait for.
            stored = await asyncio.shield(self._reading)
        except Exception:
            self._reading = None  # the next delivery tries again
            raise
        self._read_all = True
        for user, reference in stored.items():
            self._dm_channels.setdefault(user, str(reference["channel"]))
