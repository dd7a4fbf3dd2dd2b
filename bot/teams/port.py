"""The Teams outbound port: proactive messages through stored conversation references.

Teams cannot be asked whether a message we sent before a crash arrived (activities carry
no id of ours, and the Bot Connector lists no conversation's activities), so reconcile
returns None and the sender re-sends: a message is doubled if the process dies between
Teams' acknowledgement and the outbox commit, or if Teams posted but its answer was lost
(a timeout, a reset connection, a 5xx: failures reported with an unknown outcome).
"""

from __future__ import annotations

from datetime import timedelta

from botbuilder.core import TurnContext
from botbuilder.integration.aiohttp import CloudAdapter
from jinja2 import Environment
from msrest.exceptions import ClientRequestError, HttpOperationError

from bot.ports import Delivery, DeliveryReceipt, RetryLater, Undeliverable
from bot.teams.cards import CardTooLarge, card_activity
from bot.teams.limits import LIMITS
from bot.teams.references import (
    ConversationStore,
    address_key,
    base_conversation,
    reference_from,
    thread_conversation,
)
from cadence.view_codec import ViewCodecError, decode_view

PLATFORM = "teams"
# Teams' throttling answers (412 is its "try again" for a busy conversation).
_TRANSIENT = {412, 429}


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
    ) -> None:
        self._adapter = adapter
        self._store = store
        self._env = env
        self._app_id = app_id or ""

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        """Post the delivery's card, or replace the card it names; raise on failure."""
        stored = await self._store.get(address_key(delivery.address))
        if stored is None:
            raise Undeliverable(
                f"bot not installed for {delivery.address}: Teams only lets the bot write "
                "where it was installed (install the app for this person or team)",
                unreachable=True,
            )
        try:
            activity = card_activity(decode_view(delivery.payload), self._env)
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
            raise _failure(error, updating=bool(delivery.replaces_ref)) from error
        except ClientRequestError as error:
            # A timeout or reset may come after the connector posted: the outcome is unknown.
            raise RetryLater(f"Bot Connector unreachable: {error}", outcome_unknown=True) from error
        return receipts[0]

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        """Teams cannot look a message up by our outbox id; the sender re-sends."""
        return None


def _failure(error: HttpOperationError, *, updating: bool) -> RetryLater | Undeliverable:
    status = error.response.status_code if error.response is not None else 0
    code = _error_code(error)
    reason = f"Teams answered {status}{f' {code}' if code else ''}"
    if status in _TRANSIENT:
        return RetryLater(reason, retry_after=_retry_after(error))
    if status >= 500:
        return RetryLater(reason, retry_after=_retry_after(error), outcome_unknown=True)
    if status == 401:
        return RetryLater(f"{reason}: check MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD")
    if status == 403:
        return Undeliverable(f"{reason}: the bot may not write here any more", unreachable=True)
    if status == 404:
        if updating:
            return Undeliverable(f"{reason}: the message to replace is gone")
        return Undeliverable(f"{reason}: the conversation is gone", unreachable=True)
    return Undeliverable(reason)


def _error_code(error: HttpOperationError) -> str | None:
    body = getattr(error, "error", None)
    detail = getattr(body, "error", None)
    return getattr(detail, "code", None)


def _retry_after(error: HttpOperationError) -> timedelta | None:
    header = error.response.headers.get("Retry-After") if error.response is not None else None
    try:
        seconds = float(header) if header else None
    except ValueError:
        return None
    return timedelta(seconds=seconds) if seconds is not None and seconds >= 0 else None
