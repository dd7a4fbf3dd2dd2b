"""The weekly digest (PRODUCT.md's four questions, then silence, staleness and health),
planned at the digest hour on the manager's own clock, moved back to their last working
moment of the week when they do not work then (a Monday-Thursday manager gets it on
Thursday; one leaving at 15:00, at 14:00; an NZ manager, before the Christmas holiday).

It goes to the team's channel when the team has one (issues 5 and 6: "escalations and
digests go to the team's channel"), to the managers by DM when it has none, or as the
plan or team sets it (`digest: {to: channel | managers | both}`). In the channel it
greets nobody: only silent owners are mentioned."""

from __future__ import annotations

from datetime import time, timedelta

from cadence.calendar import at_local, next_messageable
from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction, action_key
from cadence.engine.lines import measure_line, measure_ref, person_ref, status
from cadence.engine.recipients import ask
from cadence.engine.state import ActionKind, ActionState, RecipientKind
from cadence.health import plan_health
from cadence.model import Kpi, Person, Team
from cadence.schedule import DEFAULTS, DIGEST, CadenceSpec, DigestTo
from cadence.trend_charts import trend_chart
from cadence.views import Digest, MeasureLine, Status, TrendChart, UnmovedMeasure, Voice

UNMOVED_AFTER = timedelta(days=90)
_WELL = frozenset({Status.GREEN, Status.ON_TRACK})
_NOT_WELL = frozenset({Status.RED, Status.AMBER, Status.AT_RISK, Status.OFF_TRACK})


def plan_digests(ctx: Context) -> list[PlannedAction]:
    """A digest per team and digest period: in the team's channel, or to each manager by
    DM, or both (DigestTo), at the digest moment of the manager's (for the channel: the
    team's first manager's) working week. A team without managers has no digest."""
    found = []
    for team in ctx.state.plan.teams:
        spec = digest_spec(ctx, team)
        managers = [p for k in team.managers if (p := ctx.index.people.get(k)) is not None]
        in_channel, by_dm = digest_destinations(ctx, team)
        if in_channel and managers:
            found += _channel_digest(ctx, team, spec, managers[0])
        for manager in managers if by_dm else ():
            period = ctx.index.period_at(spec.every, ctx.index.local_day(manager, ctx.now))
            scheduled = ctx.index.scheduled_at(manager, spec, period, end_of_period=True)
            key = action_key(ActionKind.DIGEST, manager.key, period.key, (team.key,))
            if not ctx.in_force(scheduled) or key in ctx.keys:
                continue
            asked = ask(ctx, manager, ctx.now)
            if asked is None:
                continue
            missed = asked.at >= at_local(manager, period.end, time())
            found.append(
                PlannedAction(
                    key, ActionKind.DIGEST, asked.person.key, RecipientKind.PERSON, team.key,
                    period.key, (), scheduled if missed else asked.at,
                    build_digest(ctx, team, recipient=asked.person.key, period=period.key),
                    ActionState.MISSED if missed else ActionState.PLANNED,
                )
            )  # fmt: skip
    return found


def digest_spec(ctx: Context, team: Team) -> CadenceSpec:
    """The team's digest cadence, else the plan's, else the default."""
    return team.cadences.get(DIGEST) or ctx.state.plan.cadences.get(DIGEST, DEFAULTS[DIGEST])


def digest_to(ctx: Context, team: Team) -> DigestTo:
    """Where the team's digest goes: its own setting, else the plan's."""
    return team.digest_to or ctx.state.plan.digest_to


def digest_destinations(ctx: Context, team: Team) -> tuple[bool, bool]:
    """(post in the channel, send to the managers): the channel only when the team has one
    the bot can post in, and the managers whenever the channel is not enough."""
    wanted = digest_to(ctx, team)
    channel = bool(team.slack_channel or team.teams_channel)
    usable = channel and team.key not in ctx.state.unreachable
    in_channel = usable and wanted is not DigestTo.MANAGERS
    return in_channel, wanted is not DigestTo.CHANNEL or not in_channel


def _channel_digest(
    ctx: Context, team: Team, spec: CadenceSpec, clock: Person
) -> list[PlannedAction]:
    """The team's digest in its channel, on `clock`'s working week: a channel has none."""
    period = ctx.index.period_at(spec.every, ctx.index.local_day(clock, ctx.now))
    scheduled = ctx.index.scheduled_at(clock, spec, period, end_of_period=True)
    key = action_key(ActionKind.DIGEST, team.key, period.key, ())
    if not ctx.in_force(scheduled) or key in ctx.keys:
        return []
    # A catch-up after downtime waits for the team's working time, like a manager's DM.
    at = next_messageable(clock, ctx.now)
    missed = at >= at_local(clock, period.end, time())
    view = build_digest(ctx, team, recipient=None, period=period.key)
    return [
        PlannedAction(
            key, ActionKind.DIGEST, team.key, RecipientKind.TEAM, team.key, period.key, (),
            scheduled if missed else at, view,
            ActionState.MISSED if missed else ActionState.PLANNED,
        )
    ]  # fmt: skip


def build_digest(ctx: Context, team: Team, *, recipient: str | None, period: str) -> Digest:
    """The digest of one team for one manager, or for its channel (`recipient` None)."""
    health = plan_health(ctx.state, ctx.now, team=team.key, context=ctx)
    well: list[MeasureLine] = []
    not_well: list[MeasureLine] = []
    red_kpis: list[MeasureLine] = []
    charts: list[TrendChart] = []
    voices: list[Voice] = []
    unmoved: list[UnmovedMeasure] = []
    since = ctx.now - timedelta(days=7)
    for info in ctx.index.by_team.get(team.key, ()):
        measure, owner = info.measure, ctx.index.people.get(info.measure.owner)
        if owner is None or not ctx.index.is_active(info, ctx.index.local_day(owner, ctx.now)):
            continue
        history = ctx.state.history.get(measure.key)
        line = measure_line(measure, history, due=False)
        colour = status(measure, history)
        if colour in _WELL:
            well.append(line)
        elif colour in _NOT_WELL:
            not_well.append(line)
        if colour is Status.RED and isinstance(measure, Kpi):
            red_kpis.append(line)
            if len(line.trend) >= 2:
                charts.append(trend_chart(measure, line.trend))
        if history is None or history.last_recorded_at is None:
            continue
        if history.last_recorded_at >= since:
            for text, blocker in ((history.blockers, True), (history.comment, False)):
                if text:
                    voices.append(Voice(person_ref(owner), measure_ref(measure), text, blocker))
        moved = history.value_since
        if history.last_value is not None and moved and ctx.now - moved >= UNMOVED_AFTER:
            unmoved.append(
                UnmovedMeasure(
                    measure.key, measure.title, person_ref(owner),
                    line.value or "", moved.date(),
                )
            )  # fmt: skip
    return Digest(
        recipient=None if recipient is None else person_ref(ctx.index.people[recipient]),
        team_name=team.name,
        period=period,
        going_well=tuple(well),
        not_going_well=tuple(not_well),
        voices=tuple(voices),
        silent=health.silent,
        stale=health.stale,
        unmoved=tuple(unmoved),
        next_objectives=tuple(red_kpis),
        health=health.figures,
        charts=tuple(charts),
    )
