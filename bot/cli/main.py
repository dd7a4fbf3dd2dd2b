"""Entry point: settings are read and validated here, once, then handed to each command.

A command's module is imported only when that command runs or shows its own help: the
adapters (Slack, Teams, aiohttp) and the database are slow to import, and neither
`cadence-bot --help` nor `plan validate` needs them.
"""

from __future__ import annotations

import importlib
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from bot.cli.context import CliContext, load_settings

# name: (module, attribute, the one line `cadence-bot --help` shows). The line is the
# start of the command's own help; test_every_command_has_help keeps the two equal. A
# module's CONTEXT_SETTINGS, if any, apply to its command.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "run": (
        "bot.cli.run",
        "run",
        "Run the bot: Slack and/or Teams when configured, otherwise local mode in a browser.",
    ),
    "due": (
        "bot.cli.due",
        "due",
        "Who would be asked, nudged or escalated by a tick at that moment (default: now).",
    ),
    "health": (
        "bot.cli.health",
        "health",
        "Plan health, silent owners, stale measures, who the bot cannot reach, and lint.",
    ),
    "update": ("bot.cli.update", "update", "Record an update for a measure (source: cli)."),
    "preview": (
        "bot.cli.preview",
        "preview",
        "Print a message as the bot would send it now, for the stored plan and data.",
    ),
    "dashboard": (
        "bot.cli.dashboard",
        "dashboard",
        "Serve /dashboard only; with CADENCE_DASHBOARD_TOKEN set, readers need its link.",
    ),
    "simulate": (
        "bot.cli.simulate",
        "simulate",
        "Play a quarter through the real engine and outbox; the database stays for `run`.",
    ),
    "plan": ("bot.cli.plan", "app", "Check, import, show and export the plan."),
    "db": ("bot.cli.db", "app", "Database schema."),
    "teams": ("bot.cli.teams", "app", "Microsoft Teams setup."),
}


class LazyCommands(TyperGroup):
    """The top-level commands, each built from its module on first use; while the list of
    commands is being printed, a stand-in with the summary line is enough."""

    listing = False

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in COMMANDS:
            return None
        module, attribute, summary = COMMANDS[cmd_name]
        if self.listing:
            return TyperCommand(name=cmd_name, help=summary)
        found = getattr(importlib.import_module(module), attribute)
        if isinstance(found, typer.Typer):
            group = typer.main.get_group(found)
            group.name = cmd_name
            return group
        single = typer.Typer()
        settings = getattr(importlib.import_module(module), "CONTEXT_SETTINGS", None)
        single.command(cmd_name, context_settings=settings)(found)
        return typer.main.get_command(single)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


app = typer.Typer(
    cls=LazyCommands,
    name="cadence-bot",
    help="Keeps OKRs and KPIs alive: asks owners in chat, on a rhythm.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


@app.callback()
def _settings(ctx: typer.Context) -> None:
    if ctx.resilient_parsing:
        return
    ctx.obj = CliContext(load_settings())


def main() -> None:
    app()
