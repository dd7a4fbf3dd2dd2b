"""Platform limits every rendered message is held to, and checks for the ones SDKs skip.

Slack: https://api.slack.com/reference/block-kit/blocks and /surfaces/modals.
Teams: a bot message (card plus envelope) may not exceed about 28 KB.
"""

from __future__ import annotations

import json
from typing import Any

SLACK_MESSAGE_BLOCKS = 50
SLACK_MODAL_BLOCKS = 100
SLACK_SECTION_TEXT = 3000
SLACK_SECTION_FIELDS = 10
SLACK_FIELD_TEXT = 2000
SLACK_CONTEXT_ELEMENTS = 10
SLACK_CONTEXT_TEXT = 3000
SLACK_HEADER_TEXT = 150
SLACK_BUTTON_TEXT = 75
SLACK_ID = 255
SLACK_MODAL_TITLE = 24
SLACK_PRIVATE_METADATA = 3000
SLACK_MESSAGE_TEXT = 40_000
SLACK_INPUT_LABEL = 2000
SLACK_PLACEHOLDER = 150
TEAMS_CARD_BYTES = 28 * 1024
# Room left in the Teams budget for the activity envelope around the card.
TEAMS_ENVELOPE_BYTES = 1024


def clip(text: str, limit: int) -> str:
    """Text cut to `limit` characters, ending in an ellipsis when it was cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def payload_bytes(payload: Any) -> int:
    """The size of a payload as it goes over the wire (compact UTF-8 JSON)."""
    return len(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode())


def slack_message_problems(message: dict[str, Any]) -> list[str]:
    """Message-level Slack limits that slack_sdk's block models do not check."""
    problems = []
    blocks = message.get("blocks", [])
    if len(blocks) > SLACK_MESSAGE_BLOCKS:
        problems.append(f"{len(blocks)} blocks; a message holds {SLACK_MESSAGE_BLOCKS}")
    if len(message.get("text", "")) > SLACK_MESSAGE_TEXT:
        problems.append(f"text is {len(message['text'])} characters; limit {SLACK_MESSAGE_TEXT}")
    return problems + _block_ids(blocks) + _text_lengths(blocks)


def slack_modal_problems(view: dict[str, Any]) -> list[str]:
    """Modal limits that slack_sdk's View model does not check."""
    problems = []
    if len(view.get("blocks", [])) > SLACK_MODAL_BLOCKS:
        problems.append(f"{len(view['blocks'])} blocks; a modal holds {SLACK_MODAL_BLOCKS}")
    if len(view.get("private_metadata", "")) > SLACK_PRIVATE_METADATA:
        problems.append(f"private_metadata over {SLACK_PRIVATE_METADATA} characters")
    if len(view.get("title", {}).get("text", "")) > SLACK_MODAL_TITLE:
        problems.append(f"title over {SLACK_MODAL_TITLE} characters")
    return problems + _block_ids(view.get("blocks", [])) + _text_lengths(view.get("blocks", []))


def teams_card_problems(card: dict[str, Any]) -> list[str]:
    """Teams limits: the card must leave room for its envelope under 28 KB."""
    size = payload_bytes(card)
    if size > TEAMS_CARD_BYTES - TEAMS_ENVELOPE_BYTES:
        return [f"card is {size} bytes; Teams takes {TEAMS_CARD_BYTES} with the envelope"]
    return []


def _block_ids(blocks: list[dict[str, Any]]) -> list[str]:
    ids = [b["block_id"] for b in blocks if "block_id" in b]
    problems = [f"block_id {i[:20]!r}… over {SLACK_ID}" for i in ids if len(i) > SLACK_ID]
    if len(ids) != len(set(ids)):
        problems.append("block_ids repeat")
    for block in blocks:
        for element in [*block.get("elements", []), block.get("element", {})]:
            action_id = element.get("action_id", "") if isinstance(element, dict) else ""
            if len(action_id) > SLACK_ID:
                problems.append(f"action_id {action_id[:20]!r}… over {SLACK_ID}")
    return problems


def _text_lengths(blocks: list[dict[str, Any]]) -> list[str]:
    """Per-block text limits: section text and fields, context elements, headers."""
    problems = []
    for i, block in enumerate(blocks):
        kind = block.get("type")
        text = (block.get("text") or {}).get("text", "")
        if kind == "section" and len(text) > SLACK_SECTION_TEXT:
            problems.append(
                f"block {i}: section text is {len(text)} characters; limit {SLACK_SECTION_TEXT}"
            )
        if kind == "header" and len(text) > SLACK_HEADER_TEXT:
            problems.append(
                f"block {i}: header is {len(text)} characters; limit {SLACK_HEADER_TEXT}"
            )
        fields = block.get("fields", [])
        if len(fields) > SLACK_SECTION_FIELDS:
            problems.append(
                f"block {i}: {len(fields)} fields; a section holds {SLACK_SECTION_FIELDS}"
            )
        problems += [
            f"block {i}: field {j} is {len(f['text'])} characters; limit {SLACK_FIELD_TEXT}"
            for j, f in enumerate(fields)
            if len(f.get("text", "")) > SLACK_FIELD_TEXT
        ]
        if kind != "context":
            continue
        elements = block.get("elements", [])
        if len(elements) > SLACK_CONTEXT_ELEMENTS:
            problems.append(
                f"block {i}: {len(elements)} context elements; limit {SLACK_CONTEXT_ELEMENTS}"
            )
        problems += [
            f"block {i}: context element {j} is {len(e['text'])} characters; "
            f"limit {SLACK_CONTEXT_TEXT}"
            for j, e in enumerate(elements)
            if len(e.get("text", "")) > SLACK_CONTEXT_TEXT
        ]
    return problems
