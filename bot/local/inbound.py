"""Page requests to domain commands: one small pure function per thing a person can do.

The page posts what a Teams card would submit: the button's `action` and `prompt`, the
form's fields by the ids the templates gave them, and the id of the `message` the button
is on (the message the answer edits). Typed text is `/metric …` (the
slash command) or a message to the bot. Every request carries a `client_id` the page
made for that click, so a resent request is recognised.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from cadence.commands import (
    Actor,
    ConfirmNoChange,
    MeasureInput,
    MetricCommand,
    SnoozePrompt,
    SubmitValues,
    TextMessage,
)
from cadence.updates import Confidence, Source

PLATFORM = "local"
MAX_TEXT = 4000
_CONFIDENCES = {c.value for c in Confidence}
# What a prompt's button makes: an answer to the prompt the message it is on carries.
Answer = SubmitValues | ConfirmNoChange | SnoozePrompt
# What any page request makes: each carries the request's client id as its idempotency key.
PageCommand = Answer | MetricCommand | TextMessage


class LocalInputError(ValueError):
    """A page request that cannot become a command; the message names the field."""


def actor_for(person_key: str) -> Actor:
    """The actor a local request acts as: the person whose workspace page sent it."""
    return Actor(platform=PLATFORM, user_id=person_key)


def request_key(person_key: str, body: Mapping[str, Any]) -> str:
    """The idempotency key of one page request, from the id the page gave that click."""
    client_id = body.get("client_id")
    if not isinstance(client_id, str) or not 0 < len(client_id) <= 100:
        raise LocalInputError("client_id: every request needs an id of 1-100 characters")
    return f"{PLATFORM}:{person_key}:{client_id}"


def text_command(person_key: str, body: Mapping[str, Any]) -> MetricCommand | TextMessage:
    """Typed text: `/metric …` is the slash command, anything else a message to the bot."""
    text = _text(body, "text", required=True) or ""
    key = request_key(person_key, body)
    words = text.split(maxsplit=1)
    if words[0].lower() == "/metric":
        rest = words[1] if len(words) > 1 else ""
        return MetricCommand(actor_for(person_key), rest, Source.LOCAL, key)
    return TextMessage(actor_for(person_key), text, Source.LOCAL, key)


def action_command(person_key: str, body: Mapping[str, Any]) -> Answer:
    """A prompt's button: Save, No change, Snooze, or Save grades at quarter close."""
    action = body.get("action")
    translate = ACTIONS.get(action) if isinstance(action, str) else None
    if translate is None:
        raise LocalInputError(f"action: '{str(action)[:40]}' is not a button of a prompt")
    prompt = body.get("prompt")
    if not isinstance(prompt, str) or not 0 < len(prompt) <= 300:
        raise LocalInputError("prompt: the button does not say which prompt it answers")
    command = translate(person_key, prompt, body, request_key(person_key, body))
    return replace(command, message_ref=_message_ref(body.get("message")))


def _message_ref(raw: Any) -> str | None:
    """The id of the message the button is on, as the outbox recorded it."""
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | str) or not str(raw).isdigit():
        raise LocalInputError(f"message: '{str(raw)[:40]}' is not a message id")
    return str(int(raw))


def _save(person_key: str, prompt: str, body: Mapping[str, Any], key: str) -> Answer:
    comment, blockers = _text(body, "comment"), _text(body, "blockers")
    inputs = []
    for field in body:
        if not field.startswith("value."):
            continue
        measure = field.removeprefix("value.")
        text = _text(body, field)
        if text:
            confidence = _confidence(body.get(f"confidence.{measure}"), measure)
            inputs.append(MeasureInput(measure, text, confidence, comment, blockers))
    if not inputs:
        raise LocalInputError("value: nothing was filled in; type a value or press No change")
    return SubmitValues(actor_for(person_key), prompt, tuple(inputs), Source.LOCAL, key)


def _grades(person_key: str, prompt: str, body: Mapping[str, Any], key: str) -> Answer:
    comment = _text(body, "comment")
    inputs = tuple(
        MeasureInput(field, _text(body, field) or "", comment=comment)
        for field in body
        if field.startswith("grade.")
    )
    if not inputs:
        raise LocalInputError("grade: the form sent no objectives")
    return SubmitValues(actor_for(person_key), prompt, inputs, Source.LOCAL, key)


def _no_change(person_key: str, prompt: str, body: Mapping[str, Any], key: str) -> Answer:
    return ConfirmNoChange(actor_for(person_key), prompt, Source.LOCAL, key)


def _snooze(person_key: str, prompt: str, body: Mapping[str, Any], key: str) -> Answer:
    return SnoozePrompt(actor_for(person_key), prompt, key)


ACTIONS: dict[str, Callable[[str, str, Mapping[str, Any], str], Answer]] = {
    "checkin.update": _save,
    "checkin.no_change": _no_change,
    "checkin.snooze": _snooze,
    "quarter.save": _grades,
    "quarter.snooze": _snooze,
}


def _confidence(raw: Any, measure: str) -> Confidence | None:
    if raw in (None, ""):
        return None
    if raw not in _CONFIDENCES:
        raise LocalInputError(f"confidence.{measure}: '{str(raw)[:40]}' is not a confidence")
    return Confidence(raw)


def _text(body: Mapping[str, Any], field: str, *, required: bool = False) -> str | None:
    value = body.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise LocalInputError(f"{field}: this cannot be empty")
        return None
    if not isinstance(value, str):
        raise LocalInputError(f"{field}: expected text")
    if len(value) > MAX_TEXT:
        raise LocalInputError(f"{field}: longer than {MAX_TEXT} characters")
    return value.strip()
