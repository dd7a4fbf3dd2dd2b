"""The Slack check-in modal, built from the same document as the message, and read back.

A quarter close uses the same modal: its grade inputs (`grade.<objective>`) come back as
MeasureInputs under that key, which the command service reads as grades.
"""

from __future__ import annotations

import json
from typing import Any

from jinja2 import Environment

from cadence.commands import MeasureInput
from cadence.updates import Confidence
from cadence.views import CheckinPrompt, KpiReviewPrompt, Nudge, QuarterClose
from messages import limits
from messages.document import Element, render_document
from messages.fit import fit
from messages.slack import blocks_for
from messages.slack_text import plain_text

CALLBACK_ID = "checkin.modal"
Prompt = CheckinPrompt | KpiReviewPrompt | Nudge | QuarterClose
TITLES = {CheckinPrompt: "Check-in", KpiReviewPrompt: "KPI review", Nudge: "Still open"}


class ModalError(ValueError):
    """A modal submission that does not have the shape this module builds."""


def checkin_modal(view: Prompt, env: Environment) -> dict[str, Any]:
    """A modal asking for each due measure's value (and a KR's confidence), comment, blockers;
    at quarter close, a grade per objective and what was learned."""
    document = [e for e in render_document(view, env) if e["type"] not in ("header", "actions")]
    elements = fit(document, fits=lambda els: not limits.slack_modal_problems(_modal(view, els)))
    return _modal(view, elements)


def _modal(view: Prompt, elements: list[Element]) -> dict[str, Any]:
    blocks: list[dict[str, Any]] = []
    shown: list[str] = []
    for element in elements:
        kind = element["type"]
        if kind == "input_number":
            shown.append(element["id"].removeprefix("value."))
            blocks.append(_value_input(element, index=len(shown) - 1))
        elif kind == "input_choice":
            blocks.append(_confidence_input(element, index=len(shown) - 1))
        elif kind == "input_text":
            blocks.append(_text_input(element))
        else:
            blocks.extend(blocks_for([element]))
    title = TITLES.get(type(view), "Quarter close")
    metadata = json.dumps({"prompt": view.prompt_key, "measures": shown}, separators=(",", ":"))
    return {
        "type": "modal",
        "callback_id": CALLBACK_ID,
        "title": plain_text(title, limit=limits.SLACK_MODAL_TITLE),
        "submit": plain_text("Save", limit=limits.SLACK_MODAL_TITLE),
        "close": plain_text("Cancel", limit=limits.SLACK_MODAL_TITLE),
        "private_metadata": metadata,
        "blocks": blocks,
    }


def _label(element: Element) -> dict[str, Any]:
    return plain_text(element["label"], limit=limits.SLACK_INPUT_LABEL)


def _value_input(element: Element, *, index: int) -> dict[str, Any]:
    field: dict[str, Any] = {"type": "plain_text_input", "action_id": "value"}
    if element.get("placeholder"):
        field["placeholder"] = plain_text(element["placeholder"], limit=limits.SLACK_PLACEHOLDER)
    return {
        "type": "input",
        "block_id": f"value.{index}",
        "optional": True,
        "label": _label(element),
        "element": field,
    }


def _confidence_input(element: Element, *, index: int) -> dict[str, Any]:
    options = [
        {"text": plain_text(c["label"], limit=75), "value": c["value"]} for c in element["choices"]
    ]
    field: dict[str, Any] = {"type": "static_select", "action_id": "confidence", "options": options}
    initial = next((o for o in options if o["value"] == element.get("value")), None)
    if initial is not None:
        field["initial_option"] = initial
    return {
        "type": "input",
        "block_id": f"confidence.{index}",
        "optional": True,
        "label": _label(element),
        "element": field,
    }


def _text_input(element: Element) -> dict[str, Any]:
    return {
        "type": "input",
        "block_id": element["id"],
        "optional": True,
        "label": _label(element),
        "element": {
            "type": "plain_text_input",
            "action_id": element["id"],
            "multiline": bool(element.get("multiline")),
        },
    }


def read_modal(view: dict[str, Any]) -> tuple[str, tuple[MeasureInput, ...]]:
    """The prompt key and one MeasureInput per measure the owner filled in, from view_submission.

    The comment and blockers are written once per check-in, so they go with every answer.
    """
    try:
        meta = json.loads(view["private_metadata"])
        values = view["state"]["values"]
        prompt, keys = meta["prompt"], meta["measures"]
    except (KeyError, TypeError, ValueError) as error:
        raise ModalError(f"not a {CALLBACK_ID} submission: missing {error}") from None
    comment = _typed(values, "comment")
    blockers = _typed(values, "blockers")
    answers = []
    for index, key in enumerate(keys):
        text = (values.get(f"value.{index}", {}).get("value", {}) or {}).get("value")
        selected = (values.get(f"confidence.{index}", {}).get("confidence", {}) or {}).get(
            "selected_option"
        )
        confidence = Confidence(selected["value"]) if selected else None
        if text and text.strip():
            answers.append(MeasureInput(key, text.strip(), confidence, comment, blockers))
    return prompt, tuple(answers)


def _typed(values: dict[str, Any], name: str) -> str | None:
    text = (values.get(name, {}).get(name, {}) or {}).get("value")
    return text.strip() or None if text else None
