"""A person in the local workspace, in Chromium: answers the Monday check-in, runs
`/metric` on a measure, and the published dashboard shows the new value."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp.test_utils import TestServer
from sqlalchemy import Engine

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from databases import migrated

from bot.dashboard import build_dashboard
from bot.local import LocalSurface, build_local
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from bot.service import CommandService
from bot.web import build_web_app
from cadence.planfile import load_plan
from messages.environment import build_environment
from storage.database import transaction
from storage.engine_state import switch_on
from storage.plan_repo import save_plan

pytestmark = pytest.mark.browser

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
# Monday 23 November 2026, 14:30 UTC: 09:30 in New York, when Dan's weekly check-in is due.
MONDAY = datetime(2026, 11, 23, 14, 30, tzinfo=UTC)
# The bot has been running since the Sunday before.
SWITCHED_ON = datetime(2026, 11, 22, tzinfo=UTC)
# Two working days later: silence is escalated to the team channel.
THURSDAY = datetime(2026, 11, 26, 16, tzinfo=UTC)
TIMEOUT_MS = 10_000


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    with migrated("sqlite", tmp_path) as engine:
        plan = load_plan(EXAMPLE).plan
        assert plan is not None
        with transaction(engine) as session:
            save_plan(session, plan, now=SWITCHED_ON)
            switch_on(session, SWITCHED_ON)
        yield engine


@dataclass
class Bot:
    """The local workspace and the token-guarded dashboard, served, on a hand-moved clock."""

    engine: Engine
    clock: ManualClock
    local: LocalSurface
    server: TestServer

    async def run_at(self, moment: datetime) -> None:
        """What the scheduler does at `moment`: one tick, then the outbox drained."""
        self.clock.set(moment)
        tick(self.engine, self.clock, platforms=["local"])
        await OutboxSender(self.engine, {"local": self.local.port}, self.clock).drain()

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))


@pytest.fixture
async def bot(engine: Engine) -> AsyncIterator[Bot]:
    clock = ManualClock(MONDAY)
    service = CommandService(engine=engine, clock=clock)
    local = build_local(engine=engine, handler=service, clock=clock, env=build_environment())
    dashboard = build_dashboard(engine=engine, clock=clock, token="share-me")
    server = TestServer(build_web_app([local, dashboard]), host="127.0.0.1", port=0)
    await server.start_server()
    bot = Bot(engine, clock, local, server)
    await bot.run_at(MONDAY)
    yield bot
    await server.close()


async def test_answer_a_check_in_run_metric_and_see_the_dashboard_change(
    browser, bot: Bot, artifacts: Path
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    board = await context.new_page()

    await board.goto(bot.url("/dashboard/teams/sales?token=share-me"))
    assert board.url.endswith("/dashboard/teams/sales"), "the token does not linger"
    row = board.locator('tr[data-measure="big-logos"]')
    await row.locator("td.value", has_text="—").wait_for()

    await page.goto(bot.url("/"))
    await page.get_by_role("button", name="Dan Whitaker").click()
    checkin = page.locator("article[data-kind=checkin]")
    await checkin.get_by_text("Check-in for the week of 23 Nov").wait_for()
    await checkin.locator('input[name="value.big-logos"]').fill("1")
    await checkin.locator('select[name="confidence.big-logos"]').select_option("at_risk")
    await checkin.locator('textarea[name="blockers"]').fill("<b>legal review</b>")
    await checkin.get_by_role("button", name="Save").click()
    await checkin.get_by_text("that's recorded").wait_for()
    await checkin.get_by_text("(edited)").wait_for()
    assert await checkin.locator("form").count() == 0, "the answered prompt has no form left"
    await page.screenshot(path=str(artifacts / "local-check-in-answered.png"))

    await page.get_by_label("Message").fill("/metric big-logos")
    await page.get_by_label("Message").press("Enter")
    answer = page.locator("article[data-kind=reply]").last
    await answer.locator("dt", has_text="Target").wait_for()
    assert "at risk" in await answer.inner_text()
    await page.locator("article.mine", has_text="/metric big-logos").wait_for()
    await page.screenshot(path=str(artifacts / "local-metric-command.png"))

    await board.reload()
    await row.locator("td.value", has_text="1").wait_for()
    assert "50%" in await row.inner_text() and "at risk" in await row.inner_text()
    await board.screenshot(path=str(artifacts / "dashboard-team.png"), full_page=True)
    await context.close()


async def test_a_team_channel_is_read_only_and_the_dashboard_needs_its_link(
    browser, bot: Bot, artifacts: Path
) -> None:
    await bot.run_at(THURSDAY)
    page = await browser.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(bot.url("/#team:sales"))
    # One message for the silence of the weekly check-ins and the monthly KPI review alike.
    escalations = page.locator("article[data-kind=team_escalation]")
    await escalations.filter(has_text="the week of 23 Nov").wait_for()
    escalation = escalations.first
    assert await escalations.count() == 1
    assert "Monthly recurring revenue" in await escalation.inner_text()
    assert await page.locator("#composer").is_hidden(), "nobody types into a team channel"
    assert await escalation.locator("button").count() == 0
    await page.screenshot(path=str(artifacts / "local-team-channel.png"))

    refused = await page.goto(bot.url("/dashboard"))
    assert refused is not None and refused.status == 401
    await page.goto(bot.url("/dashboard?token=share-me"))
    await page.get_by_role("link", name="Sales").click()
    await page.get_by_role("heading", name="Sales", exact=True).wait_for()
    await page.locator('[data-testid="silent"] li', has_text="Tom Hale").wait_for()
    await page.close()


@pytest.fixture
async def weekend_bot(tmp_path: Path) -> AsyncIterator[Bot]:
    """A first start on a Saturday, when nobody may be messaged: every DM is empty."""
    saturday = datetime(2026, 12, 5, 10, tzinfo=UTC)
    with migrated("sqlite", tmp_path) as engine:
        plan = load_plan(EXAMPLE).plan
        assert plan is not None
        with transaction(engine) as session:
            save_plan(session, plan, now=saturday)
        clock = ManualClock(saturday)
        service = CommandService(engine=engine, clock=clock)
        local = build_local(engine=engine, handler=service, clock=clock, env=build_environment())
        server = TestServer(build_web_app([local]), host="127.0.0.1", port=0)
        await server.start_server()
        bot = Bot(engine, clock, local, server)
        await bot.run_at(saturday)
        yield bot
        await server.close()


async def test_an_empty_dm_says_what_comes_and_checking_in_now_brings_it(
    browser, weekend_bot: Bot, artifacts: Path
) -> None:
    page = await browser.new_page(viewport={"width": 1280, "height": 720})
    page.set_default_timeout(TIMEOUT_MS)
    await page.goto(weekend_bot.url("/#person:dan"))
    waiting = page.get_by_test_id("waiting")
    await waiting.get_by_text("Dan Whitaker's next check-in: Monday 7 December, 09:00").wait_for()
    await page.screenshot(path=str(artifacts / "local-empty-dm.png"))

    await waiting.get_by_role("button", name="Check in now").click()
    await page.locator("article[data-kind=reply]", has_text="Here comes your check-in").wait_for()
    await weekend_bot.run_at(weekend_bot.clock.now())  # the sender's next round
    checkin = page.locator("article[data-kind=checkin]")
    await checkin.get_by_text("Check-in for the week of 30 Nov").wait_for()
    await checkin.locator('input[name="value.big-logos"]').fill("1")
    await checkin.get_by_role("button", name="Save").click()
    await checkin.get_by_text("that's recorded").wait_for()
    assert await checkin.locator("form").count() == 0
    await page.screenshot(path=str(artifacts / "local-checked-in-early.png"))
    await page.close()


async def test_the_room_list_is_not_redrawn_under_a_click_while_nothing_changes(
    browser, bot: Bot
) -> None:
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = await context.new_page()
    await page.goto(bot.url("/"))
    button = await page.get_by_role("button", name="Dan Whitaker").element_handle()
    # Two polls of the directory (every 2 s) with nothing new: the same button stays.
    await page.wait_for_timeout(4_500)
    assert await button.evaluate("node => node.isConnected")
    await button.click()
    await page.locator("#room-title", has_text="Dan Whitaker").wait_for()
    await context.close()
