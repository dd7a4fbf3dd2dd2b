"""Names of local conversations: a person's direct messages or a team's channel, the
same `person:<key>` / `team:<key>` addresses bot.runtime.routes gives local recipients."""

from __future__ import annotations

PERSON = "person"
# The author of every message the bot itself posts.
BOT = "bot"
TEAM = "team"


class UnknownRoom(LookupError):
    """A conversation or person the plan does not have."""


def person_room(person_key: str) -> str:
    """The conversation holding a person's direct messages with the bot."""
    return f"{PERSON}:{person_key}"


def parse_room(room: str) -> tuple[str, str]:
    """Split a conversation name into its kind and key, or say what a valid one looks like."""
    kind, _, key = room.partition(":")
    if kind not in (PERSON, TEAM) or not key:
        raise ValueError(f"'{room}' is not a conversation; use person:<key> or team:<key>")
    return kind, key
