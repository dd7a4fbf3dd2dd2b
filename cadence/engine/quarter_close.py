"""Quarter close: in the last working week of the quarter, each objective owner is asked
to grade their objectives and whether they still serve the goal or just the number."""

from __future__ import annotations

from collections import defaultdict
from datetime import time, timedelta

from cadence.calendar import at_local
from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction, action_key
from cadence.engine.lines import measure_line, objective_grade, person_ref
from cadence.engine.recipients import ask
from cadence.engine.state import ActionKind, ActionState, RecipientKind
from cadence.model import Objective, Person
from cadence.periods import quarter
from cadence.schedule import CHECKIN, DEFAULTS
from cadence.views import ObjectiveGrade, QuarterClose


def plan_quarter_close(ctx: Context) -> list[PlannedAction]:
    """One grading prompt per owner and quarter, for the current and the previous quarter."""
    owned: dict[tuple[str, str], list[Objective]] = defaultdict(list)
    for objective in ctx.state.plan.objectives:
        if objective.key not in ctx.state.grades and objective.owner in ctx.index.people:
            owned[(objective.owner, objective.period)].append(objective)
    spec = ctx.state.plan.cadences.get(CHECKIN, DEFAULTS[CHECKIN])
    found = []
    for (owner_key, period), objectives in sorted(owned.items()):
        owner = ctx.index.people[owner_key]
        today = ctx.index.local_day(owner, ctx.now)
        current = quarter(today)
        if period not in (current.key, quarter(current.start - timedelta(days=1)).key):
            continue
        span = current if period == current.key else quarter(current.start - timedelta(days=1))
        first_day = ctx.index.last_working_week(owner, span.start)
        if first_day is None or (ActionKind.QUARTER_CLOSE, owner_key, period) in ctx.slots:
            continue
        scheduled = at_local(owner, first_day, time(spec.hour, spec.minute))
        if not ctx.in_force(scheduled):
            continue
        asked = ask(ctx, owner, ctx.now)
        if asked is None:
            continue
        missed = asked.at >= at_local(owner, span.end, time())
        keys = tuple(sorted(o.key for o in objectives))
        key = action_key(ActionKind.QUARTER_CLOSE, owner_key, period, keys)
        if key in ctx.keys:
            continue
        view = quarter_close_view(ctx, owner, period=period, objectives=objectives)
        found.append(
            PlannedAction(
                key, ActionKind.QUARTER_CLOSE, owner_key, RecipientKind.PERSON, owner_key,
                period, keys, scheduled if missed else asked.at, view,
                ActionState.MISSED if missed else ActionState.PLANNED,
            )
        )  # fmt: skip
    return found


def quarter_close_view(
    ctx: Context, owner: Person, *, period: str, objectives: list[Objective]
) -> QuarterClose:
    """The grading prompt for the owner's `objectives` of one quarter."""
    keys = tuple(sorted(o.key for o in objectives))
    return QuarterClose(
        prompt_key=action_key(ActionKind.QUARTER_CLOSE, owner.key, period, keys),
        recipient=person_ref(owner),
        period=period,
        objectives=tuple(_grade(ctx, o) for o in sorted(objectives, key=lambda o: o.key)),
    )


def _grade(ctx: Context, objective: Objective) -> ObjectiveGrade:
    """The objective with its suggested grade and its KRs' lines."""
    suggested = objective_grade(objective, ctx.state.history)
    return ObjectiveGrade(
        key=objective.key,
        title=objective.title,
        suggested_grade=None if suggested is None else round(suggested, 2),
        key_results=tuple(
            measure_line(kr, ctx.state.history.get(kr.key), due=False)
            for kr in objective.key_results
        ),
    )
