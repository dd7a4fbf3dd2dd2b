"""The neutral inline markup templates write, and how user text is kept inert inside it.

Templates mark `*bold*` and `_italic_`; every value a template prints is escaped first, so
text a person typed can never become markup, a mention or a link on any surface. Mentions
exist only as tokens made from a PersonRef, which each renderer turns into its own form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cadence.views import PersonRef

_OPEN, _SEP, _CLOSE = "\ue000", "\ue001", "\ue002"
_MARKUP = re.compile(r"([\\*_])")
# Control characters, lone surrogates and our private token marks never reach a message.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ue000-\ue002\ufffe\uffff]")


class Raw(str):
    """Template output that is already markup (a mention token, a JSON literal)."""


def sanitize(text: str) -> str:
    """User text with characters no message may carry removed."""
    return _UNSAFE.sub("", text)


def escape(text: str) -> str:
    """User text made literal inside neutral markup."""
    return _MARKUP.sub(r"\\\1", sanitize(text))


def mention_token(person: PersonRef) -> Raw:
    """The only way a mention enters a message: built from a person's platform ids."""
    fields = (sanitize(person.name), person.slack_id or "", person.teams_id or "")
    return Raw(_OPEN + _SEP.join(sanitize(f) for f in fields) + _CLOSE)


@dataclass(frozen=True, slots=True)
class Span:
    """A run of literal text with its style, or a mention of a person."""

    text: str
    bold: bool = False
    italic: bool = False
    person: PersonRef | None = None


# One token of neutral markup: an escaped character, a style mark, a whole mention token,
# or a run of plain text (a lone backslash or token mark is plain text too).
_TOKEN = re.compile(
    rf"\\(.)|([*_])|{_OPEN}([^{_CLOSE}]*){_CLOSE}|([^\\*_{_OPEN}]+|[\\{_OPEN}])", re.S
)
_STYLED = re.compile(rf"[\\*_{_OPEN}]")
_ESCAPED, _MARK, _MENTION = 1, 2, 3


def spans(markup: str) -> list[Span]:
    """Neutral markup read into styled runs of text and mentions."""
    if not _STYLED.search(markup):
        return [Span(markup)] if markup else []
    out: list[Span] = []
    buf: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buf:
            out.append(Span("".join(buf), bold=bold, italic=italic))
            buf.clear()

    for token in _TOKEN.finditer(markup):
        kind, value = token.lastindex, token.group(token.lastindex or 0)
        if kind == _MARK:
            flush()
            if value == "*":
                bold = not bold
            else:
                italic = not italic
        elif kind == _MENTION:
            flush()
            name, slack_id, teams_id = ([*value.split(_SEP), "", ""])[:3]
            person = PersonRef(
                key=name, name=name, slack_id=slack_id or None, teams_id=teams_id or None
            )
            out.append(Span(name, bold=bold, italic=italic, person=person))
        else:
            buf.append(value)
    flush()
    return out


def plain(markup: str) -> str:
    """The words of neutral markup with no styling; mentions as @Name."""
    return "".join(f"@{s.text}" if s.person else s.text for s in spans(markup))
