"""The dashboard over the real engine state: what a reader of the published plan sees."""

from __future__ import annotations

import dataclasses
import re

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import Engine

from bot.dashboard import build_dashboard
from bot.runtime.clock import ManualClock
from bot.service import CommandService
from cadence.commands import Actor, MetricCommand
from cadence.model import Plan
from cadence.updates import Source
from messages.environment import build_environment
from storage.database import transaction
from storage.plan_repo import save_plan


@pytest.fixture
async def open_client(engine: Engine, clock: ManualClock):
    clients: list[TestClient] = []

    async def make(token: str | None = None) -> TestClient:
        app = web.Application()
        build_dashboard(engine=engine, clock=clock, token=token).add_routes(app)
        client = TestClient(TestServer(app))
        await client.start_server()
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.close()


def _update(engine: Engine, clock: ManualClock, who: str, text: str, key: str) -> None:
    service = CommandService(engine=engine, clock=clock)
    outcome = service.handle_now(MetricCommand(Actor("local", who), text, Source.LOCAL, key))
    assert outcome.recorded == 1, outcome.reply


def _replace_plan(engine: Engine, clock: ManualClock, plan: Plan) -> None:
    with transaction(engine) as session:
        save_plan(session, plan, now=clock.now())


async def test_overview_lists_health_and_every_team(open_client, plan: Plan) -> None:
    client = await open_client()
    page = await client.get("/dashboard")
    html = await page.text()
    assert page.status == 200
    assert "KPIs scored this period" in html and "Owners who have ever updated" in html
    for team in plan.teams:
        assert f'href="/dashboard/teams/{team.key}"' in html


async def test_the_team_page_shows_what_owners_reported(
    open_client, engine: Engine, clock: ManualClock
) -> None:
    _update(engine, clock, "dan", "update big-logos 1 signed Acme", "u1")
    _update(engine, clock, "dan", "update mrr 1.05M", "u2")
    client = await open_client()
    html = await (await client.get("/dashboard/teams/sales")).text()
    assert "Break into the enterprise segment" in html and "not graded" in html
    row = html.split('data-measure="big-logos"')[1].split("</tr>")[0]
    assert 'class="value">1<' in row and "50%" in row and "<svg" in row
    kpi = html.split('data-measure="mrr"')[1].split("</tr>")[0]
    assert 'class="status red"' in kpi and "$1.05M" in kpi
    assert "Tom Hale" in html.split("Silent owners</h2>")[1], "Tom never answered"


async def test_the_dashboard_is_live(open_client, engine: Engine, clock: ManualClock) -> None:
    client = await open_client()
    before = await (await client.get("/dashboard/teams/sales")).text()
    assert 'class="status none">no data' in before.split('data-measure="mrr"')[1]
    _update(engine, clock, "dan", "update mrr 1.3M", "u3")
    after = await (await client.get("/dashboard/teams/sales")).text()
    assert 'class="status green"' in after.split('data-measure="mrr"')[1]


async def test_plan_text_is_escaped(
    open_client, engine: Engine, clock: ManualClock, plan: Plan
) -> None:
    hostile = dataclasses.replace(plan.objectives[0], title="<script>alert(1)</script>")
    _replace_plan(
        engine, clock, dataclasses.replace(plan, objectives=(hostile, *plan.objectives[1:]))
    )
    client = await open_client()
    html = await (await client.get(f"/dashboard/teams/{hostile.team}")).text()
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)" in html


async def test_kpis_are_paged(open_client, engine: Engine, clock: ManualClock, plan: Plan) -> None:
    template = next(k for k in plan.kpis if k.team == "sales")
    many = tuple(
        dataclasses.replace(template, key=f"k{i:03d}", title=f"Gauge {i:03d}") for i in range(120)
    )
    _replace_plan(engine, clock, dataclasses.replace(plan, kpis=many))
    client = await open_client()
    first = await (await client.get("/dashboard/teams/sales")).text()
    third = await (await client.get("/dashboard/teams/sales?kpis=3")).text()
    assert "Gauge 049" in first and "Gauge 050" not in first and "page 1 of 3" in first
    assert "Gauge 119" in third and "Gauge 099" not in third


