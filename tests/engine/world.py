"""A simulated deployment for engine tests: ticks decide() on a clock, applies its
decisions as storage would, and 'sends' due actions as the outbox would."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from cadence.engine.decide import decide
from cadence.engine.decisions import Decisions, PlannedAction
from cadence.engine.index import PlanIndex
from cadence.engine.state import ActionRecord, ActionState, EngineState, MeasureHistory


def apply(state: EngineState, decisions: Decisions) -> EngineState:
    """The state after storage wrote the decisions."""
    marks = {k: ActionState.MISSED for k in decisions.missed}
    marks |= {k: ActionState.ANSWERED for k in decisions.answered}
    marks |= {k: ActionState.CANCELLED for k in decisions.cancelled}
    actions = tuple(replace(a, state=marks.get(a.key, a.state)) for a in state.actions)
    return replace(state, actions=actions + tuple(p.record() for p in decisions.planned))


def send_due(state: EngineState, now: datetime) -> tuple[EngineState, list[ActionRecord]]:
    """Mark every planned action due by `now` as sent, as the outbox sender would."""
    sent = []
    actions = []
    for a in state.actions:
        if a.state is ActionState.PLANNED and a.due_at <= now:
            a = replace(a, state=ActionState.SENT, sent_at=now)
            sent.append(a)
        actions.append(a)
    return replace(state, actions=tuple(actions)), sent


def score(state: EngineState, measure: str, period: str, when: datetime, value=1.0):
    """The state after an update of `measure` counting for `period`."""
    old = state.history.get(measure) or MeasureHistory(measure)
    new = replace(
        old,
        last_value=value,
        last_recorded_at=when,
        value_since=old.value_since if old.last_value == value else when,
        scored_periods=old.scored_periods | {period},
    )
    return replace(state, history={**state.history, measure: new})


@dataclass
class World:
    """Runs ticks; `answers` maps a person key to a callback deciding whether they answer."""

    state: EngineState
    planned: list[PlannedAction] = field(default_factory=list)
    sent: list[ActionRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = PlanIndex(self.state.plan)

    def tick(self, now: datetime) -> Decisions:
        decisions = decide(self.state, now, index=self.index)
        self.planned += decisions.planned
        self.state = apply(self.state, decisions)
        self.state, sent = send_due(self.state, now)
        self.sent += sent
        return decisions

    def run(self, start: datetime, end: datetime, step=timedelta(minutes=30), on_sent=None):
        now = start
        while now < end:
            before = len(self.sent)
            self.tick(now)
            for action in self.sent[before:]:
                if on_sent is not None:
                    self.state = on_sent(self.state, action, now)
            now += step

    def sent_of(self, kind) -> list[ActionRecord]:
        return [a for a in self.sent if a.kind is kind]
