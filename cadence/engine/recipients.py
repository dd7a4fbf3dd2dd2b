"""Who is asked, and when: the owner in their working hours, or their delegate while the
owner is away."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cadence.calendar import local
from cadence.engine.context import Context
from cadence.model import Person


@dataclass(frozen=True, slots=True)
class Asked:
    """The person who receives a message, when, and whom they answer for (if a delegate)."""

    person: Person
    at: datetime
    on_behalf_of: Person | None = None


def ask(ctx: Context, owner: Person, moment: datetime) -> Asked | None:
    """The first chance at or after `moment` to ask about the owner's measures: the owner
    when present, else their reachable delegate, else the owner once back. None when nobody
    can be reached. Remembered per tick: an owner's groups, nudges and escalations ask
    about the same moments many times."""
    key = (owner.key, moment)
    if key not in ctx.asked:
        ctx.asked[key] = _ask(ctx, owner, moment)
    return ctx.asked[key]


def _ask(ctx: Context, owner: Person, moment: datetime) -> Asked | None:
    delegate = ctx.index.people.get(owner.delegate) if owner.delegate else None
    if ctx.reachable(owner):
        at = ctx.index.next_messageable(owner, moment)
        if not owner.is_away(local(owner, at).date()):
            return Asked(owner, at)
    if delegate is not None and ctx.reachable(delegate):
        return Asked(delegate, ctx.index.next_messageable(delegate, moment, skip_away=True), owner)
    if ctx.reachable(owner):
        return Asked(owner, ctx.index.next_messageable(owner, moment, skip_away=True))
    return None
