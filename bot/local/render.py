"""Bot messages as HTML for the local page, drawn from the same neutral document
(messages/document.py) that Slack blocks and Teams cards are made from.

Every value is escaped here: typed text can never become markup on the page. Inputs carry
the ids the templates give them (`value.<key>`, `confidence.<key>`, `grade.<key>`,
`comment`, `blockers`), so a submitted prompt reads like a Teams card submit.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from jinja2 import Environment

from cadence.views import View
from messages.document import Element, render_document
from messages.fit import flatten
from messages.markup import Span, plain, spans

_INPUTS = {"input_number", "input_choice", "input_text"}


def render_html(view: View, env: Environment) -> str:
    """A view as an HTML fragment; prompts become a form whose buttons name their action."""
    elements = flatten(render_document(view, env))
    body = "".join(_BUILDERS[e["type"]](e) for e in elements)
    if any(e["type"] in _INPUTS or e["type"] == "actions" for e in elements):
        return f'<form class="prompt" onsubmit="return false">{body}</form>'
    return body


def inline(markup: str) -> str:
    """Neutral markup as inline HTML: bold, italic and @mentions; everything else literal."""
    return "".join(_span(s) for s in spans(markup))


def _span(span: Span) -> str:
    text = escape(span.text)
    if span.person is not None:
        text = f'<span class="mention">@{text}</span>'
    if span.bold:
        text = f"<b>{text}</b>"
    if span.italic:
        text = f"<i>{text}</i>"
    return text


def _attr(value: Any) -> str:
    return escape(str(value), quote=True)


def _block(tag: str, css: str) -> Callable[[Element], str]:
    return lambda e: f'<{tag} class="{css}">{inline(e["text"])}</{tag}>'


def _fields(element: Element) -> str:
    rows = "".join(
        f"<dt>{escape(plain(f['label']))}</dt><dd>{inline(f['value'])}</dd>"
        for f in element["items"]
    )
    return f'<dl class="fields">{rows}</dl>'


def _image(element: Element) -> str:
    return f'<img class="chart" src="{_attr(element["url"])}" alt="{_attr(plain(element["alt"]))}">'


def _label(element: Element, control: str) -> str:
    return f'<label class="field"><span>{escape(plain(element["label"]))}</span>{control}</label>'


def _number(element: Element) -> str:
    placeholder = element.get("placeholder")
    extra = f' placeholder="{_attr(plain(placeholder))}"' if placeholder else ""
    control = f'<input name="{_attr(element["id"])}" inputmode="decimal" autocomplete="off"{extra}>'
    return _label(element, control)


def _choice(element: Element) -> str:
    chosen = element.get("value")
    options = ['<option value="">—</option>'] + [
        f'<option value="{_attr(c["value"])}"{" selected" if c["value"] == chosen else ""}>'
        f"{escape(plain(c['label']))}</option>"
        for c in element["choices"]
    ]
    return _label(element, f'<select name="{_attr(element["id"])}">{"".join(options)}</select>')


def _text_input(element: Element) -> str:
    name = _attr(element["id"])
    if element.get("multiline"):
        return _label(element, f'<textarea name="{name}" rows="2"></textarea>')
    return _label(element, f'<input name="{name}" autocomplete="off">')


def _actions(element: Element) -> str:
    buttons = []
    for action in element["items"]:
        # Inputs sit in the message itself, as on a Teams card, so the form's own button
        # shows its form label ("Save") and is the only one that sends what was typed.
        form = bool(action.get("form_label"))
        label = plain(action.get("form_label") or action["label"])
        css = " primary" if action.get("style") == "primary" else ""
        buttons.append(
            f'<button type="button" class="act{css}" data-action="{_attr(action["name"])}" '
            f'data-prompt="{_attr(action["value"])}" data-form="{"yes" if form else "no"}">'
            f"{escape(label)}</button>"
        )
    return f'<div class="actions">{"".join(buttons)}</div>'


_BUILDERS: dict[str, Callable[[Element], str]] = {
    "header": _block("h3", "header"),
    "title": _block("p", "title"),
    "text": _block("p", "text"),
    "context": _block("p", "context"),
    "fields": _fields,
    "divider": lambda _e: "<hr>",
    "image": _image,
    "input_number": _number,
    "input_choice": _choice,
    "input_text": _text_input,
    "actions": _actions,
}
