"""The engine's state, read from the database in a handful of aggregate queries.

A plan may hold 33,000 measures with a year of weekly history, so nothing here loops per
measure against the database: the histories come from storage.history_repo's aggregates
(or, in a long-running process, its HistoryCache, which reads only newer updates), and
actions, snoozes and refusals from one query each, limited to what can still change a
decision.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from cadence.engine.index import PlanIndex
from cadence.engine.state import EngineState
from storage.action_repo import insert_for, recent_actions
from storage.grade_repo import latest_grades
from storage.history_repo import load_histories
from storage.outbox_repo import refusals
from storage.plan_cache import PlanCache
from storage.plan_repo import load_plan
from storage.tables.runtime import ScheduleRow, SnoozeRow
from storage.update_repo import authors_ever

# Long enough to cover the previous quarter's close and the 90-day "unmoved" rule; older
# closed actions can no longer change a decision.
LOOKBACK = timedelta(days=100)


def load_engine_state(
    session: Session, now: datetime, *, plans: PlanCache | None = None
) -> EngineState | None:
    """Everything decide(), plan health and the digest read at `now`; None before a plan
    is imported.

    `unreachable` holds recipients some platform refused; the runtime narrows it to the
    platforms that are enabled (bot.runtime.routes). `active_since` is when the schedule
    was switched on, or `now` if it never was (what a first tick at `now` would do).
    A long-running process passes its PlanCache so a steady tick skips decoding the plan
    and reads only the updates written since its last tick."""
    plan = plans.plan(session, now) if plans is not None else load_plan(session)
    if plan is None:
        return None
    if plans is not None:
        recent = plans.histories.read(session, plans.index(plan), now)
        history, authors = recent.measures, recent.authors
    else:
        history = load_histories(session, PlanIndex(plan), now)
        authors = frozenset(authors_ever(session))
    since = now - LOOKBACK
    snoozes = session.exec(
        select(SnoozeRow.person_key, SnoozeRow.prompt_key, SnoozeRow.until).where(
            col(SnoozeRow.created_at) >= since
        )
    )
    switched_on = session.get(ScheduleRow, 1)
    return EngineState(
        plan=plan,
        history=history,
        ever_updated=authors,
        grades=latest_grades(session),
        actions=recent_actions(session=session, since=since),
        snoozes={(person, prompt): until for person, prompt, until in snoozes},
        unreachable=frozenset(key for _platform, key in refusals(session=session)),
        active_since=switched_on.active_since if switched_on else now,
    )


def switch_on(session: Session, now: datetime) -> datetime:
    """Record that the schedule runs from `now` unless it already did; returns since when.
    Concurrent first ticks agree: the first insert wins, the rest read it."""
    row = session.get(ScheduleRow, 1)
    if row is not None:
        return row.active_since
    table = ScheduleRow.__table__  # type: ignore[attr-defined]
    statement = insert_for(session)(table).on_conflict_do_nothing(index_elements=["id"])
    session.connection().execute(statement, [{"id": 1, "active_since": now}])
    row = session.get(ScheduleRow, 1, populate_existing=True)
    assert row is not None
    return row.active_since
