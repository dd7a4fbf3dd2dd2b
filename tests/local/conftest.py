"""A migrated SQLite database holding the example plan, the real command service, and
the local surface on top: what `cadence-bot run` builds in local mode."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from databases import migrated

from bot.local import LocalSurface, build_local
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from bot.service import CommandService
from cadence.model import Plan
from cadence.planfile import load_plan
from messages.environment import build_environment
from storage.database import transaction
from storage.engine_state import switch_on
from storage.plan_repo import save_plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
# Monday 23 November 2026, 14:30 UTC: 09:30 in New York, when Dan's weekly check-in is due.
MONDAY = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
# The bot has been running since the Sunday before.
SWITCHED_ON = datetime(2026, 11, 22, tzinfo=UTC)


def example_plan() -> Plan:
    loaded = load_plan(EXAMPLE)
    assert loaded.plan is not None, loaded.errors
    return loaded.plan


@pytest.fixture
def plan() -> Plan:
    """The example plan as its file describes it (a test may change a copy and save it)."""
    return example_plan()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    with migrated("sqlite", tmp_path) as engine:
        with transaction(engine) as session:
            save_plan(session, example_plan(), now=SWITCHED_ON)
            switch_on(session, SWITCHED_ON)
        yield engine


@pytest.fixture
def local(engine: Engine, clock: ManualClock) -> LocalSurface:
    service = CommandService(engine=engine, clock=clock)
    return build_local(engine=engine, handler=service, clock=clock, env=build_environment())


@pytest.fixture
async def prompted(engine: Engine, clock: ManualClock, local: LocalSurface) -> LocalSurface:
    """The bot's Monday morning: one real tick, and the outbox drained into the inbox."""
    tick(engine, clock, platforms=["local"])
    await OutboxSender(engine, {"local": local.port}, clock).drain()
    return local


@pytest.fixture
async def client(prompted: LocalSurface) -> AsyncIterator[TestClient]:
    app = web.Application()
    prompted.add_routes(app)
    async with TestClient(TestServer(app)) as client:
        yield client
