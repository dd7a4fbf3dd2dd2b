"""`cadence-bot run`: migrate, load the plan, then serve chat, the dashboard and the clock."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from aiohttp import web

from bot.app import build_app
from bot.cli.context import CliContext
from bot.cli.plan import import_file
from bot.cli.serving import address_of, dashboard_link, is_loopback, listen, warn_open_local_mode
from bot.local.example import example_plan
from bot.runtime.clock import SystemClock
from storage.database import transaction
from storage.plan_repo import load_plan as load_stored_plan


def run(
    ctx: typer.Context,
    plan: Annotated[
        Path | None,
        typer.Option(help="Import this plan file first (also CADENCE_PLAN); safe to repeat."),
    ] = None,
    host: Annotated[str | None, typer.Option(help="Listen address (CADENCE_HOST).")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (CADENCE_PORT).")] = None,
    teams_dev: Annotated[
        bool,
        typer.Option(
            "--teams-dev",
            help="Accept unauthenticated Teams requests without an app id, for the Bot "
            "Framework Emulator (CADENCE_TEAMS_DEV=1). Never on an exposed port.",
        ),
    ] = False,
) -> None:
    """Run the bot: Slack and/or Teams when configured, otherwise local mode in a browser."""
    cli: CliContext = ctx.obj
    settings = cli.settings
    if teams_dev:
        settings = settings.model_copy(update={"teams_dev": True})
    host = host or settings.host
    sock = listen(host, settings.port if port is None else port)
    engine = cli.engine()
    plan_file = plan or settings.plan_file
    with transaction(engine) as session:
        empty = load_stored_plan(session) is None
    if plan_file is not None:
        import_file(cli, plan_file)
    elif empty and settings.local_mode:
        with example_plan() as example:
            import_file(cli, example)
        typer.echo("Loaded the example plan (examples/plan.yaml) into the empty database.")
    elif empty:
        typer.secho(
            "No plan loaded yet: the bot will wait for `cadence-bot plan import FILE`.", fg="yellow"
        )
    bot = build_app(settings, engine=engine, clock=SystemClock())
    address = address_of(sock)
    token = settings.dashboard_token.get_secret_value() if settings.dashboard_token else None
    typer.echo(
        f"cadence-bot on {', '.join(bot.platforms)}; dashboard at {dashboard_link(address, token)}"
    )
    if settings.local_mode:
        if not is_loopback(host):
            warn_open_local_mode(address)
        typer.secho(
            f"Local mode: open {address} and pick a person to see what the bot asks them.",
            bold=True,
        )
    web.run_app(bot.web, sock=sock, print=None)
