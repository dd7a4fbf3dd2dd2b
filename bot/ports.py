"""What the outbox sender asks of a chat platform, and what a platform answers.

Adapters implement ChatPort; the sender owns retries, backoff and bookkeeping, so an
adapter only says how one delivery went.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from typing import Any, Protocol


@dataclass(frozen=True, slots=True)
class Delivery:
    """One outbox row, ready to send: payload is an encoded view (cadence.view_codec).

    address is the platform's own: a Slack user or channel id, a Teams user or channel id,
    or `person:<key>` / `team:<key>` in local mode. thread_ref, when set, is the platform
    message id to reply under; replaces_ref is a message to update in place instead.
    prepared is what the port's `prepare` made of the payload before the delivery's turn
    (Slack: the rendered message and its channel); only the port reads it.
    """

    outbox_id: int
    action_key: str
    kind: str
    platform: str
    recipient_key: str
    address: str
    payload: dict[str, Any]
    thread_ref: str | None = None
    replaces_ref: str | None = None
    prepared: Any = None


@dataclass(frozen=True, slots=True)
class DeliveryReceipt:
    """The platform accepted the message: its id makes later edits and threads possible."""

    platform_message_id: str
    channel: str


class RetryLater(Exception):
    """A transient failure (rate limit, 5xx, timeout): the sender tries again after a wait.

    outcome_unknown says the platform may have acted before the failure (a timeout or a
    connection reset after the request went out, a 5xx answer to a send): the next attempt
    then reconciles before it sends again, so a lost acknowledgement is not a second
    message. A rate limit, or a connection that was never made, knows nothing was sent."""

    def __init__(
        self, reason: str, retry_after: timedelta | None = None, *, outcome_unknown: bool = False
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after
        self.outcome_unknown = outcome_unknown


class Undeliverable(Exception):
    """A permanent failure: retrying cannot help. unreachable marks the recipient so the
    engine stops asking them and escalates instead (user deactivated, bot not in channel)."""

    def __init__(self, reason: str, *, unreachable: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.unreachable = unreachable


class Scope(StrEnum):
    """What a rate limit counts: calls to one conversation, or every call the app makes."""

    ADDRESS = "address"
    PLATFORM = "platform"


class Call(StrEnum):
    """The two calls a delivery makes: a new message, or an update in place."""

    POST = "post"
    UPDATE = "update"


@dataclass(frozen=True, slots=True)
class RateLimit:
    """At most `count` of the `calls` in any window of `per`, per conversation or per app."""

    count: int
    per: timedelta
    scope: Scope
    calls: frozenset[Call] = frozenset(Call)


def call_of(delivery: Delivery) -> Call:
    """Which call a delivery makes."""
    return Call.UPDATE if delivery.replaces_ref else Call.POST


async def prepare(port: ChatPort, delivery: Delivery) -> Delivery:
    """The delivery as the port prepared it, if the port prepares deliveries at all."""
    step = getattr(port, "prepare", None)
    return delivery if step is None else await step(delivery)


def limits_of(port: ChatPort) -> tuple[RateLimit, ...]:
    """The limits a port declares; a port that declares none (local mode) is not paced."""
    return tuple(getattr(port, "limits", ()))


class ChatPort(Protocol):
    """One chat platform as the outbox sender sees it.

    A port may also have `limits: tuple[RateLimit, ...]`, the platform's published rate
    limits; the sender then paces its deliveries to stay inside every one of them. And it
    may have `async prepare(delivery) -> Delivery`, the work before the call (rendering,
    finding the conversation) that the sender does before the delivery's turn: then only
    the call itself follows the turn, and calls reach the platform at the pace admitted.
    prepare raises what deliver raises.
    """

    platform: str

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        """Send or update one message; raise RetryLater or Undeliverable on failure."""
        ...

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        """After a crash between send and record, or a failure whose outcome is unknown:
        find the message if it was sent.

        Adapters that cannot look back return None, and the sender re-sends (the window
        is the time between the platform's acknowledgement and our commit, or the
        acknowledgement the platform's answer lost).
        """
        ...
