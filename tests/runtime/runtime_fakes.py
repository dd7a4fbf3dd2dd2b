"""A recording chat port, a tiny stand-in decision function, and plan seeding, shared by
the runtime tests (and by the processes the multi-process test starts)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine

from bot.ports import Delivery, DeliveryReceipt
from cadence.engine.decisions import Decisions, PlannedAction
from cadence.engine.state import ActionKind, ActionState, EngineState, RecipientKind
from cadence.model import KeyResult, Objective, Person, Plan, Team
from cadence.units import Unit
from cadence.views import CheckinPrompt, PersonRef
from storage.database import open_engine, transaction
from storage.plan_repo import save_plan

NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # a Monday


class RecordingPort:
    """A ChatPort that remembers every delivery and can be told to fail first."""

    def __init__(self, platform: str = "local", failures=()) -> None:
        self.platform = platform
        self.delivered: list[Delivery] = []
        self.failures = list(failures)
        self.reconciled: list[int] = []

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        if self.failures:
            raise self.failures.pop(0)
        self.delivered.append(delivery)
        return self._receipt(delivery)

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        self.reconciled.append(delivery.outbox_id)
        if any(d.outbox_id == delivery.outbox_id for d in self.delivered):
            return self._receipt(delivery)
        return None

    def unique_message_to(self, address: str) -> Delivery:
        """The one message sent to `address`; fails on none or on two."""
        found = [d for d in self.delivered if d.address == address]
        assert len(found) == 1, f"{len(found)} messages to {address}"
        return found[0]

    def duplicates(self) -> dict[int, int]:
        counts = Counter(d.outbox_id for d in self.delivered)
        return {k: n for k, n in counts.items() if n > 1}

    def _receipt(self, delivery: Delivery) -> DeliveryReceipt:
        return DeliveryReceipt(f"m{delivery.outbox_id}", delivery.address)


def twin(engine: Engine) -> Engine:
    """A second engine on the same database, as another replica would open."""
    return open_engine(engine.url.render_as_string(hide_password=False))


def person(key: str, **fields) -> Person:
    return Person(key, key.title(), **fields)


def small_plan(*people: Person) -> Plan:
    people = people or (person("ana", slack_id="UANA"), person("bo", slack_id="UBO"))
    krs = tuple(
        KeyResult(f"kr-{p.key}", f"KR of {p.key}", "o1", p.key, Unit(), 0.0, 10.0) for p in people
    )
    objective = Objective("o1", "Grow", "t1", people[0].key, "2026-Q4", krs)
    team = Team("t1", "Team One", managers=(people[0].key,), slack_channel="C1")
    return Plan(people=tuple(people), teams=(team,), objectives=(objective,))


def seed(engine: Engine, plan: Plan) -> None:
    with transaction(engine) as session:
        save_plan(session, plan, now=NOW)


def daily_checkins(state: EngineState, now: datetime) -> Decisions:
    """Stand-in engine: every reachable owner is asked at 09:00 UTC each weekday, and an
    unsent prompt older than a day is missed."""
    known = {a.key for a in state.actions}
    planned = []
    day = now.date()
    due = datetime.combine(day, time(9), UTC)
    if day.weekday() < 5 and now >= due:
        for p in state.plan.people:
            if p.key in state.unreachable:
                continue
            key = f"checkin:{p.key}:{day.isoformat()}"
            if key in known:
                continue
            view = CheckinPrompt(key, PersonRef(p.key, p.name), day.isoformat(), ())
            planned.append(
                PlannedAction(
                    key=key,
                    kind=ActionKind.CHECKIN,
                    recipient=p.key,
                    recipient_kind=RecipientKind.PERSON,
                    subject=p.key,
                    period=day.isoformat(),
                    measures=(f"kr-{p.key}",),
                    due_at=due,
                    view=view,
                )
            )
    missed = tuple(
        a.key
        for a in state.actions
        if a.state is ActionState.PLANNED and a.due_at < now - timedelta(days=1)
    )
    return Decisions(planned=tuple(planned), missed=missed)
