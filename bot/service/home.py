"""The person's home and the forms that answer a prompt: who may answer it is decided
here, from the verified actor, before any form opens or any button records."""

from __future__ import annotations

from bot.service import queries
from bot.service.prompt_messages import closed, ended, prompt_noun
from bot.service.refusals import not_yours
from bot.service.request import Request
from cadence.outcomes import Outcome
from cadence.quantities import format_quantity
from cadence.view_codec import ViewCodecError, decode_view
from cadence.views import HomeAnswer, RecentUpdate, WaitingPrompt
from messages.period_words import period_label
from storage.prompt_repo import prompt_payload, sent_prompts
from storage.tables.runtime import ActionRow
from storage.update_repo import recent_by_author

RECENT_UPDATES = 10
# A check-in, a KPI review and a quarter close can all wait at once; older ones beyond
# that are periods already closed or about to be, answered from their messages.
MAX_BUTTONS = 5


def home(request: Request) -> HomeAnswer:
    """My measures (due first), my last updates, and the prompts Update buttons open."""
    mine = queries.mine(request)
    index = request.snapshot.index
    recent = []
    for update in recent_by_author(request.session, request.person.key, limit=RECENT_UPDATES):
        measure = request.measure(update.measure)
        if measure is None:
            continue  # a measure the plan no longer has
        recent.append(
            RecentUpdate(
                key=measure.key,
                title=measure.title,
                value=format_quantity(update.value, measure.unit),
                period=update.period,
                on=index.local_day(request.person, update.recorded_at),
                no_change=update.no_change,
            )
        )
    waiting = tuple(
        WaitingPrompt(p.key, p.kind, p.period)
        for p in sent_prompts(request.session, request.person.key)
        if not ended(request, p)
    )
    return HomeAnswer(mine.recipient, mine.measures, tuple(recent), waiting[:MAX_BUTTONS])


def check_answerer(request: Request, prompt: ActionRow) -> None:
    """Refuse anyone but the prompt's recipient, the owner it asks about, the owner's
    delegate and plan admins; the actor is the platform's verified user."""
    person = request.person.key
    owner = request.person_named(prompt.subject)
    allowed = {prompt.recipient_key, prompt.subject, *request.snapshot.plan.admins}
    if owner is not None and owner.delegate:
        allowed.add(owner.delegate)
    if person in allowed:
        return
    name = owner.name if owner else prompt.subject
    raise not_yours(name, prompt_noun(prompt.kind), period_label(prompt.period))


def open_form(request: Request, prompt: ActionRow) -> Outcome:
    """May the actor answer this prompt now? Refused if not; else the reply is the view the
    prompt was sent with, for the form (None when no message of it holds one: the adapter
    then uses the message's own copy, or says it cannot show the form)."""
    check_answerer(request, prompt)
    if ended(request, prompt):
        raise closed(request, prompt)
    payload = prompt_payload(request.session, prompt.key)
    try:
        view = decode_view(payload) if payload is not None else None
    except ViewCodecError:
        view = None
    return Outcome(view)
