"""`cadence-bot update`: an admin records a value from the terminal, through the same
command service (permissions, unit checks, idempotency) as chat."""

from __future__ import annotations

import uuid
from typing import Annotated

import typer

from bot.cli.context import CliContext, fail

# A value may be negative (`update net-churn -5`): read it as the value, not an option.
CONTEXT_SETTINGS = {"ignore_unknown_options": True}
NO_ADMINS = (
    "the plan names no admins, and only an admin may record from the terminal; name them "
    "under `admins:` in a YAML plan or with the owner_admin column of a CSV plan, then "
    "import it again"
)


def update(
    ctx: typer.Context,
    key: Annotated[str, typer.Argument(help="The measure's key, as in the plan file.")],
    value: Annotated[str, typer.Argument(help="The value as people write it: 42, -5, 1.2M, 30%.")],
    comment: Annotated[str | None, typer.Option(help="Why the value moved.")] = None,
    by: Annotated[
        str | None,
        typer.Option(help="The admin recording it (a person key); optional with one admin."),
    ] = None,
) -> None:
    """Record an update for a measure (source: cli)."""
    from bot.runtime.clock import SystemClock
    from bot.service import CommandService
    from cadence.commands import Actor, MetricCommand
    from cadence.updates import Source
    from cadence.views import ErrorReply
    from messages.environment import build_environment
    from messages.plain import render_text
    from storage.database import transaction
    from storage.plan_repo import load_plan

    cli: CliContext = ctx.obj
    engine = cli.engine()
    with transaction(engine) as session:
        plan = load_plan(session)
    if plan is None:
        raise fail("no plan is stored yet; run: cadence-bot plan import FILE")
    if not plan.admins:
        raise fail(NO_ADMINS)
    admins = ", ".join(plan.admins)
    if by is None:
        if len(plan.admins) > 1:
            raise fail(f"say who records it with --by PERSON; the plan's admins are {admins}")
        by = plan.admins[0]
    if by not in plan.admins:
        raise fail(f"'{by}' is not a plan admin; the admins are {admins}")
    text = " ".join(["update", key, value, *([comment] if comment else [])])
    service = CommandService(engine=engine, clock=SystemClock())
    command = MetricCommand(Actor("cli", by), text, Source.CLI, f"cli:{uuid.uuid4()}")
    outcome = service.handle_now(command)
    message = render_text(outcome.reply, build_environment())
    if isinstance(outcome.reply, ErrorReply):
        raise fail(message)
    typer.echo(message)
