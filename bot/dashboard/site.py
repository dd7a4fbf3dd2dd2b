"""The dashboard web routes: server-rendered, read-only pages of the plan, live."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import jinja2
from aiohttp import web
from sqlalchemy import Engine

from bot.dashboard.access import guarded
from bot.dashboard.board import overview_context, stamp, team_context
from bot.dashboard.paging import page_number
from bot.dashboard.source import DashboardSource, Loaded
from bot.runtime.clock import Clock
from storage.database import transaction

TEMPLATES = Path(__file__).parent / "templates"


def template_environment(base: jinja2.Environment | None = None) -> jinja2.Environment:
    """The dashboard's Jinja environment: its own templates, HTML-autoescaped, strict about
    missing values. Given the app's messages environment, an overlay of it (sharing its
    filters) without its YAML-escaping finalizer, which is for message documents only."""
    options: dict[str, Any] = {
        "loader": jinja2.FileSystemLoader(TEMPLATES),
        "autoescape": True,
        "undefined": jinja2.StrictUndefined,
        "trim_blocks": True,
        "lstrip_blocks": True,
    }
    if base is None:
        return jinja2.Environment(**options)
    return base.overlay(finalize=None, keep_trailing_newline=False, **options)


class Dashboard:
    """Serves `/dashboard` (the whole plan) and `/dashboard/teams/<key>` (one team, paged)."""

    def __init__(
        self,
        *,
        engine: Engine,
        clock: Clock,
        token: str | None = None,
        env: jinja2.Environment | None = None,
    ) -> None:
        self._engine = engine
        self._clock = clock
        self._token = token
        self._templates = template_environment(env)
        self.source = DashboardSource()

    def add_routes(self, app: web.Application) -> None:
        """Register the dashboard pages on the shared app, behind the token when one is set."""
        app.router.add_get("/dashboard", guarded(self._overview, token=self._token))
        app.router.add_get("/dashboard/teams/{team}", guarded(self._team, token=self._token))

    async def _overview(self, request: web.Request) -> web.Response:
        page = page_number(request.query.get("page"))
        return await asyncio.to_thread(self._page, "overview.html", None, page)

    async def _team(self, request: web.Request) -> web.Response:
        pages = (
            page_number(request.query.get("objectives")),
            page_number(request.query.get("kpis")),
        )
        return await asyncio.to_thread(self._page, "team.html", request.match_info["team"], *pages)

    def _page(self, template: str, team: str | None, page: int, kpis_page: int = 1) -> web.Response:
        loaded = self._load()
        if loaded is None:
            return self._render("empty.html", {"as_of": stamp(self._clock.now())})
        if team is None:
            return self._render(
                template, overview_context(loaded=loaded, source=self.source, page=page)
            )
        context = team_context(
            loaded=loaded,
            source=self.source,
            team_key=team,
            objectives_page=page,
            kpis_page=kpis_page,
        )
        if context is None:
            raise web.HTTPNotFound(text=f"There is no team '{team}' in the plan.")
        return self._render(template, context)

    def _load(self) -> Loaded | None:
        with transaction(self._engine) as session:
            return self.source.load(session, self._clock.now())

    def _render(self, name: str, context: dict[str, Any], status: int = 200) -> web.Response:
        html = self._templates.get_template(name).render(**context)
        return web.Response(text=html, content_type="text/html", status=status)
