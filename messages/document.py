"""The neutral document a template produces, which every renderer maps to its surface.

A document is a list of elements, each a dict with a `type`: header, title (a bold line),
text, context, fields, divider, image, input_number, input_choice, input_text, actions, and
group. A group
holds repeated items (one per measure, per silent owner, …) that a renderer may shorten to
fit its surface's limits, saying how many it left out.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from jinja2 import Environment

from cadence.views import View

Element = dict[str, Any]
# libyaml's safe loader when present: a 500-item digest parses ten times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_SIMPLE = {"header", "title", "text", "context"}
_MAPPED = {"image", "input_number", "input_choice", "input_text", "group"}
_LISTED = {"fields", "actions"}


class DocumentError(ValueError):
    """A template produced something that is not a valid document; names the element."""


def template_name(view: View) -> str:
    """The template for a view kind: CheckinPrompt -> checkin_prompt.yaml.j2."""
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", type(view).__name__).lower()
    return f"{snake}.yaml.j2"


def render_document(view: View, env: Environment) -> list[Element]:
    """Render a view's template and read it into a checked list of elements."""
    name = template_name(view)
    source = env.get_template(name).render(v=view)
    return normalise(yaml.load(source, Loader=_LOADER) or [], where=name)


def normalise(raw: Any, *, where: str) -> list[Element]:
    """Elements in their one canonical shape, or a DocumentError naming the bad one."""
    if not isinstance(raw, list):
        raise DocumentError(f"{where}: a document is a list of elements")
    return [_element(item, where=f"{where}[{i}]") for i, item in enumerate(raw)]


def _element(item: Any, *, where: str) -> Element:
    if item in ("divider", {"divider": True}):
        return {"type": "divider"}
    if not isinstance(item, dict) or len(item) != 1:
        raise DocumentError(f"{where}: an element is one `kind: content` pair, got {item!r}")
    ((kind, body),) = item.items()
    if kind in _SIMPLE and isinstance(body, str):
        return {"type": kind, "text": body}
    if kind in _LISTED and isinstance(body, list):
        return {"type": kind, "items": body}
    if kind in _MAPPED and isinstance(body, dict):
        if kind == "group":
            return _group(body, where=where)
        return {"type": kind, **body}
    raise DocumentError(f"{where}: `{kind}` with {type(body).__name__} content is not an element")


def _group(body: dict[str, Any], *, where: str) -> Element:
    noun = body.get("noun")
    if not (isinstance(noun, list) and len(noun) == 2):
        raise DocumentError(f"{where}: a group needs `noun: [singular, plural]`")
    items = [
        normalise(item, where=f"{where}.items[{i}]") for i, item in enumerate(body["items"] or [])
    ]
    return {"type": "group", "noun": noun, "hint": body.get("hint", ""), "items": items}
