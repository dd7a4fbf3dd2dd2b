"""The one aiohttp application every surface is served from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from aiohttp import web


class HasRoutes(Protocol):
    """A surface (Slack, Teams, local workspace, dashboard) that mounts its own routes."""

    def add_routes(self, app: web.Application) -> None: ...


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


def build_web_app(surfaces: Iterable[HasRoutes]) -> web.Application:
    """Compose the surfaces into one application with a liveness probe at /healthz."""
    app = web.Application()
    app.router.add_get("/healthz", _healthz)
    for surface in surfaces:
        surface.add_routes(app)
    return app
