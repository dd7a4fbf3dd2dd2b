"""Snooze until tomorrow: when the one reminder comes, and how the answer names it.

A snooze ends at the snoozer's next working moment a day later (Monday 10:00 -> Tuesday
10:00; Friday 10:00 -> Monday 09:00). The engine then sends one reminder, whatever the
nudge did, and holds every later step of the ladder until then (cadence.engine.ladder).
A snooze that would end after the prompt's period closes is refused: nothing could
remind the owner of that period any more.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from cadence.calendar import at_local, local, snooze_end
from cadence.model import Person
from cadence.periods import parse_period
from cadence.views import Snoozed


def snooze_until(person: Person, now: datetime, *, period: str, owner: Person) -> datetime | None:
    """When a snooze `person` presses at `now` ends, None when that is after `period`
    closes on the owner's clock (the owner the prompt is about, or the person)."""
    until = snooze_end(person, now)
    closes = at_local(owner, parse_period(period).end, time())
    return until if until < closes else None


def snoozed_view(person: Person, *, until: datetime, now: datetime) -> Snoozed:
    """The answer naming the reminder's day and time on the person's own clock."""
    wall = local(person, until)
    tomorrow = local(person, now).date() + timedelta(days=1)
    return Snoozed(day=wall.date(), at=wall.time(), tomorrow=wall.date() == tomorrow)
