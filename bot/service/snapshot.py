"""The stored plan with the lookups commands need, reloaded only after an import."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock

from sqlmodel import Session

from cadence.commands import Actor
from cadence.engine.index import PlanIndex
from cadence.model import Person, Plan
from storage.plan_repo import load_plan
from storage.tables.plan import PlanSettingsRow


@dataclass(frozen=True)
class PlanSnapshot:
    plan: Plan
    index: PlanIndex
    _by_platform: dict[tuple[str, str], Person] = field(repr=False)
    _by_email: dict[str, Person] = field(repr=False)

    @classmethod
    def of(cls, plan: Plan) -> PlanSnapshot:
        by_platform: dict[tuple[str, str], Person] = {}
        for person in plan.people:
            by_platform[("local", person.key)] = person
            by_platform[("cli", person.key)] = person
            if person.slack_id:
                by_platform[("slack", person.slack_id)] = person
            if person.teams_id:
                by_platform[("teams", person.teams_id)] = person
        by_email = {p.email.lower(): p for p in plan.people if p.email}
        return cls(plan, PlanIndex(plan), by_platform, by_email)

    def person_for(self, actor: Actor) -> Person | None:
        """The plan's person behind a verified chat user: by platform id, else by email."""
        person = self._by_platform.get((actor.platform, actor.user_id))
        if person is None and actor.email:
            person = self._by_email.get(actor.email.lower())
        return person


class PlanCache:
    """Keeps one snapshot per import; loading 33,000 measures per command would not do."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._stamp: datetime | None = None
        self._snapshot: PlanSnapshot | None = None

    def get(self, session: Session) -> PlanSnapshot | None:
        settings = session.get(PlanSettingsRow, 1)
        if settings is None:
            return None
        with self._lock:
            if self._snapshot is None or settings.imported_at != self._stamp:
                plan = load_plan(session)
                assert plan is not None  # the settings row is written with the plan
                self._snapshot, self._stamp = PlanSnapshot.of(plan), settings.imported_at
            return self._snapshot
