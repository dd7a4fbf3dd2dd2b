"""What a tick at some moment would plan, without writing anything: the tick's own
reading of the state, for `cadence-bot due` and the tick itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from sqlmodel import Session

from bot.runtime.collector import collector_paused
from bot.runtime.routes import Router
from cadence.engine.decide import decide as engine_decide
from cadence.engine.decisions import Decisions
from cadence.engine.state import EngineState
from storage import outbox_repo, slack_people_repo
from storage.engine_state import load_engine_state
from storage.plan_cache import PlanCache


@dataclass(frozen=True, slots=True)
class Due:
    state: EngineState
    router: Router
    decisions: Decisions


Decide = Callable[[EngineState, datetime], Decisions]


def due_at(
    session: Session,
    now: datetime,
    platforms: Sequence[str],
    decide: Decide = engine_decide,
    plans: PlanCache | None = None,
) -> Due | None:
    """The decisions of a tick at `now` on these platforms; None before a plan exists.
    Whoever no platform reaches is marked unreachable first, so the engine escalates
    about them instead of asking them."""
    with collector_paused():  # reading the state and deciding build many small objects
        state = load_engine_state(session, now, plans=plans)
        if state is None:
            return None
        slack_ids = slack_people_repo.slack_ids(session=session) if "slack" in platforms else {}
        router = Router(
            state.plan, platforms, outbox_repo.refusals(session=session), slack_ids=slack_ids
        )
        state = replace(state, unreachable=router.unreachable())
        return Due(state, router, decide(state, now))
