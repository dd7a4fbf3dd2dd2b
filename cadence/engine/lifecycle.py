"""What becomes of actions already written: answered when every measure is scored,
cancelled when an unsent one is no longer needed, missed when its period ended first."""

from __future__ import annotations

from datetime import UTC, datetime, time

from cadence.calendar import at_local
from cadence.engine.context import Context
from cadence.engine.state import PROMPT_KINDS, ActionKind, ActionRecord, ActionState

_LADDER = frozenset({ActionKind.NUDGE, ActionKind.TEAM_ESCALATION, ActionKind.MANAGER_ESCALATION})
_EXPIRE = PROMPT_KINDS | {ActionKind.NUDGE, ActionKind.QUARTER_CLOSE, ActionKind.DIGEST}
_ANSWERABLE = PROMPT_KINDS | {ActionKind.QUARTER_CLOSE}


def settle(ctx: Context) -> tuple[list[str], list[str], list[str]]:
    """Keys of existing actions to mark (missed, answered, cancelled)."""
    missed: list[str] = []
    answered: list[str] = []
    cancelled: list[str] = []
    for action in ctx.state.actions:
        if action.state is ActionState.PLANNED:
            if (action.kind in _ANSWERABLE or action.kind in _LADDER) and _done(ctx, action):
                cancelled.append(action.key)
            elif action.kind in _EXPIRE and _period_over(ctx, action):
                missed.append(action.key)
        elif action.state is ActionState.SENT and action.kind in _ANSWERABLE:
            if _done(ctx, action):
                answered.append(action.key)
            elif _period_over(ctx, action):
                missed.append(action.key)
    return missed, answered, cancelled


def _done(ctx: Context, action: ActionRecord) -> bool:
    """Every measure scored for the period (every objective graded, for quarter close)."""
    if action.kind is ActionKind.QUARTER_CLOSE:
        return all(k in ctx.state.grades for k in action.measures)
    return all(ctx.scored(k, action.period) for k in action.measures)


def _period_over(ctx: Context, action: ActionRecord) -> bool:
    """The action's period has ended on its subject's (else recipient's) clock."""
    period = ctx.index.period_named(action.period)
    if period is None:
        return False
    end = period.end
    person = ctx.index.people.get(action.subject) or ctx.index.people.get(action.recipient)
    ends_at = at_local(person, end, time()) if person else datetime.combine(end, time(), UTC)
    return ends_at <= ctx.now
