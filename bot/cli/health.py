"""`cadence-bot health`: plan health and lint as a terminal table, for admins."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.context import CliContext, fail
from bot.cli.reach import Unreached, teams_not_installed, unreached
from bot.runtime.due import due_at
from cadence.engine.decisions import Decisions
from cadence.health import plan_health
from cadence.lint import LintSeverity, concerns_team, lint_plan
from cadence.views import HealthFigures
from storage import chat_ref_repo, outbox_repo
from storage.database import transaction


def health(
    ctx: typer.Context,
    team: Annotated[
        str | None, typer.Option(help="One team's key; the whole plan if left out.")
    ] = None,
) -> None:
    """Plan health, silent owners, stale measures, who the bot cannot reach, and lint.

    The figures are PRODUCT.md's, for the whole plan or, with --team, for one team.
    """
    cli: CliContext = ctx.obj
    now = cli.now()
    platforms = cli.settings.platforms
    with transaction(cli.engine()) as session:
        # Read as a tick on these platforms would, deciding nothing: the same routes.
        found = due_at(session, now, platforms, decide=lambda _state, _now: Decisions())
        refusals = outbox_repo.refusal_details(session=session)
        stored = chat_ref_repo.subjects(session=session, platform="teams")
    if found is None:
        raise fail("no plan is stored yet; run: cadence-bot plan import FILE")
    state = found.state
    not_installed = teams_not_installed(state.plan, found.router, stored)
    teams = {t.key: t for t in state.plan.teams}
    if team is not None and team not in teams:
        raise fail(f"no team '{team}'; the teams are: {', '.join(teams)}")
    result = plan_health(state, now, team=team)
    console = Console(width=110)
    console.print(_figures(result.figures, teams[team].name if team else "Whole plan"))
    if result.silent:
        silent = Table("Silent owner", "Measures", "Days silent", title="Silent owners")
        for owner in result.silent:
            days = "never updated" if owner.never_updated else str(owner.days_silent or "")
            silent.add_row(owner.person.name, ", ".join(m.key for m in owner.measures), days)
        console.print(silent)
    if result.stale:
        stale = Table("Measure", "Owner", "Last update", title="Stale measures")
        for measure in result.stale:
            last = measure.last_updated.isoformat() if measure.last_updated else "never"
            stale.add_row(f"{measure.key}: {measure.title}", measure.owner.name, last)
        console.print(stale)
    reach = unreached(
        state.plan,
        found.router,
        refusals,
        platforms=platforms,
        not_installed=not_installed,
        team=team,
    )
    if reach:
        _reach(console, reach)
    else:
        console.print("Who the bot cannot reach: nobody.")
    warnings = [
        w for w in lint_plan(state.plan) if team is None or concerns_team(state.plan, w, team)
    ]
    if warnings:
        lint = Table("", "Subject", "Warning", title="Plan lint")
        for warning in warnings:
            mark = "!!" if warning.severity is LintSeverity.STRONG else "!"
            lint.add_row(mark, warning.subject, warning.message)
        console.print(lint)


def _reach(console: Console, found: list[Unreached]) -> None:
    # A list, not a table: the remedies are sentences an admin follows, and stay unwrapped.
    console.print("Who the bot cannot reach", style="bold italic")
    for each in found:
        since = f", since {each.since.date().isoformat()}" if each.since else ""
        console.print(
            f"- {each.who} on {each.platform}{since}: {each.problem}", soft_wrap=True, markup=False
        )
        console.print(f"  What to do: {each.remedy}", soft_wrap=True, markup=False)


def _figures(figures: HealthFigures, scope: str) -> Table:
    table = Table("Figure", "Value", title=f"Plan health: {scope}")
    for label, share in (
        ("KPIs scored this period", figures.kpis_scored),
        ("Key results scored this period", figures.krs_scored),
        ("Objectives graded last quarter", figures.objectives_graded),
        ("Owners who ever recorded an update", figures.owners_ever_updated),
    ):
        table.add_row(label, "n/a" if share is None else f"{share:.0%}")
    mean, most = figures.measures_per_objective_mean, figures.measures_per_objective_max
    table.add_row(
        "Measures per objective (mean / max)", "n/a" if mean is None else f"{mean:.1f} / {most}"
    )
    table.add_row("Stale measures", str(figures.stale_measures))
    table.add_row("Silent owners", str(figures.silent_owners))
    return table
