"""Teams activities to domain commands: one small pure function per thing a person can do.

A card's Action.Submit arrives as a message whose `value` holds the action's data
(`action`, `prompt`, from messages/teams.py) merged with the card's inputs: `value.<key>`,
`confidence.<key>`, `comment`, `blockers` on a check-in, `grade.<objective>` and `comment`
at quarter close. Everything else with text is a reply to the open
prompt or one of the `/metric` words; in a channel, where the bot only hears what mentions
it, all text is a command.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

from botbuilder.schema import Activity

from cadence.commands import (
    Actor,
    Command,
    ConfirmNoChange,
    MeasureInput,
    MetricCommand,
    SnoozePrompt,
    SubmitValues,
    TextMessage,
)
from cadence.updates import Confidence, Source

PLATFORM = "teams"
MAX_TEXT = 4000
# Words that are commands on their own, without the `metric` prefix.
_ALONE = {"mine", "silent", "health"}
_LEADING = {"help", "?", "update"}
_PREFIXES = {"metric", "/metric"}
_CONFIDENCES = {c.value for c in Confidence}
Answer = SubmitValues | ConfirmNoChange | SnoozePrompt


class TeamsInputError(ValueError):
    """An activity that cannot become a command: what was wrong and how to put it right."""

    def __init__(self, message: str, fix: str) -> None:
        super().__init__(message)
        self.message = message
        self.fix = fix


def actor_for(activity: Activity, *, email: str | None) -> Actor:
    """The verified sender under every id Teams gave: the AAD object id when there is one
    (else the Teams user id), the Teams user id beside it, and the roster email."""
    sender = activity.from_property
    ids = list(dict.fromkeys(i for i in (sender.aad_object_id, sender.id) if i))
    return Actor(
        platform=PLATFORM,
        user_id=ids[0],
        email=email.lower() if email else None,
        timezone=activity.local_timezone or None,
        aliases=tuple(ids[1:]),
    )


def idempotency_key(activity: Activity) -> str:
    """Teams re-sends an activity it got no answer for with the same id."""
    return f"{PLATFORM}:{activity.conversation.id}:{activity.id}"


def command_for(activity: Activity, *, email: str | None) -> Command:
    """The command a message activity asks for; TeamsInputError when it cannot be read."""
    actor = actor_for(activity, email=email)
    if isinstance(activity.value, Mapping):
        return card_command(
            activity.value,
            actor=actor,
            key=idempotency_key(activity),
            message_ref=activity.reply_to_id,
        )
    if activity.value is not None:
        raise TeamsInputError(
            "That card sent something I can't read.", "Use the buttons on the latest card."
        )
    return text_command(
        without_mentions(activity),
        actor=actor,
        key=idempotency_key(activity),
        in_channel=activity.conversation.conversation_type == "channel",
    )


def text_command(text: str, *, actor: Actor, key: str, in_channel: bool) -> Command:
    """Typed words: a `/metric` command, or a reply to the prompt waiting for this person."""
    text = text.strip()
    if not text:
        raise TeamsInputError("That message was empty.", 'Send "help" to see what I understand.')
    if len(text) > MAX_TEXT:
        raise TeamsInputError(
            f"That message is longer than {MAX_TEXT} characters.", "Send a shorter one."
        )
    words = text.split(maxsplit=1)
    head = words[0].lower()
    if head in _PREFIXES:
        rest = words[1] if len(words) > 1 else ""
        return MetricCommand(actor=actor, text=rest, source=Source.TEAMS_TEXT, idempotency_key=key)
    if in_channel or head in _LEADING or (head in _ALONE and len(words) == 1):
        return MetricCommand(actor=actor, text=text, source=Source.TEAMS_TEXT, idempotency_key=key)
    return TextMessage(actor=actor, text=text, source=Source.TEAMS_TEXT, idempotency_key=key)


def card_command(
    data: Mapping[str, Any], *, actor: Actor, key: str, message_ref: str | None = None
) -> Command:
    """An Action.Submit from a card: a check-in's Save, No change or Snooze, or a quarter
    close's Save grades or Snooze. `message_ref` is the card's activity (replyToId)."""
    action = data.get("action")
    translate = CARD_ACTIONS.get(action) if isinstance(action, str) else None
    if translate is None:
        raise TeamsInputError(
            "That button is not one I know.", "Use the buttons on the latest card I sent you."
        )
    prompt = data.get("prompt")
    if not isinstance(prompt, str) or not prompt:
        raise TeamsInputError(
            "That card does not say which check-in it answers.",
            "Use the buttons on the latest card I sent you.",
        )
    return replace(translate(data, actor, prompt, key), message_ref=message_ref)


def _save(data: Mapping[str, Any], actor: Actor, prompt: str, key: str) -> Answer:
    comment, blockers = _note(data, "comment"), _note(data, "blockers")
    inputs = []
    for field, raw in data.items():
        if not field.startswith("value."):
            continue
        measure = field.removeprefix("value.")
        text = _typed(raw, field=measure)
        if text:
            confidence = _confidence(data.get(f"confidence.{measure}"), measure=measure)
            inputs.append(MeasureInput(measure, text, confidence, comment, blockers))
    if not inputs:
        raise TeamsInputError(
            "Nothing was filled in, so nothing was saved.",
            'Type at least one value before Save, or press "No change".',
        )
    return SubmitValues(
        actor=actor,
        prompt_key=prompt,
        inputs=tuple(inputs),
        source=Source.TEAMS_CARD,
        idempotency_key=key,
    )


def _no_change(data: Mapping[str, Any], actor: Actor, prompt: str, key: str) -> Answer:
    return ConfirmNoChange(
        actor=actor, prompt_key=prompt, source=Source.TEAMS_CARD, idempotency_key=key
    )


def _grades(data: Mapping[str, Any], actor: Actor, prompt: str, key: str) -> Answer:
    # The service grades `grade.<objective>` inputs when the prompt is a quarter close.
    comment = _note(data, "comment")
    inputs = []
    for field, raw in data.items():
        if field.startswith("grade."):
            text = _typed(raw, field=field.removeprefix("grade."))
            if text:
                inputs.append(MeasureInput(field, text, comment=comment))
    if not inputs:
        raise TeamsInputError(
            "No grade was filled in, so nothing was saved.",
            "Give each objective a grade from 0 to 1 (0.7 is a success), then Save grades.",
        )
    return SubmitValues(
        actor=actor,
        prompt_key=prompt,
        inputs=tuple(inputs),
        source=Source.TEAMS_CARD,
        idempotency_key=key,
    )


def _snooze(data: Mapping[str, Any], actor: Actor, prompt: str, key: str) -> Answer:
    return SnoozePrompt(actor=actor, prompt_key=prompt, idempotency_key=key)


CARD_ACTIONS: dict[str, Callable[[Mapping[str, Any], Actor, str, str], Answer]] = {
    "checkin.update": _save,
    "checkin.no_change": _no_change,
    "checkin.snooze": _snooze,
    "quarter.save": _grades,
    "quarter.snooze": _snooze,
}


def without_mentions(activity: Activity) -> str:
    """The message text with the bot's own @mention taken out."""
    text = activity.text or ""
    bot_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        props = entity.additional_properties or {}
        if entity.type == "mention" and (props.get("mentioned") or {}).get("id") == bot_id:
            text = text.replace(props.get("text") or "", " ")
    return " ".join(text.split())


def _typed(raw: Any, *, field: str) -> str | None:
    if raw is None or isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return repr(raw) if isinstance(raw, float) else str(raw)
    if not isinstance(raw, str):
        raise TeamsInputError(f"The value for {field} is not a number.", "Type a number.")
    if len(raw) > MAX_TEXT:
        raise TeamsInputError(f"The value for {field} is too long.", "Type just the number.")
    return raw.strip() or None


def _confidence(raw: Any, *, measure: str) -> Confidence | None:
    if raw in (None, ""):
        return None
    if raw not in _CONFIDENCES:
        raise TeamsInputError(
            f'"{str(raw)[:40]}" is not a confidence for {measure}.',
            "Choose On track, At risk or Off track.",
        )
    return Confidence(raw)


def _note(data: Mapping[str, Any], field: str) -> str | None:
    raw = data.get(field)
    if raw is None:
        return None
    if not isinstance(raw, str) or len(raw) > MAX_TEXT:
        raise TeamsInputError(
            f"The {field} could not be read.", f"Keep it under {MAX_TEXT} characters."
        )
    return raw.strip() or None
