"""What the command service hands back to an adapter: views to show, never formatted text."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class PromptEdit:
    """Replace the original prompt message in place, so the DM does not pile up.
    `queued`: the edit already waits its turn in the outbox (the platform's edits are
    tightly rate limited), so the adapter does not make it, only counts it as made."""

    platform_message_id: str
    channel: str | None
    view: Any
    queued: bool = False


@dataclass(frozen=True, slots=True)
class Outcome:
    """The result of one command. `reply` is a cadence.views view model for the actor."""

    reply: Any
    ephemeral: bool = True
    recorded: int = 0
    chart_png: bytes | None = None
    prompt_edit: PromptEdit | None = None
