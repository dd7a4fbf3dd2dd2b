"""Prompts an owner asks for ahead of their schedule (`checkin`): the same check-in and KPI
review the engine would send for the current period, built by its own planners' view and
key, so that once sent the engine counts it as that period's prompt (no second ask, the
usual nudges after it)."""

from __future__ import annotations

from datetime import datetime

from cadence.engine.context import Context
from cadence.engine.decisions import PlannedAction
from cadence.engine.groups import prompt_groups
from cadence.engine.index import PlanIndex
from cadence.engine.prompts import prompt_key, prompt_view
from cadence.engine.recipients import Asked
from cadence.engine.state import ActionKind, EngineState, RecipientKind


def early_prompts(
    state: EngineState, now: datetime, person: str, *, index: PlanIndex | None = None
) -> list[PlannedAction]:
    """The person's check-in and KPI review for the current period's measures they have not
    answered yet, addressed to them at `now`; none of a kind already planned or sent for
    the period (that prompt is the one to answer)."""
    ctx = Context(state, now, index)
    owner = ctx.index.people.get(person)
    if owner is None:
        return []
    asked, today = Asked(owner, now), ctx.index.local_day(owner, now)
    found = []
    for group in prompt_groups(ctx):
        if group.owner.key != owner.key or today not in group.period:
            continue
        due = group.unscored(ctx)
        key = prompt_key(group, asked=asked, due=due)
        if not due or (group.kind, owner.key, group.period.key) in ctx.slots or key in ctx.keys:
            continue
        view = prompt_view(ctx, group, asked=asked, due=due, key=key)
        found.append(
            PlannedAction(
                key=key,
                kind=group.kind,
                recipient=owner.key,
                recipient_kind=RecipientKind.PERSON,
                subject=owner.key,
                period=group.period.key,
                measures=tuple(line.key for line in view.measures),
                due_at=now,
                view=view,
            )
        )
    return sorted(found, key=lambda a: a.kind is not ActionKind.CHECKIN)
