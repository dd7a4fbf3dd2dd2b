"""`cadence-bot due`: what a tick would plan at some moment, sending nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.context import CliContext, fail
from bot.runtime.due import due_at
from storage.database import transaction


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a time; write 2026-11-30T09:00+13:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def due(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(help="ISO time, e.g. 2026-11-30T09:00 (UTC unless it has an offset)."),
    ] = None,
) -> None:
    """Who would be asked, nudged or escalated by a tick at that moment (default: now)."""
    cli: CliContext = ctx.obj
    now = _moment(at) if at else cli.now()
    with transaction(cli.engine()) as session:
        found = due_at(session, now, cli.settings.platforms)
        session.rollback()
    if found is None:
        raise fail("no plan is stored yet; run: cadence-bot plan import FILE")
    people = {p.key: p for p in found.state.plan.people}
    teams = {t.key: t for t in found.state.plan.teams}
    table = Table("When (recipient's time)", "What", "To", "Via", "Measures",
                  title=f"Due at {now:%Y-%m-%d %H:%M %Z}")  # fmt: skip
    for action in sorted(found.decisions.planned, key=lambda a: (a.due_at, a.kind)):
        person = people.get(action.recipient)
        name = person.name if person else f"#{teams[action.recipient].name}"
        zone = ZoneInfo(person.zone) if person else UTC
        route = found.router.route(action.recipient_kind, action.recipient)
        via = f"{route.platform} {route.address}" if route else "unreachable"
        when = action.due_at.astimezone(zone).strftime("%a %d %b %H:%M")
        measures = ", ".join(action.measures[:4]) + (" …" * (len(action.measures) > 4))
        table.add_row(when, action.kind.value.replace("_", " "), name, via, measures)
    console = Console(width=120)
    if found.decisions.planned:
        console.print(table)
    else:
        console.print(f"Nothing new is due at {now:%Y-%m-%d %H:%M %Z}.")
    decisions = found.decisions
    console.print(
        f"{len(decisions.planned)} to plan, {len(decisions.missed)} to mark missed, "
        f"{len(decisions.answered)} answered, {len(decisions.cancelled)} to cancel. "
        "Nothing was sent."
    )
