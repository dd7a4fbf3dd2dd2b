"""What the bot will ask a person next, and when, in their own time: an empty DM in the
local workspace says it, and so does `checkin` when nothing is due."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.service.prompt_messages import prompt_noun
from cadence.calendar import local
from cadence.engine.upcoming import Upcoming
from cadence.model import Person
from messages.period_words import period_label

# A prompt due this close to now goes out with the next tick and delivery.
_SOON = timedelta(minutes=2)


def next_prompt_lines(
    upcoming: list[Upcoming], owner: Person, *, now: datetime, to_owner: bool
) -> list[str]:
    """One line per coming prompt, e.g. "Dan's next check-in: Monday 7 December, 09:00
    their time (America/New_York)"; addressed to the owner ("Your …") when `to_owner`."""
    whose = "Your" if to_owner else f"{owner.name}'s"
    lines = []
    for item in upcoming:
        noun = prompt_noun(item.kind)
        if item.at <= now + _SOON:
            lines.append(f"{whose} {noun} for {period_label(item.period)} is on its way.")
            continue
        wall = local(item.recipient, item.at)
        if item.recipient.key != owner.key:
            their = f"{item.recipient.name}'s"
        else:
            their = "your" if to_owner else "their"
        day = f"{wall:%A} {wall.day} {wall:%B}"
        line = f"{whose} next {noun}: {day}, {wall:%H:%M} {their} time ({item.recipient.timezone})"
        if item.on_behalf_of is not None:
            line += f", sent to {item.recipient.name} while {item.on_behalf_of.name} is away"
        lines.append(line + ".")
    return lines
