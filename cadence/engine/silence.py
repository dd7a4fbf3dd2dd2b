"""When silence starts and when it becomes an escalation: the one rule the ladder, plan
health, the digest and `/metric silent` share.

A prompt group's ladder starts at its anchor: when the prompt was sent, when it is due,
or, for an owner the bot cannot reach (a platform refused them, or no platform has an
address for them), when the prompt was due or scheduled, so they are escalated in the
same period. An owner is silent once a measure their prompt asked about is still unscored
at the escalation deadline of the current period; a snooze moves that deadline (and
every step of the ladder) to the moment the snooze ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cadence.calendar import add_working_days
from cadence.engine.context import Context
from cadence.engine.groups import PromptGroup
from cadence.engine.index import MeasureInfo
from cadence.engine.recipients import ask
from cadence.engine.state import ActionRecord, ActionState
from cadence.model import Ladder, Person

_DEFAULT = Ladder()


@dataclass(frozen=True, slots=True)
class Anchor:
    """When a group's ladder starts, the prompt it follows (None when the owner could never
    be asked), and whether that is because the bot cannot reach them."""

    at: datetime
    prompt: ActionRecord | None
    unreachable: bool = False


def prompt_anchor(ctx: Context, group: PromptGroup) -> Anchor | None:
    """The anchor of the group's ladder; None for a cancelled prompt, for one missed while
    its owner was reachable (the bot was down: not the owner's silence), and for a group
    whose owner is reachable but not asked yet."""
    prompt = ctx.slots.get((group.kind, group.owner.key, group.period.key))
    if prompt is not None:
        if prompt.sent_at is not None:
            return Anchor(prompt.sent_at, prompt)
        if prompt.state is ActionState.PLANNED:
            return Anchor(prompt.due_at, prompt)
        if prompt.state is ActionState.MISSED and prompt.recipient in ctx.state.unreachable:
            return Anchor(prompt.due_at, prompt, unreachable=True)
        return None
    if group.owner.key not in ctx.state.unreachable or not ctx.in_force(group.scheduled):
        return None  # a reachable owner's ladder starts with their prompt
    if ask(ctx, group.owner, ctx.now) is None:  # nor can a delegate be asked for them
        return Anchor(group.scheduled, None, unreachable=True)
    return None


def prompted(ctx: Context, group: PromptGroup, anchor: Anchor) -> tuple[MeasureInfo, ...]:
    """The group's measures its prompt asked about (all of them when there was no prompt)
    that are still unscored."""
    asked = None if anchor.prompt is None else set(anchor.prompt.measures)
    return tuple(i for i in group.unscored(ctx) if asked is None or i.measure.key in asked)


def snooze_end(ctx: Context, group: PromptGroup, anchor: Anchor) -> datetime | None:
    """When the prompt's recipient's snooze of this group ends, None when not snoozed."""
    if anchor.prompt is None or not ctx.snoozed:
        return None
    recipient, period = anchor.prompt.recipient, group.period.key
    ends = [
        until
        for info in group.measures
        if (until := ctx.snoozed.get((recipient, info.measure.key, period))) is not None
    ]
    return max(ends, default=None)


def ladder_for(ctx: Context, team_key: str) -> Ladder:
    """The team's own ladder, else the plan's."""
    team = ctx.index.teams.get(team_key)
    return team.ladder if team is not None and team.ladder is not None else ctx.state.plan.ladder


def working_days_after(ctx: Context, person: Person, anchor: datetime, days: int) -> datetime:
    """`days` working days after the anchor for the person, memoised for the tick."""
    key = (person.key, anchor, days)
    found = ctx.steps.get(key)
    if found is None:
        found = ctx.steps[key] = add_working_days(person, anchor, days)
    return found


def escalation_deadline(
    ctx: Context, group: PromptGroup, anchor: Anchor, *, ladder: Ladder
) -> datetime:
    """When an unanswered measure on this ladder (its team's) makes its owner silent: the
    team-channel step (else the manager step; with both off, the default channel step,
    since silence is there whether or not anyone is told), never before a snooze ends."""
    days = next((d for d in (ladder.team, ladder.manager) if d is not None), _DEFAULT.team)
    deadline = working_days_after(ctx, group.owner, anchor.at, days or 0)
    until = snooze_end(ctx, group, anchor)
    return deadline if until is None else max(deadline, until)
