"""The one entry point adapters call with a command; the command service implements it."""

from __future__ import annotations

from typing import Protocol

from cadence.commands import Command
from cadence.outcomes import Outcome


class CommandHandler(Protocol):
    """Executes a verified command: permission checks, parsing, storage, the reply view."""

    async def handle(self, command: Command) -> Outcome: ...
