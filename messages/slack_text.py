"""Neutral markup as Slack text objects: mrkdwn with typed text inert, or plain_text."""

from __future__ import annotations

import re
from typing import Any

from messages.limits import clip
from messages.markup import Span, plain, spans

_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Slack has no escape for its formatting marks; a zero-width space beside one stops it
# pairing with another, so a typed *word* or ~word~ shows as typed.
_FORMATTING = re.compile(r"[*_~`]")
_ZWSP = "\u200b"


def literal(text: str) -> str:
    """Typed text made inert in mrkdwn: no mention, link, entity or formatting."""
    for char, entity in _ENTITIES.items():  # "&" first, so no entity is escaped twice
        text = text.replace(char, entity)
    text = _FORMATTING.sub(lambda m: f"{_ZWSP}{m.group()}{_ZWSP}", text)
    return text.replace("://", f":{_ZWSP}//")


def mrkdwn(markup: str) -> str:
    """Neutral markup as Slack mrkdwn; mentions become <@U…> only from a person's Slack id."""
    return "".join(_span(s) for s in spans(markup))


def text_object(markup: str, *, limit: int) -> dict[str, Any]:
    """The safest Slack text object for markup: plain_text unless styling is needed."""
    parts = spans(markup)
    if all(not (s.bold or s.italic or s.person) for s in parts):
        return {"type": "plain_text", "text": clip(plain(markup), limit) or " ", "emoji": True}
    rendered = mrkdwn(markup)
    if len(rendered) > limit:
        return {"type": "plain_text", "text": clip(plain(markup), limit), "emoji": True}
    return {"type": "mrkdwn", "text": rendered, "verbatim": True}


def plain_text(markup: str, *, limit: int) -> dict[str, Any]:
    """A plain_text object for places Slack allows nothing else (headers, buttons, labels)."""
    return {"type": "plain_text", "text": clip(plain(markup), limit) or " ", "emoji": True}


def _span(span: Span) -> str:
    if span.person is not None:
        body = f"<@{span.person.slack_id}>" if span.person.slack_id else literal(span.text)
    else:
        body = literal(span.text)
    stripped = body.strip()
    if not stripped or not (span.bold or span.italic):
        return body
    lead = body[: len(body) - len(body.lstrip())]
    trail = body[len(body.rstrip()) :]
    if span.bold:
        stripped = f"*{stripped}*"
    if span.italic:
        stripped = f"_{stripped}_"
    return f"{lead}{stripped}{trail}"
