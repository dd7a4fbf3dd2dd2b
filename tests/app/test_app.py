from datetime import UTC, datetime
from pathlib import Path

from aiohttp.test_utils import TestClient, TestServer

from bot.app import build_app
from bot.runtime.clock import ManualClock
from bot.settings import Settings
from cadence.planfile import load_plan
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_repo import save_plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
MONDAY = datetime(2026, 11, 30, 8, tzinfo=UTC)


async def test_without_credentials_the_app_serves_local_mode_the_dashboard_and_ticks(tmp_path):
    settings = Settings(CADENCE_DATABASE_URL=f"sqlite:///{tmp_path / 'app.db'}")
    engine = open_engine(settings.database_url)
    upgrade(engine)
    with transaction(engine) as session:
        save_plan(session, load_plan(EXAMPLE).plan, now=MONDAY)
    clock = ManualClock(MONDAY)
    bot = build_app(settings, engine=engine, clock=clock)
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
