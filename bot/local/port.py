"""The local workspace's outbound port: delivering a message means storing it in the inbox."""

from __future__ import annotations

import asyncio

from sqlalchemy import Engine
from sqlmodel import Session

from bot.local.rooms import BOT, parse_room
from bot.ports import Delivery, DeliveryReceipt, Undeliverable
from bot.runtime.clock import Clock
from storage import local_repo
from storage.database import transaction
from storage.tables.local import LocalMessage


class LocalPort:
    """A ChatPort whose chat is the local inbox: the page reads what this writes.

    One outbox id yields at most one message (the column is unique and checked first), so
    a delivery repeated after a crash shows once.
    """

    platform = "local"

    def __init__(self, *, engine: Engine, clock: Clock) -> None:
        self._engine = engine
        self._clock = clock

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        """Store the message, or edit the one it replaces."""
        return await asyncio.to_thread(self._deliver, delivery)

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        """What an interrupted delivery already stored, so the sender never posts it twice."""
        return await asyncio.to_thread(self._find, delivery.outbox_id)

    def _deliver(self, delivery: Delivery) -> DeliveryReceipt:
        with transaction(self._engine) as session:
            existing = local_repo.find_by_outbox(session=session, outbox_id=delivery.outbox_id)
            if existing is not None:
                return _receipt(existing)
            if delivery.replaces_ref:
                return self._edit(session, delivery)
            message = local_repo.add_message(
                session=session,
                conversation=_room(delivery),
                author=BOT,
                kind=delivery.kind,
                at=self._clock.now(),
                payload=delivery.payload,
                thread_ref=delivery.thread_ref,
                outbox_id=delivery.outbox_id,
            )
            return _receipt(message)

    def _find(self, outbox_id: int) -> DeliveryReceipt | None:
        with transaction(self._engine) as session:
            existing = local_repo.find_by_outbox(session=session, outbox_id=outbox_id)
            return _receipt(existing) if existing is not None else None

    def _edit(self, session: Session, delivery: Delivery) -> DeliveryReceipt:
        ref = delivery.replaces_ref or ""
        if not ref.isdigit():
            raise Undeliverable(f"'{ref}' is not a local message id")
        message = local_repo.replace_payload(
            session=session, message_id=int(ref), payload=delivery.payload, at=self._clock.now()
        )
        if message is None:
            raise Undeliverable(f"local message {ref} no longer exists")
        return _receipt(message)


def _room(delivery: Delivery) -> str:
    try:
        parse_room(delivery.address)
    except ValueError as error:
        raise Undeliverable(str(error), unreachable=True) from None
    return delivery.address


def _receipt(message: LocalMessage) -> DeliveryReceipt:
    return DeliveryReceipt(platform_message_id=str(message.id), channel=message.conversation)
