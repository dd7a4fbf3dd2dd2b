"""One command's context: who asks, in which transaction, against which plan, when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from bot.service.snapshot import PlanSnapshot, ServicePlans
from cadence.engine.state import EngineState
from cadence.model import Measure, Person
from cadence.periods import period_of


@dataclass(frozen=True)
class Request:
    session: Session
    snapshot: PlanSnapshot
    person: Person
    now: datetime
    command_word: str
    plans: ServicePlans
    # The chat platform the person asked from: where a prompt they ask for is sent.
    platform: str = "local"

    def engine_state(self) -> EngineState:
        """Plan health's inputs; the plan is known to exist while a command runs."""
        state = self.plans.engine_state(self.session, self.now)
        assert state is not None
        return state

    def person_named(self, key: str) -> Person | None:
        return self.snapshot.index.people.get(key)

    def measure(self, key: str) -> Measure | None:
        info = self.snapshot.index.measures.get(key)
        return info.measure if info else None

    def period_for(self, measure: Measure) -> str:
        """The cadence period an update counts for: the owner's local date decides."""
        index = self.snapshot.index
        info = index.measures[measure.key]
        owner = index.people.get(measure.owner, self.person)
        return period_of(info.spec.every, index.local_day(owner, self.now)).key
