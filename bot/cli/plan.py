"""`cadence-bot plan ...`: check, load, show and export the plan file.

Storage is imported by the commands that use the database, so `plan validate` does not
wait for it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bot.cli.context import CliContext, fail
from cadence.model import Plan
from cadence.planfile import (
    PlanIssue,
    PlanLoad,
    Severity,
    dump_plan_yaml,
    load_plan,
    paused_gc,
)

app = typer.Typer(help="Check, import, show and export the plan.", no_args_is_help=True)

FileArgument = typer.Argument(..., help="A plan file: .yaml, .yml or .csv.", show_default=False)


def _report(result: PlanLoad) -> None:
    for issue in result.errors:
        typer.secho(f"{issue}", err=True, fg="red")
    for issue in result.warnings:
        _warning(issue)
    errors, warnings = len(result.errors), len(result.warnings)
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    typer.echo(summary, err=bool(errors))


def _warning(issue: PlanIssue) -> None:
    label = "strong warning" if issue.severity is Severity.STRONG else "warning"
    typer.secho(f"{issue} [{label}]", fg="yellow")


@app.command()
def validate(file: Path = FileArgument) -> None:
    """Report every error (file:line field: problem) and lint warning; exit 1 on errors."""
    result = load_plan(file)
    _report(result)
    if result.errors:
        raise typer.Exit(1)


@app.command("import")
def import_(
    ctx: typer.Context,
    file: Path = FileArgument,
    archive_all: Annotated[
        bool,
        typer.Option(
            "--archive-all",
            help="Import a file that keeps none of the stored measures, archiving them all.",
        ),
    ] = False,
) -> None:
    """Load the plan into the database in one transaction; safe to repeat.

    Measures are matched by key: edits update them, removed ones are archived, and no
    update history is ever dropped. A file that would archive every stored measure is
    refused unless --archive-all says so.
    """
    import_file(ctx.obj, file, archive_all=archive_all)


def import_file(cli: CliContext, file: Path, *, archive_all: bool = False) -> None:
    """Validate, report and import a plan file; exits 1 and changes nothing on errors, or
    when the file would archive every stored measure and `archive_all` is not set."""
    from storage.database import transaction
    from storage.plan_repo import active_measure_keys, save_plan

    result = load_plan(file)
    _report(result)
    if result.plan is None:
        raise fail("nothing was imported")
    keys = {measure.key for measure in result.plan.measures()}
    with transaction(cli.engine()) as session:
        stored = active_measure_keys(session)
        if stored and stored.isdisjoint(keys) and not archive_all:
            raise fail(
                f"{file} keeps none of the {len(stored):,} measures stored now, so importing "
                "it would archive them all; nothing was imported. If that is what you mean, "
                f"run: cadence-bot plan import {file} --archive-all"
            )
        with paused_gc():
            summary = save_plan(session, result.plan, now=cli.now(), source=str(file))
    if summary.untouched:
        typer.echo("The stored plan already matches this file; nothing changed.")
        return
    for label, done in (
        ("added", summary.added),
        ("changed", summary.changed),
        ("archived", summary.archived),
        ("restored", summary.restored),
    ):
        if done:
            typer.echo(f"{label} {len(done)}: {', '.join(done[:10])}{' …' * (len(done) > 10)}")


@app.command()
def show(ctx: typer.Context) -> None:
    """Print the stored plan: teams, objectives with their key results, KPIs, owners."""
    plan = _stored(ctx.obj)
    names = {person.key: person.name for person in plan.people}
    for team in plan.teams:
        typer.secho(f"{team.name} ({team.key})", bold=True)
        for objective in (o for o in plan.objectives if o.team == team.key):
            typer.echo(f"  {objective.period}  {objective.title}  — {names[objective.owner]}")
            for kr in objective.key_results:
                typer.echo(f"      KR  {kr.key}: {kr.title}  — {names[kr.owner]}")
        for kpi in (k for k in plan.kpis if k.team == team.key):
            typer.echo(f"  KPI {kpi.key}: {kpi.title}  — {names[kpi.owner]}")


@app.command()
def export(
    ctx: typer.Context,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here, not to stdout.")
    ] = None,
) -> None:
    """Write the stored plan as YAML that imports back unchanged."""
    with paused_gc():
        text = dump_plan_yaml(_stored(ctx.obj))
    if output is None:
        typer.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {output}")


def _stored(cli: CliContext) -> Plan:
    """The stored plan; exits 1 saying what to do when none is stored yet."""
    from storage.database import transaction
    from storage.plan_repo import load_plan as load_stored_plan

    with transaction(cli.engine()) as session:
        plan = load_stored_plan(session)
    if plan is None:
        raise fail("no plan is stored yet; run: cadence-bot plan import FILE")
    return plan
