"""Answering from a nudge in the local workspace: the message the button was on is the one
edited, the prompt's other messages lose their buttons, and a nudge from a week that has
closed records nothing unless values were typed into it."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from aiohttp.test_utils import TestClient
from sqlalchemy import Engine
from sqlmodel import col, select

from bot.local import LocalSurface
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from storage.database import transaction
from storage.tables.updates import UpdateRow

# Dan's Monday check-in went out at 09:30 New York time; a day later, his nudge.
TUESDAY = datetime(2026, 11, 24, 14, 30, tzinfo=UTC)
# The following Monday and Tuesday: week 48 has closed, week 49's check-in is out.
NEXT_MONDAY = datetime(2026, 11, 30, 14, 30, tzinfo=UTC)
NEXT_TUESDAY = datetime(2026, 12, 1, 15, tzinfo=UTC)


async def _run_at(
    moment: datetime, engine: Engine, clock: ManualClock, local: LocalSurface
) -> None:
    clock.set(moment)
    tick(engine, clock, platforms=["local"])
    await OutboxSender(engine, {"local": local.port}, clock).drain()


async def _messages(client: TestClient) -> list[dict[str, Any]]:
    answer = await client.get("/local/api/conversations/person:dan")
    assert answer.status == 200
    return (await answer.json())["messages"]


def _prompt_of(message: dict[str, Any]) -> str:
    found = re.search(r'data-prompt="([^"]+)"', message["html"])
    assert found is not None, message["html"]
    return found.group(1)


def _only(messages: list[dict[str, Any]], kind: str, period: str) -> dict[str, Any]:
    (found,) = [m for m in messages if m["kind"] == kind and period in m["html"]]
    return found


def _updates(engine: Engine) -> list[tuple[str, float, str]]:
    with transaction(engine) as session:
        rows = session.exec(select(UpdateRow).order_by(col(UpdateRow.id)))
        return [(r.measure_key, r.value, r.period) for r in rows]


async def _act(client: TestClient, body: dict[str, Any]) -> None:
    answer = await client.post("/local/api/people/dan/act", json=body)
    assert answer.status == 200, await answer.text()


async def test_saving_on_the_nudge_edits_the_nudge_and_then_the_check_in(
    client: TestClient, engine: Engine, clock: ManualClock, prompted: LocalSurface
) -> None:
    await _run_at(TUESDAY, engine, clock, prompted)
    before = await _messages(client)
    checkin, nudge = _only(before, "checkin", "2026-W48"), _only(before, "nudge", "2026-W48")
    body = {
        "client_id": "n1",
        "action": "checkin.update",
        "prompt": _prompt_of(nudge),
        "message": nudge["id"],
        "value.big-logos": "1",
        "confidence.big-logos": "on_track",
    }
    await _act(client, body)
    after = {m["id"]: m for m in await _messages(client)}
    assert after[nudge["id"]]["edited"] and "that&#x27;s recorded" in after[nudge["id"]]["html"]
    assert "<form" in after[checkin["id"]]["html"], "the check-in waits for its paced edit"
    assert len(after) == len(before), "the edited nudge says it all: no extra reply"

    await OutboxSender(engine, {"local": prompted.port}, clock).drain()
    after = {m["id"]: m for m in await _messages(client)}
    assert after[checkin["id"]]["edited"]
    answered = _prompt_of(checkin)
    assert not any(answered in m["html"] for m in after.values()), "no button stays live"
    assert any("<form" in m["html"] for m in after.values()), "the KPI review is still open"
    assert _updates(engine) == [("big-logos", 1.0, "2026-W48")]


async def test_a_closed_weeks_nudge_refuses_no_change_but_keeps_typed_values(
    client: TestClient, engine: Engine, clock: ManualClock, prompted: LocalSurface
) -> None:
    await _run_at(TUESDAY, engine, clock, prompted)
    await _act(
        client,
        {
            "client_id": "v",
            "action": "checkin.update",
            "prompt": _prompt_of(_only(await _messages(client), "checkin", "2026-W48")),
            "value.mrr": "1.2M",
        },
    )
    await _run_at(NEXT_MONDAY, engine, clock, prompted)
    await _run_at(NEXT_TUESDAY, engine, clock, prompted)
    messages = await _messages(client)
    nudge = _only(messages, "nudge", "2026-W48")
    recorded = _updates(engine)

    await _act(
        client,
        {
            "client_id": "nc",
            "action": "checkin.no_change",
            "prompt": _prompt_of(nudge),
            "message": nudge["id"],
        },
    )
    reply = (await _messages(client))[-1]
    assert "reminder for the week of 23 Nov has closed" in reply["html"]
    assert "Open now: " in reply["html"] and "your check-in for the week of 30 Nov" in reply["html"]
    assert _updates(engine) == recorded, "a stale No change records nothing"

    await _act(
        client,
        {
            "client_id": "late",
            "action": "checkin.update",
            "prompt": _prompt_of(nudge),
            "message": nudge["id"],
            "value.big-logos": "2",
        },
    )
    edited = next(m for m in await _messages(client) if m["id"] == nudge["id"])
    assert "recorded for the week of 30 Nov, the period open now" in edited["html"]
    assert _updates(engine)[-1] == ("big-logos", 2.0, "2026-W49")
