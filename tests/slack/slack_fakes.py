"""A recording fake of the command service: deduplicates on idempotency_key like the real
one, and answers each command with an Outcome a test chose."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable

from samples import ANA, kr

from bot.ports import Delivery
from cadence.commands import Command, MetricCommand
from cadence.outcomes import Outcome
from cadence.view_codec import encode_view
from cadence.views import Change, CheckinPrompt, HelpAnswer, UpdateConfirmation

Answer = Callable[[Command], Outcome]


def recorded(command: Command) -> Outcome:
    """What the service says after recording one update."""
    m = kr(0)
    return Outcome(reply=UpdateConfirmation(ANA, (Change(m.key, m.title, "3", "4"),)), recorded=1)


class FakeService:
    """CommandHandler that records every command and counts updates recorded per key."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.answer: Answer = lambda c: (
            Outcome(HelpAnswer()) if isinstance(c, MetricCommand) else recorded(c)
        )
        self._done: dict[str, Outcome] = {}
        self.recorded = 0
        self.finished = 0
        self._changed = asyncio.Condition()

    async def handle(self, command: Command) -> Outcome:
        self.commands.append(command)
        try:
            if command.idempotency_key in self._done:
                return self._done[command.idempotency_key]
            outcome = self.answer(command)
            if outcome.recorded:
                self._done[command.idempotency_key] = outcome
                self.recorded += outcome.recorded
            return outcome
        finally:
            self.finished += 1
            async with self._changed:
                self._changed.notify_all()

    async def wait_for(self, check: Callable[[], bool], timeout: float = 5) -> None:
        """Until `check` holds after some command finished (or failed)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(check), timeout)


def delivery(view, *, outbox_id: int = 7, address: str = "U0ANA", **refs) -> Delivery:
    """An outbox row for `view`, as the sender hands it to the port."""
    return Delivery(
        outbox_id=outbox_id,
        action_key=f"action-{outbox_id}",
        kind=type(view).__name__,
        platform="slack",
        recipient_key="ana",
        address=address,
        payload=encode_view(view),
        **refs,
    )


async def sent_prompt(surface, slack, view=None):
    """Deliver a check-in prompt to Ana through the port; returns (receipt, message)."""
    view = view or CheckinPrompt("p-1", ANA, "2026-Q4", (kr(0), kr(1)))
    receipt = await surface.port.deliver(delivery(view))
    stored = next(
        m for m in slack.history[receipt.channel] if m["ts"] == receipt.platform_message_id
    )
    return receipt, copy.deepcopy(stored)  # as the client saw it, before any edit
