"""One tick's read-only context: state, `now`, plan lookups and what is already decided."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from cadence.engine.index import PlanIndex
from cadence.engine.state import LADDER_KINDS, ActionKind, ActionRecord, ActionState, EngineState
from cadence.model import Person

if TYPE_CHECKING:
    from cadence.engine.recipients import Asked


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
        self.asked: dict[tuple[str, datetime], Asked | None] = {}  # recipients.ask memo
        for action in state.actions:
            self.slots.setdefault((action.kind, action.subject, action.period), action)

    @cached_property
    def covered(self) -> dict[tuple[ActionKind, str], set[str]]:
        """(ladder kind, period) -> the measures an action of that kind already named for
        that period of their own cadence."""
        found: dict[tuple[ActionKind, str], set[str]] = defaultdict(set)
        for action in self.state.actions:
            if action.kind in LADDER_KINDS and action.state is not ActionState.CANCELLED:
                kinds = [action.kind]
                if action.kind is ActionKind.REMINDER:  # it stands in for the nudge
                    kinds.append(ActionKind.NUDGE)
                for period, measures in self.index.action_periods(action).items():
                    for kind in kinds:
                        found[(kind, period)].update(measures)
        return found

    @cached_property
    def snoozed(self) -> dict[tuple[str, str, str], datetime]:
        """(snoozer, measure, period) -> when the latest snooze covering it ends: a snooze
        of a prompt, or of a message about several prompts, covers what it named."""
        snoozes = {key: (person, until) for (person, key), until in self.state.snoozes.items()}
        found: dict[tuple[str, str, str], datetime] = {}
        for action in self.state.actions if snoozes else ():
            if action.key in snoozes:
                person, until = snoozes[action.key]
                for period, measures in self.index.action_periods(action).items():
                    for measure in measures:
                        slot = (person, measure, period)
                        found[slot] = max(until, found.get(slot, until))
        return found

    def in_force(self, scheduled: datetime, *, open_until: datetime | None = None) -> bool:
        """True when `scheduled` has come and the schedule was on at that moment, or, for
        a prompt whose period (ending `open_until`) was still open at switch-on, since:
        owners starting mid-week are asked about this week, never about the past."""
        since = self.state.active_since
        if scheduled > self.now:
            return False
        if since is None or scheduled >= since:
            return True
        return open_until is not None and open_until > since

    def scored(self, measure: str, period: str) -> bool:
        """True when the measure has an update counting for the period."""
        history = self.state.history.get(measure)
        return history is not None and period in history.scored_periods

    def reachable(self, person: Person) -> bool:
        """No enabled platform lacks a way to message the person: the runtime's router
        fills `unreachable` from the platforms it runs (local mode reaches everyone)."""
        return person.key not in self.state.unreachable
