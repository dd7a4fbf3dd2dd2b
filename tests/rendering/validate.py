"""Validators every rendered payload in these tests goes through."""

from __future__ import annotations

import copy

import jsonschema
from slack_sdk.models.blocks import Block
from slack_sdk.models.views import View

from messages import limits


def slack_blocks(blocks: list[dict]) -> None:
    """Every block parses into slack_sdk's models and survives their own validation."""
    for block in blocks:
        model = Block.parse(block)
        assert model is not None, f"slack_sdk does not know block {block}"
        assert model.to_dict()["type"] == block["type"]


def slack_message(message: dict) -> None:
    """A chat.postMessage body within every Slack limit."""
    assert isinstance(message["text"], str) and message["text"]
    slack_blocks(message["blocks"])
    assert limits.slack_message_problems(message) == []


def slack_modal(view: dict) -> None:
    """A views.open body within every Slack modal limit."""
    View(**copy.deepcopy(view)).to_dict()
    slack_blocks(view["blocks"])
    assert limits.slack_modal_problems(view) == []


# The Teams extensions to Adaptive Cards that Teams documents, and nothing else: the official
# 1.5 schema has no `msteams` property, so this is the whole of what a card may add to it.
TEAMS_EXTENSIONS = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "width": {"const": "Full"},
        "entities": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["type", "text", "mentioned"],
                "properties": {
                    "type": {"const": "mention"},
                    "text": {"type": "string", "pattern": "^<at>[^<>]+</at>$"},
                    "mentioned": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["id", "name"],
                        "properties": {
                            "id": {"type": "string", "minLength": 1},
                            "name": {"type": "string", "minLength": 1},
                        },
                    },
                },
            },
        },
    },
}


def teams_card(card: dict, schema: dict) -> None:
    """Valid Adaptive Card 1.5 plus exactly the documented Teams extensions (full width,
    mention entities each naming text the card shows), within the Teams size limit."""
    stripped = copy.deepcopy(card)
    msteams = stripped.pop("msteams", {})
    jsonschema.validate(msteams, TEAMS_EXTENSIONS)
    jsonschema.validate(stripped, schema)
    shown = "\n".join(_texts(stripped.get("body", [])))
    for entity in msteams.get("entities", []):
        assert entity["text"] in shown, f"mention {entity['text']} appears nowhere in the card"
    assert limits.teams_card_problems(card) == []


def _texts(node: object) -> list[str]:
    """Every text the card shows where Teams renders a mention: TextBlock text and a
    fact's title and value, at any depth."""
    if isinstance(node, list):
        return [text for item in node for text in _texts(item)]
    if not isinstance(node, dict):
        return []
    found = [node["text"]] if isinstance(node.get("text"), str) else []
    for fact in node.get("facts") or []:
        found += [fact[key] for key in ("title", "value") if isinstance(fact.get(key), str)]
    return found + [text for key, value in node.items() if key != "text" for text in _texts(value)]
