"""Plain text: the words of a message for local mode, logs and the CLI."""

from __future__ import annotations

import re

from jinja2 import Environment

from cadence.views import View
from messages.document import Element, render_document
from messages.fit import flatten
from messages.markup import spans


def render_text(view: View, env: Environment) -> str:
    """A view as plain text; nothing is left out, since plain text has no limits."""
    return text_for(flatten(render_document(view, env)))


def text_for(elements: list[Element]) -> str:
    """Flat elements as lines of text, paragraphs separated by blank lines."""
    parts: list[str] = []
    for element in elements:
        line = _line(element)
        if line is not None:
            parts.append(line)
    # A header's and a title's own blank lines never stack into two.
    return re.sub(r"\n{3,}", "\n\n", "\n".join(parts)).strip() + "\n"


def _line(element: Element) -> str | None:
    kind = element["type"]
    if kind == "header":
        return f"{plain(element['text'])}\n"
    if kind == "title":
        return f"\n{plain(element['text'])}"
    if kind in ("text", "context"):
        return plain(element["text"])
    if kind == "fields":
        return "\n".join(f"  {plain(f['label'])}: {plain(f['value'])}" for f in element["items"])
    if kind == "divider":
        return ""
    if kind == "image":
        return f"[{plain(element['alt'])}]"
    if kind == "actions":
        return "→ " + " · ".join(plain(a["label"]) for a in element["items"])
    return None


def plain(markup: str) -> str:
    """Markup's words for a terminal: a mention is the person's name alone, since in a
    terminal "@Maya Okafor" is chat formatting that mentions nobody."""
    return "".join(span.text for span in spans(markup))
