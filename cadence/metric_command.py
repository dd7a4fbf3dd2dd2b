"""The words of `/metric` (and the same words typed to the bot in Teams or local mode)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Verb(enum.StrEnum):
    SHOW = "show"
    MINE = "mine"
    UPDATE = "update"
    SILENT = "silent"
    HEALTH = "health"
    HELP = "help"
    CHECKIN = "checkin"


@dataclass(frozen=True, slots=True)
class MetricIntent:
    """A parsed command: the verb, and for show/update the measure query and the rest."""

    verb: Verb
    query: str = ""
    value_text: str = ""
    comment: str | None = None


_BARE = {
    "mine": Verb.MINE,
    "silent": Verb.SILENT,
    "health": Verb.HEALTH,
    "help": Verb.HELP,
    "checkin": Verb.CHECKIN,
    "check-in": Verb.CHECKIN,
}


def parse_metric_command(text: str) -> MetricIntent:
    """Read the words after `/metric`; anything unknown is a measure to show."""
    words = text.strip().removeprefix("/metric").split()
    if words and words[0].lower() == "metric":
        words = words[1:]
    if not words or words[0].lower() in ("help", "?"):
        return MetricIntent(Verb.HELP)
    head = words[0].lower()
    if head in _BARE and len(words) == 1:
        return MetricIntent(_BARE[head])
    if head == "update":
        if len(words) < 3:
            return MetricIntent(Verb.UPDATE, query=" ".join(words[1:2]))
        comment = " ".join(words[3:]) or None
        return MetricIntent(Verb.UPDATE, query=words[1], value_text=words[2], comment=comment)
    return MetricIntent(Verb.SHOW, query=" ".join(words))