async def test_objectives_are_paged_newest_quarter_first_and_keep_the_kpi_page(
    open_client, engine: Engine, clock: ManualClock, plan: Plan
) -> None:
    template = next(o for o in plan.objectives if o.team == "sales" and o.period == "2026-Q4")
    many = tuple(
        dataclasses.replace(
            template,
            key=f"o{i:03d}",
            title=f"Aim {i:03d}",
            period="2026-Q4" if i < 30 else "2026-Q3",
            key_results=tuple(
                dataclasses.replace(kr, key=f"o{i:03d}-{kr.key}", objective=f"o{i:03d}")
                for kr in template.key_results
            ),
        )
        for i in reversed(range(45))
    )
    kpis = tuple(
        dataclasses.replace(plan.kpis[0], key=f"k{i:03d}", title=f"Gauge {i:03d}")
        for i in range(60)
    )
    _replace_plan(engine, clock, dataclasses.replace(plan, objectives=many, kpis=kpis))
    client = await open_client()
    first = await (await client.get("/dashboard/teams/sales?kpis=2")).text()
    shown = re.findall(r"<h3>(Aim \d+)</h3>", first)
    assert len(shown) == 20 and all(int(t[4:]) < 30 for t in shown), "this quarter's first"
    assert "Objectives · 2026-Q4, 2026-Q3" in first and "Gauge 059" in first
    assert 'href="?kpis=2&amp;objectives=2"' in first, "turning objectives keeps the KPI page"
    last = await (await client.get("/dashboard/teams/sales?objectives=3&kpis=2")).text()
    assert re.findall(r"<h3>(Aim \d+)</h3>", last) == [f"Aim {i:03d}" for i in range(34, 29, -1)]
    assert "2026-Q3 · owner" in last and 'href="?objectives=3&amp;kpis=1"' in last


async def test_the_apps_messages_environment_renders_the_pages_as_html(
    engine: Engine, clock: ManualClock
) -> None:
    app = web.Application()
    env = build_environment()
    build_dashboard(engine=engine, clock=clock, token=None, env=env).add_routes(app)
    async with TestClient(TestServer(app)) as client:
        html = await (await client.get("/dashboard/teams/sales")).text()
    assert html.startswith("<!doctype html>") and "Monthly recurring revenue" in html
    assert env.autoescape is False and env.finalize is not None, "the app's env is unchanged"


async def test_unknown_team_is_404(open_client) -> None:
    client = await open_client()
    answer = await client.get("/dashboard/teams/nope")
    assert answer.status == 404 and "nope" in await answer.text()


async def test_without_a_plan_the_dashboard_says_how_to_get_one(tmp_path, clock) -> None:
    from databases import migrated

    (tmp_path / "empty").mkdir()
    with migrated("sqlite", tmp_path / "empty") as empty:
        app = web.Application()
        build_dashboard(engine=empty, clock=clock, token=None).add_routes(app)
        async with TestClient(TestServer(app)) as client:
            html = await (await client.get("/dashboard")).text()
    assert "No plan yet" in html and "cadence-bot plan import" in html
    assert f"as of {clock.now():%Y-%m-%d %H:%M}" in html, "the footer's time is never empty"


async def test_token_guards_every_dashboard_page(open_client) -> None:
    client = await open_client(token="t0k")
    assert (await client.get("/dashboard")).status == 401
    assert (await client.get("/dashboard/teams/sales")).status == 401
    assert (await client.get("/dashboard?token=nope")).status == 401
    assert (await client.get("/dashboard?token=t0k")).status == 200
    assert (await client.get("/dashboard/teams/sales")).status == 200
