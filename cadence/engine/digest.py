"""The weekly manager digest (PRODUCT.md's four questions, then silence, staleness and
health), planned at the digest hour on each team manager's own clock, moved back to their
last working moment of the week when they do not work then (a Monday-Thursday manager
gets it on Thursday; one leaving at 15:00, at 14:00; an NZ manager, before the Christmas
holiday)."""

from __future__ import annotations

from datetime import time, timedelta

from cadence.calendar import at_local
from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction, action_key
from cadence.engine.lines import measure_line, measure_ref, person_ref, status
from cadence.engine.recipients import ask
from cadence.engine.state import ActionKind, ActionState, RecipientKind
from cadence.health import plan_health
from cadence.model import Kpi, Team
from cadence.schedule import DEFAULTS, DIGEST, CadenceSpec
from cadence.views import Digest, MeasureLine, Status, UnmovedMeasure, Voice

UNMOVED_AFTER = timedelta(days=90)
_WELL = frozenset({Status.GREEN, Status.ON_TRACK})
_NOT_WELL = frozenset({Status.RED, Status.AMBER, Status.AT_RISK, Status.OFF_TRACK})


def plan_digests(ctx: Context) -> list[PlannedAction]:
    """A digest per team and manager, once per digest period."""
    found = []
    for team in ctx.state.plan.teams:
        spec = digest_spec(ctx, team)
        for manager_key in team.managers:
            manager = ctx.index.people.get(manager_key)
            if manager is None:
                continue
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
                    build_digest(ctx, team, manager_key=asked.person.key, period=period.key),
                    ActionState.MISSED if missed else ActionState.PLANNED,
                )
            )  # fmt: skip
    return found


def digest_spec(ctx: Context, team: Team) -> CadenceSpec:
    """The team's digest cadence, else the plan's, else the default."""
    return team.cadences.get(DIGEST) or ctx.state.plan.cadences.get(DIGEST, DEFAULTS[DIGEST])


def build_digest(ctx: Context, team: Team, *, manager_key: str, period: str) -> Digest:
    """The digest of one team for one manager, from the tick's state."""
    health = plan_health(ctx.state, ctx.now, team=team.key, context=ctx)
    well: list[MeasureLine] = []
    not_well: list[MeasureLine] = []
    red_kpis: list[MeasureLine] = []
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
        recipient=person_ref(ctx.index.people[manager_key]),
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
    )
