"""Test doubles for the Teams adapter: a recording command handler, activity JSON as Teams
sends it, and the check every card the bot sends must pass."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from validate import teams_card

from cadence.commands import Command
from cadence.outcomes import Outcome
from cadence.views import HelpAnswer, PersonRef

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "teams"
ANA = PersonRef("ana", "Ana Souza", teams_id="29:ana-teams-id")
ANA_AAD = "6f3c1a52-3b9e-4c7a-9a0d-2f1e8b7c4d10"
ANA_EMAIL = "ana@example.com"


@dataclass
class RecordingHandler:
    """Records every command; answers with `answer(command)`, help by default."""

    answer: Callable[[Command], Outcome] = lambda _command: Outcome(reply=HelpAnswer(command=""))
    commands: list[Command] = field(default_factory=list)

    async def handle(self, command: Command) -> Outcome:
        self.commands.append(command)
        return self.answer(command)


def activity(name: str, **changes: Any) -> dict[str, Any]:
    """A captured Teams activity from tests/fixtures/teams, with top-level fields changed."""
    body = json.loads((FIXTURES / f"{name}.json").read_text())
    body.update(copy.deepcopy(changes))
    return body


def cards_in(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The Adaptive Cards an outgoing activity carries."""
    return [
        a["content"]
        for a in body.get("attachments") or []
        if a["contentType"] == "application/vnd.microsoft.card.adaptive"
    ]


def check_card(card: dict[str, Any], schema: dict[str, Any]) -> None:
    """Valid Adaptive Card 1.5 (Teams extensions aside) and within the Teams size limit."""
    teams_card(card, schema)
