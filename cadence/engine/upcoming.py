"""When the engine will next ask a person about their measures: a prompt already waiting
in the outbox, else the first moment the planners themselves would send one. Candidate
moments come from the prompt groups' own schedule and recipients.ask() (working hours,
holidays, time away, delegates); each is then confirmed by decide(), so what this says
is what a tick at that moment does."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from cadence.calendar import at_local
from cadence.engine.context import Context
from cadence.engine.decide import decide
from cadence.engine.groups import PromptGroup, prompt_groups
from cadence.engine.index import PlanIndex
from cadence.engine.recipients import ask
from cadence.engine.state import PROMPT_KINDS, ActionKind, ActionState, EngineState
from cadence.model import Person


@dataclass(frozen=True, slots=True)
class Upcoming:
    """A prompt the bot will send: its kind and period, when (UTC), and to whom (the
    owner, or their delegate while the owner is away)."""

    kind: ActionKind
    period: str
    at: datetime
    recipient: Person
    on_behalf_of: Person | None = None


def next_prompts(
    state: EngineState, now: datetime, person: str, *, index: PlanIndex | None = None
) -> list[Upcoming]:
    """The next check-in and the next KPI review about the person's measures, soonest
    first; a kind is missing when nothing of it will be sent (no such measures)."""
    ctx = Context(state, now, index)
    owner = ctx.index.people.get(person)
    if owner is None:
        return []
    soonest: dict[ActionKind, Upcoming] = {}
    for found in (*_queued(ctx, owner), *_scheduled(ctx, owner)):
        known = soonest.get(found.kind)
        if known is None or found.at < known.at:
            soonest[found.kind] = found
    return sorted(soonest.values(), key=lambda u: (u.at, u.kind is not ActionKind.CHECKIN))


def _queued(ctx: Context, owner: Person) -> list[Upcoming]:
    """Prompts about the owner planned and waiting for their time to be sent."""
    found = []
    for action in ctx.state.actions:
        if (
            action.kind in PROMPT_KINDS
            and action.subject == owner.key
            and action.state is ActionState.PLANNED
            and action.sent_at is None
        ):
            recipient = ctx.index.people.get(action.recipient, owner)
            behalf = owner if recipient.key != owner.key else None
            found.append(Upcoming(action.kind, action.period, action.due_at, recipient, behalf))
    return found


def _scheduled(ctx: Context, owner: Person) -> list[Upcoming]:
    """The owner's prompts of this period and the next one, at the moment each would be
    sent, kept only where decide() at that moment plans exactly that."""
    found = []
    for group in _groups(ctx, owner):
        if group.scheduled is None or group.ends_at <= ctx.now:
            continue
        asked = ask(ctx, owner, max(group.scheduled, ctx.now))
        if asked is None or asked.at >= group.ends_at:
            continue
        if _planned_then(ctx, group, asked.at):
            found.append(
                Upcoming(group.kind, group.period.key, asked.at, asked.person, asked.on_behalf_of)
            )
    return found


def _groups(ctx: Context, owner: Person) -> list[PromptGroup]:
    """The owner's prompt groups now and as each of their current periods turns over."""
    mine = [g for g in prompt_groups(ctx) if g.owner.key == owner.key]
    turns = {
        at_local(owner, g.period.end, time())
        for g in mine
        if g.period.end > ctx.index.local_day(owner, ctx.now)
    }
    for moment in sorted(turns):
        later = Context(ctx.state, moment, ctx.index)
        mine += [g for g in prompt_groups(later) if g.owner.key == owner.key]
    unique = {(g.kind, g.period.key): g for g in mine}
    return list(unique.values())


def _planned_then(ctx: Context, group: PromptGroup, moment: datetime) -> bool:
    """A tick at `moment` plans this group's prompt, to be sent at once."""
    decisions = decide(ctx.state, moment, index=ctx.index)
    return any(
        a.kind is group.kind
        and a.subject == group.owner.key
        and a.period == group.period.key
        and a.state is ActionState.PLANNED
        and a.due_at == moment
        for a in decisions.planned
    )
