"""The messages an answer changes. The one the person acted on is edited at once by the
adapter (an Outcome's PromptEdit), or, on a platform whose edits are tightly rate limited
(Slack's chat.update is Tier 3), queued in the outbox in the answer's own transaction, so
a 429 delays the edit instead of losing it. Once a prompt is answered, its other messages
(the prompt itself, its nudges) are edited through the outbox to the answered state, paced
like any message, so no button stays live on a prompt that is done."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence

from bot.service.lines import current_lines
from bot.service.refusals import Refused, refuse
from bot.service.request import Request
from cadence.engine.state import ActionKind, ActionState
from cadence.model import Measure
from cadence.outcomes import PromptEdit
from cadence.view_codec import encode_view
from cadence.views import MeasureLine, UpdateConfirmation
from messages.period_words import period_label
from storage import outbox_repo
from storage.action_repo import close_actions
from storage.prompt_repo import open_prompts_about, prompt_messages, sent_prompts
from storage.tables.runtime import ActionRow, OutboxRow

# The outbox kind of an edit that turns a prompt's message into its answered state.
ANSWERED = "answered"
# The outbox kind of the queued edit of the message the person acted on.
EDITED = "edited"
# Platforms whose in-place edits wait their turn in the outbox.
QUEUED_EDITS = frozenset({"slack"})
_NOUNS = {
    ActionKind.CHECKIN: "check-in",
    ActionKind.KPI_REVIEW: "KPI review",
    ActionKind.QUARTER_CLOSE: "quarter close",
    ActionKind.NUDGE: "reminder",
    ActionKind.REMINDER: "reminder",
}


def acted_on(
    request: Request, prompt: ActionRow, *, platform: str, message_ref: str | None
) -> OutboxRow | None:
    """The message to edit in place: the one the button or form was on, when the adapter
    names it (never another one); for a typed reply, the prompt's own message."""
    messages = [m for m in prompt_messages(request.session, prompt) if m.platform == platform]
    if message_ref is not None:
        return next((m for m in messages if m.platform_message_id == message_ref), None)
    return next((m for m in messages if m.action_key == prompt.key), None)


def edit_in_place(
    request: Request, message: OutboxRow | None, view: UpdateConfirmation
) -> PromptEdit | None:
    """The Outcome's instruction to the adapter to turn `message` into `view`; queued in
    the outbox on the platforms that pace their edits (the latest of several waiting
    edits of one message is the one sent)."""
    if message is None or message.platform_message_id is None:
        return None
    queued = message.platform in QUEUED_EDITS
    if queued:
        edit = _edit_of(message, view, request, kind=EDITED, key=f"#edited:{uuid.uuid4().hex[:16]}")
        outbox_repo.enqueue_edit(session=request.session, message=edit, now=request.now)
    return PromptEdit(message.platform_message_id, message.channel, view, queued=queued)


def settle(
    request: Request,
    measures: Iterable[Measure],
    *,
    view: UpdateConfirmation,
    keep: OutboxRow | None,
    lines: Sequence[MeasureLine] = (),
) -> None:
    """Close every open prompt these answers completed for the period open now, and queue
    the answered state for its messages: all of them but `keep`, which the adapter edits.
    `lines` are measures as they stand after the answers, when the caller read them
    already: only the other measures' histories are read again."""
    known = {line.key: line for line in lines}
    recorded = {m.key: m for m in measures}
    owners = {m.owner for m in recorded.values()}
    for prompt in open_prompts_about(request.session, owners):
        if recorded.keys().isdisjoint(prompt.measure_keys):
            continue
        asked = [m for m in map(request.measure, prompt.measure_keys) if m is not None]
        if not asked or any(request.period_for(m) != prompt.period for m in asked):
            continue  # a prompt of a closed period stays as the tick leaves it: missed
        now_lines = [known[m.key] for m in asked if m.key in known]
        if unread := [m for m in asked if m.key not in known]:
            now_lines += current_lines(request, unread)
        if any(line.due for line in now_lines):
            continue
        # A prompt still waiting in the outbox is withdrawn, as the tick would cancel it.
        state = ActionState.ANSWERED if prompt.sent_at else ActionState.CANCELLED
        close_actions(session=request.session, keys=[prompt.key], state=state, now=request.now)
        edits = [
            _edit_of(message, view, request, kind=ANSWERED, key="#answered")
            for message in prompt_messages(request.session, prompt)
            if keep is None or message.id != keep.id
        ]
        for edit in edits:
            outbox_repo.enqueue_edit(session=request.session, message=edit, now=request.now)


def ended(request: Request, prompt: ActionRow) -> bool:
    """The prompt's period is over on its owner's calendar."""
    index = request.snapshot.index
    period = index.period_named(prompt.period)
    owner = request.person_named(prompt.subject) or request.person
    return period is not None and index.local_day(owner, request.now) >= period.end


def closed(request: Request, prompt: ActionRow) -> Refused:
    """The answer to a button on a prompt whose period is over: it records nothing, and
    says what is open now instead."""
    current = [
        p for p in sent_prompts(request.session, request.person.key) if not ended(request, p)
    ]
    current.sort(key=lambda p: p.kind != prompt.kind)  # the same kind of prompt first
    if current:
        named = " and ".join(
            f"your {prompt_noun(p.kind)} for {period_label(p.period)}" for p in current
        )
        fix = f"Open now: {named}; answer there, or reply here with the values."
    else:
        word = f"{request.command_word} checkin".strip()
        fix = f"Nothing else is open for you now: send `{word}` to check in for this period."
    message = (
        f"The {prompt_noun(prompt.kind)} for {period_label(prompt.period)} has closed, "
        "so nothing was recorded."
    )
    return refuse("prompt_closed", message, fix)


def prompt_noun(kind: str) -> str:
    """How a reply names a kind of prompt ("check-in", "KPI review")."""
    return _NOUNS.get(ActionKind(kind), "prompt")


def _edit_of(
    message: OutboxRow, view: UpdateConfirmation, request: Request, *, kind: str, key: str
) -> outbox_repo.NewMessage:
    return outbox_repo.NewMessage(
        action_key=f"{message.action_key}{key}",
        kind=kind,
        platform=message.platform,
        address=message.address,
        recipient_key=message.recipient_key,
        payload=encode_view(view),
        due_at=request.now,
        thread_ref=message.thread_ref,
        replaces_ref=message.platform_message_id,
    )
