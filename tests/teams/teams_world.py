"""The Teams deployment the end-to-end tests drive: the example plan in SQL, the bot on it
(command service, /api/messages, runtime), the mock Bot Connector and a hand-moved clock."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import select
from teams_fakes import cards_in
from teams_harness import Harness

from bot.runtime.clock import ManualClock
from bot.runtime.scheduler import Runtime
from bot.service import CommandService
from cadence.commands import Actor, MetricCommand
from cadence.model import Plan
from cadence.planfile import load_plan
from cadence.updates import Source
from storage.chat_ref_repo import SqlConversationStore
from storage.database import transaction
from storage.plan_repo import save_plan
from storage.tables import OutboxRow, UpdateRow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)  # Monday: Sofia's weekly check-in is due
SOFIA_AAD = "11111111-2222-4333-8444-555555555555"
SOFIA = {"id": "29:1a2b3c-sofia", "name": "Sofia Marsh", "aadObjectId": SOFIA_AAD}
SOFIA_CHAT = {"conversationType": "personal", "id": "a:1sofia", "tenantId": "t"}
RAVI = {
    "id": "29:ravi",
    "name": "Ravi Menon",
    "aadObjectId": "22222222-2222-4333-8444-555555555555",
}
RAVI_CHAT = {"conversationType": "personal", "id": "a:1ravi", "tenantId": "t"}
PEOPLE_CHANNEL = "19:people@thread.tacv2"


def example_plan(**sofia: Any) -> Plan:
    plan = load_plan(EXAMPLE).plan
    assert plan is not None
    people = tuple(replace(p, **sofia) if p.key == "sofia" else p for p in plan.people)
    return replace(plan, people=people)


@dataclass
class World:
    """One deployment: a SQL database that outlives restarts, a bot process on top of it
    (its command service, its /api/messages and its runtime), a clock tests move."""

    harness: Harness
    engine: Any
    clock: ManualClock
    runtime: Runtime | None = None

    async def start(self) -> None:
        """Start (or restart) the bot process: nothing but the database survives."""
        self.harness.handler = CommandService(engine=self.engine, clock=self.clock)
        self.harness.store = SqlConversationStore(self.engine)
        await self.harness.start()
        self.runtime = Runtime(
            engine=self.engine, ports={"teams": self.harness.port}, clock=self.clock
        )

    @property
    def connector(self):
        return self.harness.connector

    async def post(self, name: str, *, token: str | None = "signed", **changes: Any):
        return await self.harness.post(self.harness.activity(name, **changes), token=token)

    async def say(self, text: str, *, sender=SOFIA, chat=SOFIA_CHAT, id: str, **changes: Any):
        return await self.post(
            "personal_message",
            text=text,
            id=id,
            **{"from": sender, "conversation": chat},
            **changes,
        )

    async def submit(self, value: dict, *, sender=SOFIA, chat=SOFIA_CHAT, id: str, reply_to: str):
        return await self.post(
            "card_submit",
            value=value,
            id=id,
            replyToId=reply_to,
            **{"from": sender, "conversation": chat},
        )

    async def install_sofia(self) -> None:
        response = await self.post(
            "personal_install",
            **{"from": {"id": SOFIA["id"], "aadObjectId": SOFIA_AAD}, "conversation": SOFIA_CHAT},
        )
        assert response.status == 201

    async def install_people_team(self) -> None:
        response = await self.post(
            "team_install",
            conversation={"conversationType": "channel", "id": PEOPLE_CHANNEL, "isGroup": True},
            channelData={"team": {"id": PEOPLE_CHANNEL, "name": "People"}, "tenant": {"id": "t"}},
        )
        assert response.status == 201

    async def wave(self):
        """One tick and one drain of the outbox, as the scheduler fires them."""
        assert self.runtime is not None
        return await self.runtime.run_tick(), await self.runtime.run_send()

    async def record(self, words: str) -> None:
        """An admin records a value for Sofia from the command line, through the service."""
        command = MetricCommand(Actor("cli", "sofia"), words, Source.CLI, f"cli:{words}")
        outcome = await self.harness.handler.handle(command)
        assert outcome.recorded == 1, outcome

    def rows(self, model):
        with transaction(self.engine) as session:
            return list(session.exec(select(model)))


def with_plan(world: World, plan: Plan) -> None:
    with transaction(world.engine) as session:
        save_plan(session, plan, now=world.clock.now())


def walk(node: Any):
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from walk(value)
    elif isinstance(node, list):
        for value in node:
            yield from walk(value)


def prompts(world: World) -> list[tuple[str, dict[str, Any]]]:
    """The prompts Sofia was sent, oldest first: the message id Teams gave each (as the
    outbox recorded it) and its card."""
    with transaction(world.engine) as session:
        message_ids = {
            row.action_key: row.platform_message_id
            for row in session.exec(select(OutboxRow).where(OutboxRow.state == "sent"))
        }
    found = []
    for call in world.connector.sent():
        if call.conversation != SOFIA_CHAT["id"]:
            continue
        for card in cards_in(call.body):
            submits = [n["data"] for n in walk(card) if n.get("type") == "Action.Submit"]
            if submits:
                found.append((message_ids[submits[0]["prompt"]], card))
    return found


def checkin(world: World) -> tuple[str, dict[str, Any]]:
    """Sofia's weekly key-result check-in: its message id and its card."""
    (found,) = [
        (message, card)
        for message, card in prompts(world)
        if "engagement" in json.dumps(card) and "Input.ChoiceSet" in json.dumps(card)
    ]
    return found


def action(card: dict[str, Any], name: str) -> dict[str, Any]:
    return next(
        n["data"]
        for n in walk(card)
        if n.get("type") == "Action.Submit" and n["data"]["action"] == name
    )


def updates(world: World) -> list[tuple[str, float | None, bool, str, str]]:
    return [
        (u.measure_key, u.value, u.no_change, u.source, u.author) for u in world.rows(UpdateRow)
    ]


def card_text(call) -> str:
    return json.dumps(cards_in(call.body or {}))


def asked(world: World) -> list[str]:
    """The action keys of every prompt sent to Sofia."""
    return [
        next(n["data"]["prompt"] for n in walk(card) if n.get("type") == "Action.Submit")
        for _message, card in prompts(world)
    ]
