"""The Teams outbound port: proactive messages through stored conversation references.

Teams cannot be asked whether a message we sent before a crash arrived (activities carry
no id of ours, and the Bot Connector lists no conversation's activities), so reconcile
returns None and the sender re-sends: a message is doubled if the process dies between
Teams' acknowledgement and the outbox commit, or if Teams posted but its answer was lost
(a timeout, a reset connection, a 5xx: failures reported with an unknown outcome).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from jinja2 import Environment
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.ports import Delivery, DeliveryReceipt, RetryLater, Undeliverable
from bot.runtime.clock import Clock, SystemClock
from bot.teams.cards import CardTooLarge, card_activity
from bot.teams.limits import LIMITS
from bot.teams.references import (
    ConversationStore,
    base_conversation,
    reference_from,
    thread_conversation,
)
from cadence.identities import teams_identity
from cadence.view_codec import ViewCodecError, decode_view
from messages.charts import attached_charts, chart_png

PLATFORM = "teams"
# Teams' throttling answers (412 is its "try again" for a busy conversation).
_TRANSIENT = {412, 429}
# A Retry-After beyond this is not a wait anyone meant.
_LONGEST_WAIT = timedelta(days=1)
# The 403s that mean this person or channel cannot be written to until they act: they
# blocked or removed the app, or it was never installed for them ("Status codes from bot
# conversational APIs"). Any other 403 (an admin policy, a permission, the wrong cloud)
# is not theirs to fix, so it fails the message without marking them unreachable.
_REFUSED_BY_RECIPIENT = {
    "MessageWritesBlocked",
    "ConversationBlockedByUser",
    "BotNotInConversationRoster",
    "ForbiddenOperationException",
}


class TeamsPort:
    """A ChatPort that posts Adaptive Cards to people and team channels."""

    platform = PLATFORM
    limits = LIMITS

    def __init__(
        self,
        *,
        adapter: CloudAdapter,
        store: ConversationStore,
        env: Environment,
        app_id: str | None,
        clock: Clock | None = None,
    ) -> None:
        self._adapter = adapter
        self._store = store
        self._env = env
        self._app_id = app_id or ""
        self._clock = clock or SystemClock()

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        """Post the delivery's card, or replace the card it names; raise on failure."""
        stored = await self._store.get(teams_identity(delivery.address))
        if stored is None:
            raise Undeliverable(
                f"bot not installed for {delivery.address}: Teams only lets the bot write "
                "where it was installed (install the app for this person or team)",
                unreachable=True,
            )
        try:
            view = decode_view(delivery.payload)
            charts = () if delivery.replaces_ref else attached_charts(view)
            # Drawing takes a tenth of a second a chart: off the loop, which serves requests.
            pngs = await asyncio.to_thread(lambda: [chart_png(c) for c in charts]) if charts else []
            activity = card_activity(view, self._env, charts=pngs)
        except (ViewCodecError, CardTooLarge) as error:
            raise Undeliverable(str(error)) from error
        reference = reference_from(stored)
        # Only a channel post has replies; a 1:1 chat is one flat conversation.
        if delivery.thread_ref and reference.conversation.conversation_type == "channel":
            reference.conversation.id = thread_conversation(
                reference.conversation.id, delivery.thread_ref
            )
        receipts: list[DeliveryReceipt] = []

        async def send(turn_context: TurnContext) -> None:
            conversation = base_conversation(turn_context.activity.conversation.id)
            if delivery.replaces_ref:
                activity.id = delivery.replaces_ref
                await turn_context.update_activity(activity)
                receipts.append(DeliveryReceipt(delivery.replaces_ref, conversation))
            else:
                response = await turn_context.send_activity(activity)
                receipts.append(DeliveryReceipt(response.id, conversation))

        try:
            await self._adapter.continue_conversation(reference, send, bot_app_id=self._app_id)
        except HttpOperationError as error:
            raise _failure(
                error, updating=bool(delivery.replaces_ref), now=self._clock.now()
            ) from error
        except ClientRequestError as error:
            # A timeout or reset may come after the connector posted: the outcome is unknown.
            raise RetryLater(f"Bot Connector unreachable: {error}", outcome_unknown=True) from error
        return receipts[0]

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        """Teams cannot look a message up by our outbox id; the sender re-sends."""
        return None


def _failure(
    error: HttpOperationError, *, updating: bool, now: datetime
) -> RetryLater | Undeliverable:
    response = error.response
    status = response.status_code if response is not None else 0
    codes = set(_error_codes(response))
    reason = " ".join([f"Teams answered {status}", *sorted(codes)])
    if status in _TRANSIENT:
        return RetryLater(reason, retry_after=_retry_after(response, now=now))
    if status >= 500:
        # A 5xx may come after the connector posted: the outcome is unknown.
        return RetryLater(reason, retry_after=_retry_after(response, now=now), outcome_unknown=True)
    if status == 401:
        return RetryLater(f"{reason}: check MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD")
    if status == 403:
        if codes & _REFUSED_BY_RECIPIENT:
            return Undeliverable(f"{reason}: the bot may not write here any more", unreachable=True)
        return Undeliverable(f"{reason}: Teams refused this message, not the person")
    if status == 404:
        if updating:
            return Undeliverable(f"{reason}: the message to replace is gone")
        return Undeliverable(f"{reason}: the conversation is gone", unreachable=True)
    return Undeliverable(reason)


def _error_codes(response: Any) -> Iterator[str]:
    """The error's `code` and any `subCode` Teams put in the body, wherever it put them."""
    try:
        body = response.json() if response is not None else None
    except ValueError:
        return
    if not isinstance(body, dict):
        return
    for holder in (body, body.get("error")):
        if isinstance(holder, dict):
            for name in ("code", "subCode"):
                if isinstance(holder.get(name), str) and holder[name]:
                    yield holder[name]


def _retry_after(response: Any, *, now: datetime) -> timedelta | None:
    """Retry-After in either of its HTTP forms: seconds, or a date (measured from the
    response's own Date when it has one, so our clock's skew does not count)."""
    header = response.headers.get("Retry-After") if response is not None else None
    if not header:
        return None
    seconds: float | None
    try:
        seconds = float(header)
    except ValueError:
        seconds = _seconds_until(header, response.headers.get("Date"), now=now)
    if seconds is None or not 0 <= seconds < _LONGEST_WAIT.total_seconds():
        return None  # "nan", "inf", negative or absurd: the sender's own backoff applies
    return timedelta(seconds=seconds)


def _seconds_until(date: str, sent: str | None, *, now: datetime) -> float | None:
    try:
        until = parsedate_to_datetime(date)
        since = parsedate_to_datetime(sent) if sent else now
    except (TypeError, ValueError):
        return None
    if until.tzinfo is None or since.tzinfo is None:
        return None
    return max((until - since).total_seconds(), 0.0)
