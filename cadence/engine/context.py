"""One tick's read-only context: state, `now`, plan lookups and what is already decided."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from cadence.engine.index import PlanIndex
from cadence.engine.state import ActionKind, ActionRecord, ActionState, EngineState
from cadence.model import Person


class Context:
    """What every planner reads; built once per decide()."""

    def __init__(self, state: EngineState, now: datetime, index: PlanIndex | None = None):
        if now.tzinfo is None:
            raise ValueError("decide() needs a timezone-aware `now`")
        self.state = state
        self.now = now
        self.index = index or PlanIndex(state.plan)
        self.keys = {a.key for a in state.actions}
        self.slots: dict[tuple[ActionKind, str, str], ActionRecord] = {}
        self.steps: dict[tuple[str, datetime, int], datetime] = {}
        self.covered: dict[tuple[ActionKind, str], set[str]] = defaultdict(set)
        for action in state.actions:
            self.slots.setdefault((action.kind, action.subject, action.period), action)
            if action.state is not ActionState.CANCELLED:
                self.covered[(action.kind, action.period)].update(action.measures)

    def in_force(self, scheduled: datetime) -> bool:
        """True when the schedule was on at `scheduled` (and it is not in the future)."""
        since = self.state.active_since
        return scheduled <= self.now and (since is None or scheduled >= since)

    def scored(self, measure: str, period: str) -> bool:
        """True when the measure has an update counting for the period."""
        history = self.state.history.get(measure)
        return history is not None and period in history.scored_periods

    def reachable(self, person: Person) -> bool:
        """The bot has a way to message the person and no adapter has given up on them."""
        return person.reachable and person.key not in self.state.unreachable
