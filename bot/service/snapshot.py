"""The stored plan with the lookups commands need, reloaded only after an import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

from sqlmodel import Session

from cadence.commands import Actor
from cadence.engine.index import PlanIndex
from cadence.engine.state import EngineState
from cadence.model import Person, Plan
from storage.engine_state import load_engine_state
from storage.plan_cache import PlanCache


@dataclass(frozen=True)
class PlanSnapshot:
    plan: Plan
    index: PlanIndex
    _by_platform: dict[tuple[str, str], Person] = field(repr=False)
    _by_email: dict[str, Person] = field(repr=False)

    @classmethod
    def of(cls, plan: Plan, index: PlanIndex) -> PlanSnapshot:
        by_platform: dict[tuple[str, str], Person] = {}
        for person in plan.people:
            by_platform[("local", person.key)] = person
            by_platform[("cli", person.key)] = person
            if person.slack_id:
                by_platform[("slack", person.slack_id)] = person
            if person.teams_id:
                by_platform[("teams", person.teams_id)] = person
        by_email = {p.email.lower(): p for p in plan.people if p.email}
        return cls(plan, index, by_platform, by_email)

    def person_for(self, actor: Actor) -> Person | None:
        """The plan's person behind a verified chat user: by platform id, else by email."""
        person = self._by_platform.get((actor.platform, actor.user_id))
        if person is None and actor.email:
            person = self._by_email.get(actor.email.lower())
        return person


class ServicePlans:
    """The command service's view of the stored plan: storage's PlanCache (the plan, its
    index and the measure histories, reloaded only after an import) plus identity lookups,
    guarded by one lock because commands run on worker threads."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._plans = PlanCache()
        self._snapshot: PlanSnapshot | None = None

    def snapshot(self, session: Session) -> PlanSnapshot | None:
        with self._lock:
            plan = self._plans.plan(session)
            if plan is None:
                return None
            if self._snapshot is None or self._snapshot.plan is not plan:
                self._snapshot = PlanSnapshot.of(plan, self._plans.index(plan))
            return self._snapshot

    def engine_state(self, session: Session, now: datetime) -> EngineState | None:
        """What plan health and silent-owner answers read, from the cached histories."""
        with self._lock:
            return load_engine_state(session, now, plans=self._plans)
