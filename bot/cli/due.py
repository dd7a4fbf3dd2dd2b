"""`cadence-bot due`: what a tick would plan at some moment, sending nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.context import CliContext, fail
from bot.runtime.due import Due, due_at
from cadence.engine.decisions import PlannedAction
from cadence.engine.state import ActionState
from storage.database import transaction

SEND, MISSED = "send", "record as missed"


def _moment(text: str) -> datetime:
    if not text.strip():
        raise typer.BadParameter("give a time, e.g. 2026-11-30T09:00, or leave --at out for now")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"'{text}' is not a time; write 2026-11-30T09:00+13:00") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _fate(found: Due, action: PlannedAction) -> str:
    """What the tick would do with a new action: send it, or record it as missed (its
    period ended before it could be sent, or nothing reaches its recipient)."""
    reached = found.router.route(action.recipient_kind, action.recipient) is not None
    return SEND if action.state is ActionState.PLANNED and reached else MISSED


def due(
    ctx: typer.Context,
    at: Annotated[
        str | None,
        typer.Option(help="ISO time, e.g. 2026-11-30T09:00 (UTC unless it has an offset)."),
    ] = None,
) -> None:
    """Who would be asked, nudged or escalated by a tick at that moment (default: now)."""
    cli: CliContext = ctx.obj
    now = _moment(at) if at is not None else cli.now()
    with transaction(cli.engine()) as session:
        found = due_at(session, now, cli.settings.platforms)
        session.rollback()
    if found is None:
        raise fail("no plan is stored yet; run: cadence-bot plan import FILE")
    people = {p.key: p for p in found.state.plan.people}
    teams = {t.key: t for t in found.state.plan.teams}
    table = Table("When (recipient's time)", "What", "To", "Via", "Measures", "Then",
                  title=f"Due at {now:%Y-%m-%d %H:%M %Z}")  # fmt: skip
    fates = {action.key: _fate(found, action) for action in found.decisions.planned}
    for action in sorted(found.decisions.planned, key=lambda a: (a.due_at, a.kind)):
        person = people.get(action.recipient)
        name = person.name if person else f"#{teams[action.recipient].name}"
        zone = ZoneInfo(person.zone) if person else UTC
        route = found.router.route(action.recipient_kind, action.recipient)
        via = f"{route.platform} {route.address}" if route else "unreachable"
        when = action.due_at.astimezone(zone).strftime("%a %d %b %H:%M")
        measures = ", ".join(action.measures[:4]) + (" …" * (len(action.measures) > 4))
        kind = action.kind.value.replace("_", " ")
        table.add_row(when, kind, name, via, measures, fates[action.key])
    console = Console(width=140)
    if found.decisions.planned:
        console.print(table)
    else:
        console.print(f"Nothing new is due at {now:%Y-%m-%d %H:%M %Z}.")
    decisions, counted = found.decisions, list(fates.values())
    console.print(
        f"{counted.count(SEND)} to send, {counted.count(MISSED)} to record as missed (their "
        "period is over, or nothing reaches them); of the actions already planned, "
        f"{len(decisions.missed)} to mark missed, {len(decisions.answered)} answered, "
        f"{len(decisions.cancelled)} to cancel. Nothing was sent."
    )
