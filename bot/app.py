"""Wiring: one command service, the enabled chat surfaces, the dashboard and the runtime,
served from one aiohttp application. Built from settings in `run`; nothing at import."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import timedelta

from aiohttp.web import Application
from sqlalchemy import Engine

from bot.dashboard import build_dashboard
from bot.local import build_local
from bot.ports import ChatPort
from bot.runtime.clock import Clock
from bot.runtime.scheduler import Runtime
from bot.service import CommandService
from bot.settings import Settings
from bot.slack.directory import DirectorySync
from bot.slack.port import DM_STORE_PLATFORM
from bot.slack.surface import SlackSurface, build_slack
from bot.teams.surface import build_teams
from bot.web import HasRoutes, build_web_app
from messages.environment import build_environment
from storage.chat_ref_repo import SqlConversationStore


@dataclass
class BotApp:
    """Everything `run` starts and stops."""

    web: Application
    runtime: Runtime
    platforms: tuple[str, ...]
    service: CommandService
    slack: SlackSurface | None = None
    surfaces: list[HasRoutes] = field(default_factory=list)

    async def start(self, _app: Application | None = None) -> None:
        await self.runtime.start()
        if self.slack is not None and self.slack.socket_mode:
            await self.slack.start_socket_mode()

    async def stop(self, _app: Application | None = None) -> None:
        # The runtime first: its last drain still sends through Slack's connections.
        await self.runtime.stop()
        if self.slack is not None:
            await self.slack.stop()
        await asyncio.to_thread(self.service.close)


def build_app(settings: Settings, *, engine: Engine, clock: Clock) -> BotApp:
    """The bot for these settings: Slack and/or Teams when configured, else local mode."""
    env = build_environment()
    service = CommandService(engine=engine, clock=clock)
    surfaces: list[HasRoutes] = []
    ports: dict[str, ChatPort] = {}
    slack = None
    before_tick = None
    if settings.slack_enabled:
        dm_store = SqlConversationStore(engine, platform=DM_STORE_PLATFORM)
        slack = build_slack(settings, service, env=env, dm_store=dm_store)
        ports["slack"] = slack.port
        directory = DirectorySync(engine=engine, workspace=slack.workspace, clock=clock)
        before_tick = directory.ensure_current
        if not slack.socket_mode:
            surfaces.append(slack)
    if settings.teams_enabled:
        teams = build_teams(settings, service, SqlConversationStore(engine), env=env, clock=clock)
        ports["teams"] = teams.port
        surfaces.append(teams)
    if settings.local_mode:
        local = build_local(engine=engine, handler=service, clock=clock, env=env)
        ports["local"] = local.port
        surfaces.append(local)
    token = settings.dashboard_token.get_secret_value() if settings.dashboard_token else None
    surfaces.append(build_dashboard(engine=engine, clock=clock, token=token, env=env))
    runtime = Runtime(
        engine=engine,
        ports=ports,
        clock=clock,
        tick_every=timedelta(seconds=settings.tick_seconds),
        before_tick=before_tick,
    )
    bot = BotApp(build_web_app(surfaces), runtime, tuple(ports), service, slack, surfaces)
    bot.web.on_startup.append(bot.start)
    bot.web.on_cleanup.append(bot.stop)
    return bot
