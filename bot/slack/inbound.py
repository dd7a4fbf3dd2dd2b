"""Slack payloads to domain commands: one small pure function per thing a person can do.

Every idempotency key comes from Slack's own identity for the interaction, so a retried
event, a double click or a replayed request maps to the key the service already has.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from cadence.commands import (
    Actor,
    ConfirmNoChange,
    MetricCommand,
    SnoozePrompt,
    SubmitValues,
    TextMessage,
)
from cadence.updates import Source
from messages.slack_modal import read_modal

UPDATE, NO_CHANGE, SNOOZE = "checkin.update", "checkin.no_change", "checkin.snooze"
# Quarter close: Grade opens the same modal as Update; its snooze is the check-in's.
GRADE, GRADE_SNOOZE = "quarter.save", "quarter.snooze"


def slash_command(body: dict[str, Any], actor: Actor) -> MetricCommand:
    """`/metric …`: Slack never retries a slash command, and its trigger_id is unique."""
    return MetricCommand(
        actor=actor,
        text=(body.get("text") or "").strip(),
        source=Source.SLACK_COMMAND,
        idempotency_key=f"slack:command:{body['trigger_id']}",
    )


def button_key(body: dict[str, Any]) -> str:
    """One answer per button per prompt message per user: a double click is the same key."""
    action = body["actions"][0]
    container = body.get("container", {})
    return ":".join(
        (
            "slack:action",
            action["action_id"],
            container.get("channel_id", ""),
            container.get("message_ts", ""),
            body["user"]["id"],
        )
    )


def prompt_button(body: dict[str, Any], actor: Actor) -> ConfirmNoChange | SnoozePrompt:
    """The No change or a Snooze button of a prompt; its value is the prompt key."""
    action = body["actions"][0]
    prompt_key = action["value"]
    message_ts = body.get("container", {}).get("message_ts")
    if action["action_id"] == NO_CHANGE:
        return ConfirmNoChange(
            actor=actor,
            prompt_key=prompt_key,
            source=Source.SLACK_BUTTON,
            idempotency_key=button_key(body),
            message_ref=message_ts,
        )
    return SnoozePrompt(
        actor=actor, prompt_key=prompt_key, idempotency_key=button_key(body), message_ref=message_ts
    )


def view_key(view: dict[str, Any]) -> str:
    """The modal and what was typed: a double submit repeats it, a corrected form does not."""
    typed = json.dumps(view.get("state", {}).get("values", {}), sort_keys=True)
    digest = hashlib.sha256(typed.encode()).hexdigest()[:24]
    return f"slack:view:{view['id']}:{digest}"


def modal_submission(view: dict[str, Any], actor: Actor) -> SubmitValues:
    """A check-in modal's values; raises messages.slack_modal.ModalError for a foreign view.
    The message it was opened from is in its metadata when it fitted (bot.slack.forms)."""
    prompt_key, inputs = read_modal(view)
    return SubmitValues(
        actor=actor,
        prompt_key=prompt_key,
        inputs=inputs,
        source=Source.SLACK_MODAL,
        idempotency_key=view_key(view),
        message_ref=json.loads(view["private_metadata"]).get("ts"),
    )


def is_person_dm(event: dict[str, Any]) -> bool:
    """A new message a person typed to the bot: not an edit, a bot post or a join notice."""
    return (
        event.get("channel_type") == "im"
        and "subtype" not in event
        and "bot_id" not in event
        and bool(event.get("user"))
        and bool((event.get("text") or "").strip())
    )


def dm_text(
    event: dict[str, Any], *, event_id: str, actor: Actor, prompt_key: str | None
) -> TextMessage:
    """A DM to the bot; Slack resends a missed event with the same event_id."""
    return TextMessage(
        actor=actor,
        text=event["text"].strip(),
        source=Source.SLACK_TEXT,
        idempotency_key=f"slack:event:{event_id}",
        prompt_key=prompt_key,
    )
