"""`cadence-bot preview`: one message exactly as the bot would send it now, for the stored
plan and data, so an admin can read what people will get before switching the bot on."""

from __future__ import annotations

import enum
import json
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

import typer
from jinja2 import Environment

from bot.cli.context import CliContext, fail
from bot.cli.preview_answers import ask_metric, confirmation, first_measure
from bot.runtime.due import due_at
from bot.runtime.routes import person_address, team_address
from bot.teams.cards import CardTooLarge, card_activity
from cadence.commands import Actor
from cadence.engine import preview as engine_preview
from cadence.engine.preview import PreviewError, find_person, find_team
from cadence.engine.state import ActionKind, EngineState
from cadence.model import Person, Team
from cadence.views import ErrorReply
from messages.environment import build_environment
from messages.plain import render_text
from messages.slack import render_slack
from storage.database import transaction


class Kind(enum.StrEnum):
    CHECKIN = "checkin"
    KPI_REVIEW = "kpi-review"
    NUDGE = "nudge"
    CONFIRMATION = "confirmation"
    ESCALATION = "escalation"
    QUARTER_CLOSE = "quarter-close"
    DIGEST = "digest"
    METRIC = "metric"
    MINE = "mine"
    HELP = "help"


class Target(enum.StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    TEXT = "text"


_PLATFORM_NAMES = {Target.SLACK: "Slack", Target.TEAMS: "Teams"}
_BUILDERS: dict[Kind, Callable[[EngineState, datetime, str], Any]] = {
    Kind.CHECKIN: lambda s, n, k: engine_preview.prompt(s, n, k, kind=ActionKind.CHECKIN),
    Kind.KPI_REVIEW: lambda s, n, k: engine_preview.prompt(s, n, k, kind=ActionKind.KPI_REVIEW),
    Kind.NUDGE: engine_preview.nudge,
    Kind.QUARTER_CLOSE: engine_preview.quarter_close,
    Kind.ESCALATION: engine_preview.escalation,
    Kind.DIGEST: engine_preview.digest,
}
_TEAM_KINDS = frozenset({Kind.ESCALATION, Kind.DIGEST})


def preview(
    ctx: typer.Context,
    kind: Annotated[Kind, typer.Argument(help="Which message.", show_default=False)],
    person: Annotated[str | None, typer.Option(help="The person it is for (a person key).")] = None,
    team: Annotated[
        str | None, typer.Option(help="The team it is for: escalation and digest.")
    ] = None,
    target: Annotated[
        Target, typer.Option("--as", help="Slack and Teams print what is sent, as JSON.")
    ] = Target.TEXT,
    measure: Annotated[
        str | None, typer.Option(help="For metric: the measure; the person's first if left out.")
    ] = None,
) -> None:
    """Print a message as the bot would send it now, for the stored plan and data."""
    cli: CliContext = ctx.obj
    if person is not None and team is not None:
        raise fail("say whom it is for with --person or with --team, not both")
    noun = "team" if kind in _TEAM_KINDS else "person"
    if (team if noun == "team" else person) is None:
        raise fail(f"{kind} goes to a {noun}: say which with --{noun} KEY")
    env = build_environment()
    now = cli.now()
    platforms = cli.settings.platforms if target is Target.TEXT else (target.value,)
    with transaction(cli.engine()) as session:
        found = due_at(session, now, platforms)
        session.rollback()
    if found is None:
        raise fail("no plan is stored yet; run: cadence-bot plan import FILE")
    state = found.state
    try:
        if team is not None:
            subject: Person | Team = find_team(state, team)
            view = _BUILDERS[kind](state, now, subject.key)
        else:
            subject = find_person(state, person or "")
            view = _person_view(
                cli,
                state=state,
                now=now,
                kind=kind,
                person=subject,
                target=target,
                measure=measure,
                env=env,
            )
        recipient = getattr(view, "recipient", None)  # a channel message has none
        address = _address(find_person(state, recipient.key) if recipient else subject, target)
    except PreviewError as error:
        raise fail(str(error)) from None
    typer.echo(_rendered(view, target, address, env))


def _person_view(
    cli: CliContext,
    *,
    state: EngineState,
    now: datetime,
    kind: Kind,
    person: Person,
    target: Target,
    measure: str | None,
    env: Environment,
) -> Any:
    """From the engine for what the bot sends unasked; as the service answers the rest."""
    if kind in _BUILDERS:
        return _BUILDERS[kind](state, now, person.key)
    if kind is Kind.CONFIRMATION:
        return confirmation(cli.engine(), now, state.plan, person)
    words = {Kind.MINE: "mine", Kind.HELP: "help"}.get(kind)
    if words is None:
        words = measure or first_measure(state.plan, person)
    address = _address(person, target)
    actor = Actor(target.value, address) if address else Actor("cli", person.key)
    outcome = ask_metric(cli.engine(), now, actor=actor, words=words)
    if isinstance(outcome.reply, ErrorReply):
        raise PreviewError(render_text(outcome.reply, env).strip())
    if outcome.chart_png is not None:
        typer.echo("(a trend chart image goes with this answer)", err=True)
    return outcome.reply


def _rendered(view: Any, target: Target, address: str | None, env: Environment) -> str:
    if target is Target.SLACK:
        return json.dumps({"channel": address, **render_slack(view, env)}, indent=2)
    if target is Target.TEAMS:
        try:
            return json.dumps(card_activity(view, env).serialize(), indent=2)
        except CardTooLarge as error:
            raise fail(f"Teams would refuse this card: {error}") from None
    return render_text(view, env)


def _address(subject: Person | Team, target: Target) -> str | None:
    """Where the message goes on the platform; text goes nowhere, so needs no address."""
    if target is Target.TEXT:
        return None
    platform = target.value
    if isinstance(subject, Team):
        found = team_address(subject, platform)
        what = "channel"
    else:
        found = person_address(subject, platform)
        what = "id"
    if found is None:
        name = _PLATFORM_NAMES[target]
        raise PreviewError(
            f"{subject.name} has no {name} {what} in the plan, "
            f"so the bot never writes to them in {name}"
        )
    return found
