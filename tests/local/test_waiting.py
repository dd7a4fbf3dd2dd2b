"""A newcomer's first minute: an empty DM says when the bot will ask and offers the
check-in now; what it says is what the real tick then does."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from databases import migrated
from sqlalchemy import Engine
from sqlmodel import col, select

from bot.local import LocalSurface, build_local
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from bot.service import CommandService
from cadence.model import Plan
from messages.environment import build_environment
from storage.database import transaction
from storage.plan_repo import save_plan
from storage.tables.runtime import ActionRow
from storage.tables.updates import UpdateRow

# Saturday 5 December 2026, 00:00 UTC: a weekend everywhere, nobody is messaged.
SATURDAY = datetime(2026, 12, 5, tzinfo=UTC)
# Monday 7 December, 09:00 in New York.
DANS_MONDAY = datetime(2026, 12, 7, 14, tzinfo=UTC)


@pytest.fixture
def fresh(tmp_path: Path, plan: Plan) -> Iterator[Engine]:
    """What `run` makes of an empty database: the example plan, nothing switched on yet."""
    with migrated("sqlite", tmp_path) as engine:
        with transaction(engine) as session:
            save_plan(session, plan, now=SATURDAY)
        yield engine


@pytest.fixture
def saturday() -> ManualClock:
    return ManualClock(SATURDAY)


@pytest.fixture
async def workspace(fresh: Engine, saturday: ManualClock) -> LocalSurface:
    """The first tick after start has run; what it queued waits for Monday."""
    service = CommandService(engine=fresh, clock=saturday)
    surface = build_local(engine=fresh, handler=service, clock=saturday, env=build_environment())
    tick(fresh, saturday, platforms=["local"])
    assert (await OutboxSender(fresh, {"local": surface.port}, saturday).drain()).sent == 0
    return surface


@pytest.fixture
async def page(workspace: LocalSurface) -> Any:
    app = web.Application()
    workspace.add_routes(app)
    async with TestClient(TestServer(app)) as client:
        yield client


async def _room(client: TestClient, room: str) -> dict[str, Any]:
    answer = await client.get(f"/local/api/conversations/{room}")
    assert answer.status == 200
    return await answer.json()


async def _run_at(
    moment: datetime, engine: Engine, clock: ManualClock, local: LocalSurface
) -> None:
    clock.set(moment)
    tick(engine, clock, platforms=["local"])
    await OutboxSender(engine, {"local": local.port}, clock).drain()


def _prompts(engine: Engine, person: str) -> list[tuple[str, str]]:
    with transaction(engine) as session:
        rows = session.exec(
            select(ActionRow.kind, ActionRow.period)
            .where(ActionRow.subject == person, col(ActionRow.kind).in_(["checkin", "kpi_review"]))
            .order_by(col(ActionRow.id))
        )
        return list(rows)


async def test_an_empty_dm_says_when_the_check_in_comes_and_the_tick_agrees(
    page: TestClient, fresh: Engine, saturday: ManualClock, workspace: LocalSurface
) -> None:
    room = await _room(page, "person:dan")
    assert room["messages"] == []
    assert (
        "Dan Whitaker's next check-in: Monday 7 December, 09:00 their time (America/New_York)."
        in room["waiting"]["lines"]
    )
    assert room["waiting"]["check_in"] == "/metric checkin"

    await _run_at(DANS_MONDAY - timedelta(minutes=1), fresh, saturday, workspace)
    assert ("checkin", "2026-W50") not in _prompts(fresh, "dan")
    await _run_at(DANS_MONDAY, fresh, saturday, workspace)
    assert ("checkin", "2026-W50") in _prompts(fresh, "dan")
    assert "waiting" not in await _room(page, "person:dan")


async def test_checking_in_now_sends_this_weeks_prompt_once(
    page: TestClient, fresh: Engine, saturday: ManualClock, workspace: LocalSurface
) -> None:
    said = {"client_id": "now", "text": "/metric checkin"}
    assert (await page.post("/local/api/people/dan/say", json=said)).status == 200
    await OutboxSender(fresh, {"local": workspace.port}, saturday).drain()
    messages = (await _room(page, "person:dan"))["messages"]
    assert [m["kind"] for m in messages[:2]] == ["text", "reply"]
    assert (
        "Here comes your check-in for the week of 30 Nov and your KPI review" in messages[1]["html"]
    )
    assert sorted(m["kind"] for m in messages[2:]) == ["checkin", "kpi_review"]
    checkin = next(m for m in messages if m["kind"] == "checkin")
    assert "Check-in for the week of 30 Nov" in checkin["html"]

    prompt = re.search(r'data-prompt="([^"]+)"', checkin["html"])
    assert prompt is not None
    body = {
        "client_id": "save",
        "action": "checkin.update",
        "prompt": prompt.group(1),
        "message": checkin["id"],
        "value.big-logos": "1",
    }
    assert (await page.post("/local/api/people/dan/act", json=body)).status == 200
    with transaction(fresh) as session:
        (period,) = session.exec(select(UpdateRow.period)).all()
    assert period == "2026-W49"

    await _run_at(datetime(2026, 12, 6, 15, tzinfo=UTC), fresh, saturday, workspace)
    assert _prompts(fresh, "dan").count(("checkin", "2026-W49")) == 1, "never asked twice"


async def test_a_person_with_nothing_to_answer_and_a_team_channel_say_so(page: TestClient) -> None:
    maya = await _room(page, "person:maya")
    assert maya["waiting"] == {
        "lines": ["Maya Okafor owns no measures, so the bot has nothing to ask them."]
    }
    sales = await _room(page, "team:sales")
    (line,) = sales["waiting"]["lines"]
    assert "unanswered for 2 working days is named here" in line


async def test_checking_in_twice_sends_one_prompt(
    page: TestClient, fresh: Engine, saturday: ManualClock, workspace: LocalSurface
) -> None:
    for n in range(2):
        said = {"client_id": f"c{n}", "text": "checkin"}
        assert (await page.post("/local/api/people/ravi/say", json=said)).status == 200
    await OutboxSender(fresh, {"local": workspace.port}, saturday).drain()
    said = {"client_id": "c2", "text": "checkin"}
    assert (await page.post("/local/api/people/ravi/say", json=said)).status == 200
    messages = (await _room(page, "person:ravi"))["messages"]
    assert [m["kind"] for m in messages].count("checkin") == 1
    assert "already in your messages" in messages[-1]["html"]
    assert _prompts(fresh, "ravi") == [("checkin", "2026-W49")]
