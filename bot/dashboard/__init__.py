"""The plan dashboard: read-only pages of the live plan, the page a city could publish."""

from __future__ import annotations

import jinja2
from sqlalchemy import Engine

from bot.dashboard.site import Dashboard
from bot.runtime.clock import Clock

DashboardSurface = Dashboard


def build_dashboard(
    *, engine: Engine, clock: Clock, token: str | None, env: jinja2.Environment | None = None
) -> DashboardSurface:
    """The dashboard surface; with a token, every page asks for it (?token= or its cookie).

    `env`, when given, is the app's messages environment: the dashboard renders its own
    HTML templates through an overlay of it (bot.dashboard.site.template_environment).
    """
    return Dashboard(engine=engine, clock=clock, token=token, env=env)


__all__ = ["DashboardSurface", "build_dashboard"]
