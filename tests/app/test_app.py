import asyncio
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import Engine

from bot.app import BotApp, build_app
from bot.local.inbound import actor_for
from bot.runtime.clock import ManualClock
from bot.settings import Settings
from cadence.commands import TextMessage
from cadence.planfile import load_plan
from cadence.updates import Source
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_repo import save_plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
MONDAY = datetime(2026, 11, 30, 8, tzinfo=UTC)


def local_app(tmp_path: Path) -> tuple[BotApp, Engine]:
    """The app with no chat credentials, on a SQLite file holding the example plan."""
    settings = Settings(CADENCE_DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}")
    engine = open_engine(settings.database_url)
    upgrade(engine)
    with transaction(engine) as session:
        save_plan(session, load_plan(EXAMPLE).plan, now=MONDAY)
    return build_app(settings, engine=engine, clock=ManualClock(MONDAY)), engine


async def test_without_credentials_the_app_serves_local_mode_the_dashboard_and_ticks(tmp_path):
    bot, engine = local_app(tmp_path)
    assert bot.platforms == ("local",)
    async with TestClient(TestServer(bot.web)) as client:
        for path in ("/healthz", "/", "/dashboard", "/local/api/directory"):
            response = await client.get(path)
            assert response.status == 200, path
        # The scheduler started with the app and may have ticked already; ticks and
        # drains are idempotent, so running them again only finishes the work.
        await bot.runtime.run_tick()
        await bot.runtime.run_send()
        directory = await (await client.get("/local/api/directory")).json()
        assert any(person["count"] > 0 for person in directory["people"])
    engine.dispose()


def test_slack_and_teams_replace_local_mode_when_configured(tmp_path):
    settings = Settings(
        CADENCE_DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_SIGNING_SECRET="secret",
        MICROSOFT_APP_ID="00000000-0000-0000-0000-000000000001",
        MICROSOFT_APP_PASSWORD="pw",
    )
    engine = open_engine(settings.database_url)
    bot = build_app(settings, engine=engine, clock=ManualClock(MONDAY))
    assert bot.platforms == ("slack", "teams")
    routes = {r.resource.canonical for r in bot.web.router.routes() if r.resource}
    assert {"/slack/events", "/api/messages", "/healthz"} <= routes
    assert "/local/api/directory" not in routes
    engine.dispose()


def test_socket_mode_runs_slack_without_a_signing_secret_or_a_public_route(tmp_path):
    settings = Settings(
        CADENCE_DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}",
        SLACK_BOT_TOKEN="xoxb-test",
        SLACK_APP_TOKEN="xapp-1-test",
    )
    engine = open_engine(settings.database_url)
    bot = build_app(settings, engine=engine, clock=ManualClock(MONDAY))
    assert bot.platforms == ("slack",) and bot.slack is not None and bot.slack.socket_mode
    routes = {r.resource.canonical for r in bot.web.router.routes() if r.resource}
    assert "/slack/events" not in routes and "/healthz" in routes
    assert "/local/api/directory" not in routes
    engine.dispose()


async def test_stopping_the_app_lets_a_command_under_way_finish(tmp_path):
    bot, engine = local_app(tmp_path)
    started, go_on = threading.Event(), threading.Event()
    run = bot.service.handle_now

    def slow(command):
        started.set()
        go_on.wait(5)
        return run(command)

    bot.service.handle_now = slow
    command = TextMessage(actor_for("maya"), "help", Source.LOCAL, "stop-1")
    async with TestClient(TestServer(bot.web)):
        under_way = asyncio.ensure_future(bot.service.handle(command))
        assert await asyncio.to_thread(started.wait, 5)
        threading.Timer(0.2, go_on.set).start()
    # The app stopped (its cleanup ran) only once the command had finished.
    assert under_way.done() and under_way.result().reply is not None
    with pytest.raises(RuntimeError):
        await bot.service.handle(command)
    engine.dispose()
