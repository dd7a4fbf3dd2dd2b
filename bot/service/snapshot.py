"""The stored plan with the lookups commands need, reloaded only after an import."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

from sqlmodel import Session

from cadence.commands import Actor
from cadence.engine.index import PlanIndex
from cadence.engine.state import EngineState
from cadence.identities import email_identity, teams_identity
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
        by_email: dict[str, Person] = {}
        for person in plan.people:
            for identity in _identities(person):
                by_platform.setdefault(identity, person)
            if person.email:
                by_email.setdefault(email_identity(person.email), person)
        return cls(plan, index, by_platform, by_email)

    def person_for(self, actor: Actor) -> Person | None:
        """The plan's person behind a verified chat user: by any id the platform gave for
        them (a Teams id may be the plan's teams_id in any of its spellings), else by the
        email the platform reported, as a Teams id or as the plan's email."""
        same = _SPELLING.get(actor.platform, str.strip)
        for user_id in (actor.user_id, *actor.aliases):
            person = self._by_platform.get((actor.platform, same(user_id)))
            if person is not None:
                return person
        if not actor.email:
            return None
        person = self._by_platform.get((actor.platform, same(actor.email)))
        return person or self._by_email.get(email_identity(actor.email))


# How each platform spells its ids, so the plan's and the platform's spellings meet.
_SPELLING: dict[str, Callable[[str], str]] = {"teams": teams_identity}


def _identities(person: Person) -> list[tuple[str, str]]:
    found = [("local", person.key), ("cli", person.key)]
    if person.slack_id:
        found.append(("slack", person.slack_id.strip()))
    if person.teams_id:
        found.append(("teams", teams_identity(person.teams_id)))
    return found


class ServicePlans:
    """The command service's view of the stored plan: storage's PlanCache (the plan, its
    index and the measure histories, reloaded only after an import) plus identity lookups,
    guarded by one lock because commands run on worker threads."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._plans = PlanCache()
        self._snapshot: PlanSnapshot | None = None

    def snapshot(self, session: Session, now: datetime | None = None) -> PlanSnapshot | None:
        """The plan and its lookups; given `now`, with the reported zones kept current."""
        with self._lock:
            plan = self._plans.plan(session, now)
            if plan is None:
                return None
            if self._snapshot is None or self._snapshot.plan is not plan:
                self._snapshot = PlanSnapshot.of(plan, self._plans.index(plan))
            return self._snapshot

    def engine_state(self, session: Session, now: datetime) -> EngineState | None:
        """What plan health and silent-owner answers read, from the cached histories."""
        with self._lock:
            return load_engine_state(session, now, plans=self._plans)
