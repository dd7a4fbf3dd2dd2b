"""Answers to `/metric` questions: one measure, mine, silent owners, plan health, help."""

from __future__ import annotations

from bot.service.lines import current_lines
from bot.service.refusals import not_found, private, refuse
from bot.service.request import Request
from cadence.engine.lines import person_ref
from cadence.health import plan_health
from cadence.lint import LintSeverity, concerns_team, lint_plan
from cadence.lookup import find_measures
from cadence.model import Measure, Plan, Team
from cadence.permissions import may_view, team_of
from cadence.quantities import format_quantity
from cadence.trend_charts import trend_chart
from cadence.updates import Update
from cadence.views import (
    HealthAnswer,
    HealthWarning,
    HistoryLine,
    MetricAnswer,
    MineAnswer,
    SilentAnswer,
)
from messages.charts import chart_png
from storage.update_repo import history

HISTORY_LINES = 5
CHART_POINTS = 30


def find_one(request: Request, query: str) -> Measure:
    """The measure a query names: an exact key, else the best title match."""
    exact = request.measure(query.strip())
    if exact is not None:
        return exact
    found = find_measures(request.snapshot.plan, query, limit=5)
    if not found:
        raise not_found(query, request.command_word)
    return found[0]


def show(request: Request, query: str) -> tuple[MetricAnswer, bytes | None]:
    """One measure with its recent history, and a trend chart once it has two values."""
    measure = find_one(request, query)
    if not may_view(request.snapshot.plan, person=request.person.key, measure=measure):
        raise private(measure)
    line = current_lines(request, [measure])[0]
    past = history(request.session, measure.key, limit=CHART_POINTS)
    names = request.snapshot.index.people
    lines = tuple(
        HistoryLine(
            on=u.recorded_at.date(),
            value=format_quantity(u.value, measure.unit),
            author=names[u.author].name if u.author in names else u.author,
            comment=u.comment,
        )
        for u in past[:HISTORY_LINES]
    )
    owner = request.person_named(measure.owner) or request.person
    return MetricAnswer(line, person_ref(owner), lines), _chart(measure, past[::-1])


def _chart(measure: Measure, oldest_first: list[Update]) -> bytes | None:
    if len(oldest_first) < 2:
        return None
    values = [u.value for u in oldest_first]
    return chart_png(trend_chart(measure, values, [u.recorded_at.date() for u in oldest_first]))


def mine(request: Request) -> MineAnswer:
    """The asker's measures, and those they answer for as a delegate; due ones first. Key
    results of a quarter that has ended are history, not something to answer."""
    index = request.snapshot.index
    owners = {request.person.key} | {
        p.key for p in index.people.values() if p.delegate == request.person.key
    }
    today = index.local_day(request.person, request.now)
    measures = [
        i.measure
        for i in index.measures.values()
        if i.measure.owner in owners and index.is_active(i, today)
    ]
    lines = sorted(current_lines(request, measures), key=lambda line: not line.due)
    return MineAnswer(person_ref(request.person), tuple(lines))


def silent(request: Request) -> SilentAnswer:
    team = _team_of_asker(request)
    health = plan_health(
        request.engine_state(),
        request.now,
        team=team.key,
        index=request.snapshot.index,
    )
    return SilentAnswer(team.name, health.silent, health.stale)


def health(request: Request, scope: str | None = None) -> HealthAnswer:
    """Plan health for the whole plan, or one team when its key or name is given."""
    team = None
    if scope:
        wanted = scope.strip().lower()
        team = next(
            (t for t in request.snapshot.plan.teams if wanted in (t.key.lower(), t.name.lower())),
            None,
        )
        if team is None:
            raise refuse(
                "unknown_team", f"No team is called “{scope}”.", "Use a team's key or name."
            )
    state = request.engine_state()
    figures = plan_health(
        state, request.now, team=team.key if team else None, index=request.snapshot.index
    ).figures
    names = _subject_names(request.snapshot.plan)
    warnings = tuple(
        HealthWarning(
            names.get((w.subject_kind, w.subject), w.subject),
            w.message,
            strong=w.severity is LintSeverity.STRONG,
        )
        for w in lint_plan(request.snapshot.plan)
        if team is None or concerns_team(request.snapshot.plan, w, team.key)
    )
    return HealthAnswer(team.name if team else "the whole plan", figures, warnings)


def _subject_names(plan: Plan) -> dict[tuple[str, str], str]:
    """What people call each lint subject, by (kind, key): titles and names, not keys."""
    return {
        **{("objective", o.key): o.title for o in plan.objectives},
        **{("team", t.key): t.name for t in plan.teams},
        **{("person", p.key): p.name for p in plan.people},
        **{(m.kind, m.key): m.title for m in plan.measures()},
    }


def _team_of_asker(request: Request) -> Team:
    plan, key = request.snapshot.plan, request.person.key
    for team in plan.teams:
        if key in team.managers:
            return team
    for measure in plan.measures():
        if measure.owner == key:
            team_key = team_of(plan, measure)
            return request.snapshot.index.teams[team_key]
    raise refuse(
        "no_team",
        "You are not in any team of the plan, so there is no team to report on.",
        f"Try `{request.command_word} health` for the whole plan.",
    )
