"""`checkin`: an owner asks for their check-in now (before a holiday, or on a first day
when the schedule has not come round yet). The engine builds the period's prompt as it
would on schedule; it goes through the outbox to the platform the owner asked from and is
answered like any prompt, and the engine then counts it as the period's prompt."""

from __future__ import annotations

from bot.runtime.routes import Router
from bot.service.next_prompt import next_prompt_lines
from bot.service.prompt_messages import ended, prompt_noun
from bot.service.refusals import refuse
from bot.service.request import Request
from cadence.engine.decisions import PlannedAction
from cadence.engine.on_request import early_prompts
from cadence.engine.state import RecipientKind
from cadence.engine.upcoming import next_prompts
from cadence.outcomes import Outcome
from cadence.view_codec import encode_view
from cadence.views import Notice
from messages.period_words import period_label
from storage import outbox_repo, slack_people_repo
from storage.action_repo import insert_actions
from storage.prompt_repo import send_now, sent_prompts


def check_in_now(request: Request) -> Outcome:
    """Send the owner's prompts for what is due this period, or say why there is none."""
    person, now, session = request.person, request.now, request.session
    index = request.snapshot.index
    if not any(i.measure.owner == person.key for i in index.measures.values()):
        raise refuse(
            "nothing_owned",
            "You own no measures, so there is no check-in to send you.",
            f"Send `{f'{request.command_word} mine'.strip()}` to see what you answer for.",
        )
    state = request.engine_state()
    brought = send_now(session, owner=person.key, now=now)
    early = early_prompts(state, now, person.key, index=index)
    if early:
        _send(request, early)
    coming = [(a.kind.value, a.period) for a in early] + [(a.kind, a.period) for a in brought]
    if coming:
        return Outcome(
            Notice(
                f"Here comes {_named(coming)}.",
                f"{'They count' if len(coming) > 1 else 'It counts'} as this period's, so I "
                "won't ask again until the next one.",
            )
        )
    waiting = [
        (p.kind, p.period) for p in sent_prompts(session, person.key) if not ended(request, p)
    ]
    if waiting:
        return Outcome(
            Notice(
                f"{_named(waiting).capitalize()} {'are' if len(waiting) > 1 else 'is'} already "
                "in your messages.",
                "Answer there, or reply here with the values.",
            )
        )
    upcoming = next_prompts(state, now, person.key, index=index)
    lines = next_prompt_lines(upcoming, person, now=now, to_owner=True)
    return Outcome(
        Notice(
            "Nothing is due now: you have answered everything for this period.",
            " ".join(lines) or None,
        )
    )


def _send(request: Request, prompts: list[PlannedAction]) -> None:
    """Write the prompts and queue them on the platform the owner asked from."""
    session, platform = request.session, request.platform
    slack_ids = slack_people_repo.slack_ids(session=session) if platform == "slack" else {}
    router = Router(
        request.snapshot.plan,
        [platform],
        outbox_repo.refusals(session=session),
        slack_ids=slack_ids,
    )
    route = router.route(RecipientKind.PERSON, request.person.key)
    if route is None:
        raise refuse(
            "unreachable",
            "I can't send you a check-in here: this account has no chat address in the plan.",
            "Ask a plan admin to add your chat id or email to the plan's people.",
        )
    inserted = insert_actions(session=session, actions=prompts, now=request.now)
    outbox_repo.enqueue(
        session=session,
        messages=[
            outbox_repo.NewMessage(
                action_key=p.key,
                kind=p.kind.value,
                platform=route.platform,
                address=route.address,
                recipient_key=p.recipient,
                payload=encode_view(p.view),
                due_at=request.now,
            )
            for p in prompts
            if p.key in inserted
        ],
        now=request.now,
    )


def _named(prompts: list[tuple[str, str]]) -> str:
    return " and ".join(
        f"your {prompt_noun(kind)} for {period_label(period)}" for kind, period in prompts
    )
