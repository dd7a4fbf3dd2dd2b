"""Commands: what a person asked the bot to do, already translated out of a chat payload.

Adapters build these from verified platform payloads; the command service executes them.
The actor is always the platform's verified user, never a field a client could forge.

`message_ref` is the platform's id of the message a button or form was on (a local
message id, a Slack message ts, a Teams activity id), so the answer edits that message.
"""

from __future__ import annotations

from dataclasses import dataclass

from cadence.updates import Confidence, Source


@dataclass(frozen=True, slots=True)
class Actor:
    """A verified chat user: the platform and its user id (Slack U…, Teams AAD id, local key),
    any other ids the platform gave for the same user (Teams: the 29: user id), and the
    email and timezone it reported."""

    platform: str
    user_id: str
    email: str | None = None
    timezone: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureInput:
    """One measure's answer as typed into a form: raw text, parsed by the service."""

    measure_key: str
    text: str
    confidence: Confidence | None = None
    comment: str | None = None
    blockers: str | None = None


@dataclass(frozen=True, slots=True)
class SubmitValues:
    """A form (Slack modal, Teams card, local page) answering a prompt with values."""

    actor: Actor
    prompt_key: str
    inputs: tuple[MeasureInput, ...]
    source: Source
    idempotency_key: str
    message_ref: str | None = None


@dataclass(frozen=True, slots=True)
class ConfirmNoChange:
    """The "No change" answer for every measure of a prompt: re-confirms the last values."""

    actor: Actor
    prompt_key: str
    source: Source
    idempotency_key: str
    message_ref: str | None = None


@dataclass(frozen=True, slots=True)
class SnoozePrompt:
    """The "Snooze until tomorrow" answer: once per period."""

    actor: Actor
    prompt_key: str
    idempotency_key: str
    message_ref: str | None = None


@dataclass(frozen=True, slots=True)
class TextMessage:
    """Free text sent to the bot: a reply to the open prompt, or a command like `mine`."""

    actor: Actor
    text: str
    source: Source
    idempotency_key: str
    prompt_key: str | None = None


@dataclass(frozen=True, slots=True)
class MetricCommand:
    """A `/metric …` slash command (or the same words in Teams and local mode)."""

    actor: Actor
    text: str
    source: Source
    idempotency_key: str


@dataclass(frozen=True, slots=True)
class OpenForm:
    """The Update (or Grade) button: may this person answer the prompt, and with what form?
    Asked before a form opens, so a form is never offered to someone it would refuse."""

    actor: Actor
    prompt_key: str


@dataclass(frozen=True, slots=True)
class OpenHome:
    """The person opened the app's home (Slack App Home): their measures, what is due,
    their recent updates and the prompt waiting for them."""

    actor: Actor


Command = (
    SubmitValues
    | ConfirmNoChange
    | SnoozePrompt
    | TextMessage
    | MetricCommand
    | OpenForm
    | OpenHome
)
