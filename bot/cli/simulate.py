"""`cadence-bot simulate`: play weeks of the bot over the plan with simulated owners."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Annotated

import typer

from bot.cli.context import CliContext, fail
from bot.cli.plan import import_file
from bot.local.example import example_plan
from bot.simulate.play import Simulation, SimulationError, Week
from messages.environment import build_environment
from messages.plain import render_text
from storage.database import transaction
from storage.plan_repo import load_plan


def simulate(
    ctx: typer.Context,
    weeks: Annotated[int, typer.Option(min=1, max=53, help="How many weeks to play.")] = 13,
    seed: Annotated[
        int, typer.Option(help="Seeds the simulated owners: the same seed and start, the same run.")
    ] = 1,
    start: Annotated[
        datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The first day (UTC); by default the Monday `weeks` weeks before this week's, "
            "so the run ends as this week begins (and moves with today's date).",
        ),
    ] = None,
    plan: Annotated[
        Path | None,
        typer.Option(help="Import this plan first; the example plan if none is stored."),
    ] = None,
) -> None:
    """Play a quarter through the real engine and outbox; the database stays for `run`."""
    cli: CliContext = ctx.obj
    engine = cli.engine()
    with transaction(engine) as session:
        empty = load_plan(session) is None
    if plan is not None:
        import_file(cli, plan)
    elif empty:
        with example_plan() as example:
            import_file(cli, example)
    first = _first_day(start, weeks, cli.now())
    env = build_environment()
    try:
        simulation = Simulation(engine=engine, env=env, start=first, seed=seed)
    except SimulationError as error:
        raise fail(str(error)) from None
    span = f"{weeks} week{'s' * (weeks != 1)}"
    typer.echo(f"Simulating {span} from {first:%a %d %b %Y} (seed {seed})")
    typer.echo(_HEADER)
    asyncio.run(simulation.play(weeks, lambda week: typer.echo(_row(week))))
    for digest in simulation.final_digests():
        reader = digest.recipient.name if digest.recipient else "the team's channel"
        typer.secho(f"\nFinal digest for {reader} ({digest.team_name})", bold=True)
        typer.echo(render_text(digest, env))
    typer.echo(
        "The database keeps the simulated quarter: `cadence-bot run` shows it in the local "
        "workspace and at /dashboard."
    )


_HEADER = "week  starts      prompts  answers  KRs scored  KPIs scored  silent  escalations"


def _row(week: Week) -> str:
    f = week.figures
    return (
        f"{week.number:>4}  {week.starts:%Y-%m-%d}  {week.prompts:>7}  {week.answers:>7}  "
        f"{_share(f.krs_scored):>10}  {_share(f.kpis_scored):>11}  {f.silent_owners:>6}  "
        f"{week.escalations:>11}"
    )


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.0%}"


def _first_day(start: datetime | None, weeks: int, now: datetime) -> datetime:
    if start is not None:
        return datetime.combine(start.date(), time(), tzinfo=UTC)
    day = (now - timedelta(weeks=weeks)).date()
    return datetime.combine(day - timedelta(days=day.weekday()), time(), tzinfo=UTC)
