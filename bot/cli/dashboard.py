"""`cadence-bot dashboard`: serve the read-only plan dashboard alone, e.g. next to a
Slack or Teams deployment that runs elsewhere on the same database."""

from __future__ import annotations

from typing import Annotated

import typer
from aiohttp import web

from bot.cli.context import CliContext
from bot.cli.serving import address_of, dashboard_link, listen
from bot.dashboard import build_dashboard
from bot.runtime.clock import SystemClock
from bot.web import build_web_app


def dashboard(
    ctx: typer.Context,
    host: Annotated[str | None, typer.Option(help="Listen address (CADENCE_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (CADENCE_PORT).")] = None,
) -> None:
    """Serve /dashboard only; with CADENCE_DASHBOARD_TOKEN set, readers need its link."""
    cli: CliContext = ctx.obj
    settings = cli.settings
    secret = settings.dashboard_token
    token = secret.get_secret_value() if secret is not None else None
    sock = listen(host or settings.host, settings.port if port is None else port)
    surface = build_dashboard(engine=cli.engine(), clock=SystemClock(), token=token)
    typer.echo(f"Plan dashboard at {dashboard_link(address_of(sock), token)}")
    web.run_app(build_web_app([surface]), sock=sock, print=None)
