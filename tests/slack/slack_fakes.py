"""A recording fake of the command service: deduplicates on idempotency_key like the real
one, and answers each command with an Outcome a test chose."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Callable

from samples import ANA, kr

from bot.ports import Delivery
from cadence.commands import Command, MetricCommand, OpenForm, OpenHome
from cadence.outcomes import Outcome
from cadence.view_codec import encode_view
from cadence.views import (
    Change,
    CheckinPrompt,
    HelpAnswer,
    HomeAnswer,
    UpdateConfirmation,
    WaitingPrompt,
)

Answer = Callable[[Command], Outcome]


def recorded(command: Command) -> Outcome:
    """What the service says after recording one update."""
    m = kr(0)
    return Outcome(reply=UpdateConfirmation(ANA, (Change(m.key, m.title, "3", "4"),)), recorded=1)


def answered(command: Command) -> Outcome:
    """The default answers: help for /metric, Ana's prompt for a form, her home, else one
    update recorded."""
    if isinstance(command, MetricCommand):
        return Outcome(HelpAnswer())
    if isinstance(command, OpenForm):
        return Outcome(CheckinPrompt(command.prompt_key, ANA, "2026-Q4", (kr(0), kr(1))))
    if isinstance(command, OpenHome):
        return Outcome(
            HomeAnswer(ANA, (kr(0), kr(1)), (), (WaitingPrompt("p-1", "checkin", "2026-W48"),))
        )
    return recorded(command)


class FakeService:
    """CommandHandler that records every command and counts updates recorded per key."""

    def __init__(self) -> None:
        self.commands: list[Command] = []
        self.answer: Answer = answered
        self._done: dict[str, Outcome] = {}
        self.recorded = 0
        self.finished = 0
        self._changed = asyncio.Condition()

    async def handle(self, command: Command) -> Outcome:
        self.commands.append(command)
        key = getattr(command, "idempotency_key", None)
        try:
            if key is not None and key in self._done:
                return self._done[key]
            outcome = self.answer(command)
            if outcome.recorded and key is not None:
                self._done[key] = outcome
                self.recorded += outcome.recorded
            return outcome
        finally:
            self.finished += 1
            async with self._changed:
                self._changed.notify_all()

    def answers(self) -> list[Command]:
        """The commands that answer or ask, without the forms and homes only looked at."""
        return [c for c in self.commands if not isinstance(c, OpenForm | OpenHome)]

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
