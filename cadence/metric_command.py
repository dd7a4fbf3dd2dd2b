"""The words of `/metric` (and the same words typed to the bot in Teams or local mode)."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from cadence.quantities import QuantityError, parse_quantity


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
# A value is a few words at most: "70 min", "USD 1 200 000", "1 h 10 min".
_VALUE_WORDS = 6


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
        end = 2 + _value_length(words[2:])
        comment = " ".join(words[end:]) or None
        value = " ".join(words[2:end])
        return MetricIntent(Verb.UPDATE, query=words[1], value_text=value, comment=comment)
    return MetricIntent(Verb.SHOW, query=" ".join(words))


def _value_length(words: Sequence[str]) -> int:
    """How many leading words make the value ("70 min" is two); one when none reads as a
    value, so the service can say what is wrong with it."""
    for end in range(min(len(words), _VALUE_WORDS), 1, -1):
        try:
            parse_quantity(" ".join(words[:end]))
        except QuantityError:
            continue
        return end
    return 1
