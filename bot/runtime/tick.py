"""One tick: read the state, decide, and write the decisions with their outbox rows in a
single transaction, so an action is never planned without its message or sent twice.

Every tick is idempotent: an action already written is not planned again (the engine
sees it in the state, and the unique key stops a concurrent replica), so a tick repeated
after a crash, a late scheduler firing or a second replica changes nothing.

Each message carries its send window (until its period ends; a DM only inside the
recipient's working hours) and, for a reminder, the prompt whose thread it replies in
(cadence.delivery), so the sender keeps to them however late it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine

from bot.runtime.clock import Clock
from bot.runtime.collector import collector_paused
from bot.runtime.due import Decide, due_at
from cadence.delivery import thread_of, window_for
from cadence.engine.decide import decide as engine_decide
from cadence.engine.state import ActionState
from cadence.view_codec import encode_view
from storage import action_repo, outbox_repo
from storage.database import transaction
from storage.engine_state import switch_on
from storage.plan_cache import PlanCache


@dataclass(frozen=True, slots=True)
class TickReport:
    """What one tick wrote; `unroutable` are new actions nothing could reach (closed as
    missed, so they count as silence)."""

    planned: int = 0
    enqueued: int = 0
    missed: int = 0
    answered: int = 0
    cancelled: int = 0
    unroutable: tuple[str, ...] = ()


def tick(
    engine: Engine,
    clock: Clock,
    *,
    platforms: Sequence[str],
    decide: Decide = engine_decide,
    plans: PlanCache | None = None,
) -> TickReport:
    """Plan everything due at the clock's `now` and queue its messages on `platforms`;
    a long-running process passes its PlanCache."""
    now = clock.now()
    with collector_paused(), transaction(engine) as session:
        due = due_at(session, now, platforms, decide, plans)
        if due is None:
            return TickReport()
        switch_on(session, now)
        decisions, router = due.decisions, due.router
        people = {p.key: p for p in due.state.plan.people}
        inserted = action_repo.insert_actions(session=session, actions=decisions.planned, now=now)
        messages, unroutable = [], []
        for action in decisions.planned:
            if action.key not in inserted or action.state is not ActionState.PLANNED:
                continue
            route = router.route(action.recipient_kind, action.recipient)
            if route is None:
                unroutable.append(action.key)
                continue
            messages.append(
                outbox_repo.NewMessage(
                    action_key=action.key,
                    kind=action.kind.value,
                    platform=route.platform,
                    address=route.address,
                    recipient_key=action.recipient,
                    payload=encode_view(action.view),
                    due_at=action.due_at,
                    thread_of=thread_of(action),
                    window=window_for(action, people),
                )
            )
        outbox_repo.enqueue(session=session, messages=messages, now=now)

        def close(keys: Sequence[str], state: ActionState) -> int:
            return action_repo.close_actions(session=session, keys=keys, state=state, now=now)

        return TickReport(
            planned=len(inserted),
            enqueued=len(messages),
            missed=close([*decisions.missed, *unroutable], ActionState.MISSED),
            answered=close(decisions.answered, ActionState.ANSWERED),
            cancelled=close(decisions.cancelled, ActionState.CANCELLED),
            unroutable=tuple(unroutable),
        )
