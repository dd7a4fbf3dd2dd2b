"""Entry point: settings are read and validated here, once, then handed to each command."""

from __future__ import annotations

import typer

from bot.cli import db, plan, teams
from bot.cli.context import CliContext, load_settings
from bot.cli.dashboard import dashboard
from bot.cli.due import due
from bot.cli.health import health
from bot.cli.preview import preview
from bot.cli.run import run
from bot.cli.simulate import simulate
from bot.cli.update import update

app = typer.Typer(
    name="cadence-bot",
    help="Keeps OKRs and KPIs alive: asks owners in chat, on a rhythm.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
app.add_typer(plan.app, name="plan")
app.add_typer(db.app, name="db")
app.add_typer(teams.app, name="teams")
app.command()(run)
app.command()(due)
app.command()(health)
app.command()(update)
app.command()(preview)
app.command()(dashboard)
app.command()(simulate)


@app.callback()
def _settings(ctx: typer.Context) -> None:
    if ctx.resilient_parsing:
        return
    ctx.obj = CliContext(load_settings())


def main() -> None:
    app()
