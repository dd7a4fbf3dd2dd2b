"""Slack Block Kit: a document as a message's blocks plus its notification text."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from cadence.views import View
from messages import limits
from messages.document import Element, render_document
from messages.fit import fit
from messages.markup import plain, spans
from messages.slack_text import literal, mrkdwn, plain_text, text_object

Block = dict[str, Any]


def render_slack(view: View, env: Environment) -> dict[str, Any]:
    """A Slack message for a view: `blocks` within every limit, and `text` for notifications."""
    document = render_document(view, env)
    tried: list[tuple[list[Element], list[Block]]] = []

    def fits(elements: list[Element]) -> bool:
        tried.append((elements, blocks_for(elements)))
        return len(tried[-1][1]) <= limits.SLACK_MESSAGE_BLOCKS

    elements = fit(document, fits=fits, pack=True)
    # The version that fits was built while trying it (the whole document, usually).
    blocks = next((b for els, b in reversed(tried) if els is elements), None)
    return {
        "text": notification_text(elements),
        "blocks": blocks_for(elements) if blocks is None else blocks,
    }


def blocks_for(elements: list[Element]) -> list[Block]:
    """Blocks for flat elements; inputs are left out, since they live in the modal."""
    return [
        block
        for element in elements
        if not element["type"].startswith("input_")
        for block in _BUILDERS[element["type"]](element)
    ]


def notification_text(elements: list[Element]) -> str:
    """The message's words as inert mrkdwn, for notifications and screen readers."""
    lines = []
    for element in elements:
        if element["type"] in ("header", "title", "text", "context"):
            lines.append(_words(element["text"]))
        elif element["type"] == "fields":
            lines += [f"{_words(f['label'])}: {_words(f['value'])}" for f in element["items"]]
    return limits.clip("\n".join(lines), limits.SLACK_MESSAGE_TEXT)


def _words(markup: str) -> str:
    return "".join(
        f"<@{s.person.slack_id}>" if s.person and s.person.slack_id else literal(s.text)
        for s in spans(markup)
    )


def _header(element: Element) -> list[Block]:
    return [{"type": "header", "text": plain_text(element["text"], limit=limits.SLACK_HEADER_TEXT)}]


def _section(element: Element) -> list[Block]:
    """Sections of whole lines, each within the section text limit.

    A line's mrkdwn is at least as long as its share of the joined text, so summing lines
    measured alone never overfills a section, and costs one rendering per line."""
    chunks: list[list[str]] = []
    size = 0
    for line in element["text"].split("\n"):
        length = len(mrkdwn(line))
        if chunks and size + 1 + length <= limits.SLACK_SECTION_TEXT:
            chunks[-1].append(line)
            size += 1 + length
        else:
            chunks.append([line])
            size = length
    return [
        {"type": "section", "text": text_object("\n".join(c), limit=limits.SLACK_SECTION_TEXT)}
        for c in chunks
    ]


def _title(element: Element) -> list[Block]:
    return _section({"text": f"*{element['text']}*"})


def _context(element: Element) -> list[Block]:
    return [
        {
            "type": "context",
            "elements": [text_object(element["text"], limit=limits.SLACK_SECTION_TEXT)],
        }
    ]


def _fields(element: Element) -> list[Block]:
    items = element["items"]
    size = limits.SLACK_SECTION_FIELDS
    return [
        {
            "type": "section",
            "fields": [
                text_object(f"*{f['label']}*\n{f['value']}", limit=limits.SLACK_FIELD_TEXT)
                for f in items[start : start + size]
            ],
        }
        for start in range(0, len(items), size)
    ]


def _divider(element: Element) -> list[Block]:
    return [{"type": "divider"}]


def _image(element: Element) -> list[Block]:
    """A public URL, or a file uploaded to Slack (`file`: its id) that the bot can read."""
    source = (
        {"slack_file": {"id": element["file"]}}
        if element.get("file")
        else {"image_url": element["url"]}
    )
    return [
        {
            "type": "image",
            **source,
            "alt_text": limits.clip(plain(element["alt"]), limits.SLACK_FIELD_TEXT),
        }
    ]


def _actions(element: Element) -> list[Block]:
    buttons = []
    for action in element["items"]:
        button = {
            "type": "button",
            "text": plain_text(action["label"], limit=limits.SLACK_BUTTON_TEXT),
            "action_id": action["name"],
            "value": action["value"],
        }
        if action.get("style") in ("primary", "danger"):
            button["style"] = action["style"]
        buttons.append(button)
    return [{"type": "actions", "elements": buttons}]


_BUILDERS = {
    "header": _header,
    "title": _title,
    "text": _section,
    "context": _context,
    "fields": _fields,
    "divider": _divider,
    "image": _image,
    "actions": _actions,
}
