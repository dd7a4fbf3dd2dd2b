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


def teams_card(card: dict, schema: dict) -> None:
    """The card is valid Adaptive Card 1.5 once the documented Teams extensions are set aside."""
    stripped = copy.deepcopy(card)
    msteams = stripped.pop("msteams", {})
    assert set(msteams) <= {"width", "entities"}, f"undocumented msteams keys {set(msteams)}"
    for entity in msteams.get("entities", []):
        assert entity["type"] == "mention" and entity["mentioned"]["id"]
    jsonschema.validate(stripped, schema)
    assert limits.teams_card_problems(card) == []
