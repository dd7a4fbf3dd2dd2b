"""Microsoft Teams: a document as an Adaptive Card 1.5 with real mentions, under 28 KB."""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment

from cadence.views import View
from messages import limits
from messages.document import Element, render_document
from messages.fit import fit
from messages.markup import Span, plain, spans

CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
# TextBlock markdown is CommonMark's emphasis, links and lists. Anywhere in a line, these
# marks are read as markup (and `<`, `>` as a mention tag), so they get a backslash; a
# backslash before anything else, a digit say, shows literally.
_MARKDOWN = re.compile(r"([\\*_\[\]`<>])")
# Only at the start of a line: a list item ("- a", "+ a", "1. a", "2) a") or a heading.
_LINE_START = re.compile(r"^(\s*)(?:([-+#])|(\d{1,9})([.)]))(?=\s|$)")
_STYLES = {"primary": "positive", "danger": "destructive"}


def render_teams(view: View, env: Environment) -> dict[str, Any]:
    """An Adaptive Card for a view; mentions listed in `msteams.entities` beside the text."""
    document = render_document(view, env)
    elements = fit(document, fits=lambda els: not limits.teams_card_problems(card_for(els)))
    return card_for(elements)


def card_for(elements: list[Element]) -> dict[str, Any]:
    """The card for flat elements."""
    entities: dict[str, dict[str, Any]] = {}
    body: list[dict[str, Any]] = []
    separate = False
    for element in elements:
        if element["type"] == "divider":
            separate = bool(body)
            continue
        item = _BUILDERS[element["type"]](element, entities)
        if separate:
            item["separator"] = True
            separate = False
        body.append(item)
    msteams: dict[str, Any] = {"width": "Full"}
    if entities:
        msteams["entities"] = list(entities.values())
    return {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": "1.5",
        "body": body,
        "msteams": msteams,
    }


def literal(text: str, *, line_start: bool = True) -> str:
    """Typed text made inert in the TextBlock markdown subset: no markup, link or mention.

    `line_start` says whether the text begins a line (not the middle of one after a
    styled run), where a list marker would be read."""
    lines = _MARKDOWN.sub(r"\\\1", text).split("\n")
    text = "\n".join(
        _LINE_START.sub(_inert_marker, line) if line_start or i else line
        for i, line in enumerate(lines)
    )
    # Teams reads {{DATE(…)}} and {{TIME(…)}} inside card text as functions.
    return text.replace("{{", "{\u200b{")


def _inert_marker(match: re.Match[str]) -> str:
    indent, mark, number, dot = match.groups()
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def markdown(markup: str, entities: dict[str, dict[str, Any]]) -> str:
    """Neutral markup as card markdown, adding an entity for each mention it makes."""
    out: list[str] = []
    line_start = True
    for span in spans(markup):
        piece = _span(span, entities, line_start=line_start)
        out.append(piece)
        line_start = piece.endswith("\n") if piece else line_start
    return "".join(out)


def _span(span: Span, entities: dict[str, dict[str, Any]], *, line_start: bool) -> str:
    person = span.person
    if person is not None and person.teams_id:
        name = re.sub(r"[<>]", "", person.name)
        tag = f"<at>{name}</at>"
        entities.setdefault(
            person.teams_id,
            {"type": "mention", "text": tag, "mentioned": {"id": person.teams_id, "name": name}},
        )
        body = tag
    else:
        body = literal(span.text, line_start=line_start)
    core = body.strip()
    if not core or not (span.bold or span.italic):
        return body
    lead, trail = body[: len(body) - len(body.lstrip())], body[len(body.rstrip()) :]
    if span.bold:
        core = f"**{core}**"
    if span.italic:
        core = f"_{core}_"
    return f"{lead}{core}{trail}"


def _text(element: Element, entities: dict[str, Any], **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": markdown(element["text"], entities), "wrap": True, **style}


def _header(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    return _text(element, entities, size="Large", weight="Bolder", style="heading")


def _title(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    return _text(element, entities, weight="Bolder")


def _context(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    return _text(element, entities, size="Small", isSubtle=True)


def _fields(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    facts = [
        {"title": plain(f["label"]), "value": markdown(f["value"], entities)}
        for f in element["items"]
    ]
    return {"type": "FactSet", "facts": facts}


def _image(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Image", "url": element["url"], "altText": plain(element["alt"])}


def _number(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    item = {"type": "Input.Number", "id": element["id"], "label": plain(element["label"])}
    for bound in ("min", "max"):
        if element["bounds"].get(bound) is not None:
            item[bound] = element["bounds"][bound]
    # A number field takes digits only, so it shows the last value as digits too.
    placeholder = element.get("number_placeholder") or element.get("placeholder")
    if placeholder:
        item["placeholder"] = plain(placeholder)
    return item


def _choice(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    item = {
        "type": "Input.ChoiceSet",
        "id": element["id"],
        "label": plain(element["label"]),
        "style": "compact",
        "choices": [{"title": plain(c["label"]), "value": c["value"]} for c in element["choices"]],
    }
    if element.get("value"):
        item["value"] = element["value"]
    return item


def _text_input(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    item = {
        "type": "Input.Text",
        "id": element["id"],
        "label": plain(element["label"]),
        "isMultiline": bool(element.get("multiline")),
    }
    if element.get("placeholder"):
        item["placeholder"] = plain(element["placeholder"])
    return item


def _actions(element: Element, entities: dict[str, Any]) -> dict[str, Any]:
    actions = []
    for action in element["items"]:
        submit = {
            "type": "Action.Submit",
            "title": plain(action.get("form_label") or action["label"]),
            "data": {"action": action["name"], "prompt": action["value"]},
        }
        if not action.get("form_label"):
            # Only the form's own button sends what was typed; the others must not be
            # held back by an input the owner left half-filled.
            submit["associatedInputs"] = "none"
        if action.get("style") in _STYLES:
            submit["style"] = _STYLES[action["style"]]
        actions.append(submit)
    return {"type": "ActionSet", "actions": actions}


_BUILDERS = {
    "header": _header,
    "title": _title,
    "text": _text,
    "context": _context,
    "fields": _fields,
    "image": _image,
    "input_number": _number,
    "input_choice": _choice,
    "input_text": _text_input,
    "actions": _actions,
}
