"""Slack message metadata: which outbox row a message came from, and the prompt it asks.

chat.postMessage has no idempotency key, so every bot message carries its outbox id and
reconcile can find a message whose acknowledgement was lost. A prompt also carries its
encoded view, so the Update button can build the modal from the message it sits on.
"""

from __future__ import annotations

import json
from typing import Any

from cadence.view_codec import ViewCodecError, decode_view, encode_view
from cadence.views import CheckinPrompt, KpiReviewPrompt, Nudge, QuarterClose

EVENT_TYPE = "cadence_message"
# Slack documents no size limit for metadata; a prompt past this (about 50 measures) goes
# without its view, and its Update button asks for a text reply instead.
VIEW_CHARS = 16_000
# Every view whose message has a form button (Update, Grade) the modal is built from.
Prompt = CheckinPrompt | KpiReviewPrompt | Nudge | QuarterClose


def message_metadata(view: Any, *, outbox_id: int | None = None) -> dict[str, Any] | None:
    """Metadata for a message showing `view`; None when there is nothing worth tagging."""
    payload: dict[str, Any] = {}
    if outbox_id is not None:
        payload["outbox_id"] = outbox_id
    if isinstance(view, Prompt):
        encoded = json.dumps(encode_view(view), separators=(",", ":"))
        if len(encoded) <= VIEW_CHARS:
            payload["view"] = encoded
    return {"event_type": EVENT_TYPE, "event_payload": payload} if payload else None


def outbox_id_of(message: dict[str, Any]) -> int | None:
    """The outbox id a message was tagged with, if it is one of ours."""
    payload = _payload(message)
    value = payload.get("outbox_id") if payload else None
    return int(value) if isinstance(value, int | str) and str(value).isdigit() else None


def prompt_of(message: dict[str, Any]) -> Prompt | None:
    """The prompt view a message carries; None for any other message or a stale payload."""
    payload = _payload(message)
    raw = payload.get("view") if payload else None
    if not isinstance(raw, str):
        return None
    try:
        view = decode_view(json.loads(raw))
    except (ValueError, ViewCodecError):
        return None
    return view if isinstance(view, Prompt) else None


def _payload(message: dict[str, Any]) -> dict[str, Any] | None:
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != EVENT_TYPE:
        return None
    payload = metadata.get("event_payload")
    return payload if isinstance(payload, dict) else None
