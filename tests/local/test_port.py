"""The local port as the outbox sender uses it: each outbox row shows exactly once."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select

from bot.local import LocalSurface
from bot.ports import Delivery, Undeliverable
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from cadence.view_codec import encode_view
from cadence.views import Notice
from storage.database import transaction
from storage.tables.local import LocalMessage
from storage.tables.runtime import OutboxRow


def _delivery(outbox_id: int, address: str = "person:dan", **extra: str) -> Delivery:
    return Delivery(
        outbox_id=outbox_id,
        action_key=f"a{outbox_id}",
        kind="notice",
        platform="local",
        recipient_key="dan",
        address=address,
        payload=encode_view(Notice(f"message {outbox_id}")),
        **extra,
    )


def _messages(engine: Engine) -> list[LocalMessage]:
    with transaction(engine) as session:
        return list(session.exec(select(LocalMessage).order_by(LocalMessage.id)).all())


def test_the_port_is_the_local_platform(local: LocalSurface) -> None:
    assert local.port.platform == "local"


async def test_a_repeated_delivery_is_stored_once(local: LocalSurface, engine: Engine) -> None:
    assert await local.port.reconcile(_delivery(7)) is None
    first = await local.port.deliver(_delivery(7))
    again = await local.port.deliver(_delivery(7))
    assert first == again and first.channel == "person:dan"
    assert await local.port.reconcile(_delivery(7)) == first
    assert [(m.outbox_id, m.conversation) for m in _messages(engine)] == [(7, "person:dan")]


async def test_a_replacing_delivery_edits_in_place(
    local: LocalSurface, engine: Engine, clock: ManualClock
) -> None:
    original = await local.port.deliver(_delivery(1))
    edited = await local.port.deliver(_delivery(2, replaces_ref=original.platform_message_id))
    assert edited.platform_message_id == original.platform_message_id
    (message,) = _messages(engine)
    assert message.payload == encode_view(Notice("message 2")) and message.edited_at == clock.now()


@pytest.mark.parametrize(
    ("delivery", "unreachable"),
    [
        (_delivery(3, address="lobby"), True),
        (_delivery(4, replaces_ref="999"), False),
        (_delivery(5, replaces_ref="C123.456"), False),
    ],
)
async def test_what_cannot_be_delivered_says_why(
    local: LocalSurface, engine: Engine, delivery: Delivery, unreachable: bool
) -> None:
    with pytest.raises(Undeliverable) as caught:
        await local.port.deliver(delivery)
    assert caught.value.unreachable is unreachable
    assert _messages(engine) == []


async def test_the_real_outbox_fills_each_conversation_once(
    local: LocalSurface, engine: Engine, clock: ManualClock
) -> None:
    tick(engine, clock, platforms=["local"])
    sender = OutboxSender(engine, {"local": local.port}, clock)
    first = await sender.drain()
    tick(engine, clock, platforms=["local"])
    again = await sender.drain()
    assert first.sent > 0 and first.failed == 0 and again.sent == 0
    messages = _messages(engine)
    with transaction(engine) as session:
        sent = session.exec(
            select(func.count()).select_from(OutboxRow).where(OutboxRow.state == "sent")
        ).one()
    assert len(messages) == sent == first.sent
    dan = [m for m in messages if m.conversation == "person:dan"]
    assert [m.kind for m in dan].count("checkin") == 1, "one check-in per owner, never one per KR"
