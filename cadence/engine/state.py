"""What the engine decides from: the plan plus a compact summary of what has happened.

Storage builds these from SQL on every tick, so they hold only what a decision reads: per
measure the latest value and which recent periods (current and previous) are scored, the
actions already planned, snoozes and who cannot be reached. All values are plain data.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from cadence.model import Plan
from cadence.updates import Confidence


class ActionKind(enum.StrEnum):
    """What an action is; its view type follows from it."""

    CHECKIN = "checkin"
    KPI_REVIEW = "kpi_review"
    QUARTER_CLOSE = "quarter_close"
    NUDGE = "nudge"
    REMINDER = "reminder"  # the one reminder a snooze promises
    TEAM_ESCALATION = "team_escalation"
    MANAGER_ESCALATION = "manager_escalation"
    DIGEST = "digest"


PROMPT_KINDS = frozenset({ActionKind.CHECKIN, ActionKind.KPI_REVIEW})
LADDER_KINDS = frozenset({
    ActionKind.NUDGE,
    ActionKind.REMINDER,
    ActionKind.TEAM_ESCALATION,
    ActionKind.MANAGER_ESCALATION,
})  # fmt: skip


class ActionState(enum.StrEnum):
    """Where an action is in its life; only PLANNED ones are still to be sent."""

    PLANNED = "planned"
    SENT = "sent"
    ANSWERED = "answered"
    MISSED = "missed"
    CANCELLED = "cancelled"


OPEN_STATES = frozenset({ActionState.PLANNED, ActionState.SENT})


class RecipientKind(enum.StrEnum):
    """Whether an action goes to a person (a DM) or to a team's channel."""

    PERSON = "person"
    TEAM = "team"


@dataclass(frozen=True, slots=True)
class MeasureHistory:
    """One measure's recent record: enough to tell scored, stale and unmoved apart.

    `scored_periods` needs only the keys of the measure's current and previous cadence
    periods (and the current and previous quarter) that have at least one update.
    """

    measure: str
    last_value: float | None = None
    last_recorded_at: datetime | None = None
    value_since: datetime | None = None
    scored_periods: frozenset[str] = frozenset()
    confidence: Confidence | None = None
    comment: str | None = None
    blockers: str | None = None
    trend: tuple[float, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionRecord:
    """An action already decided: planned, sent, answered, missed or cancelled.

    `subject` is the person the action is about (the owner a delegate is asked for, the
    owner named in an escalation, the manager a digest is for).
    """

    key: str
    kind: ActionKind
    recipient: str
    recipient_kind: RecipientKind
    subject: str
    period: str
    measures: tuple[str, ...]
    state: ActionState
    due_at: datetime
    sent_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class EngineState:
    """Everything decide() and plan health read. Cadence and ladder overrides live in
    the plan (plan, team and measure fields). `snoozes` maps (person, prompt key) to the
    moment the snooze ends; `grades` maps objective keys to their quarter-close grade.
    Nothing scheduled before `active_since` (when the schedule was switched on) is sent
    or recorded as missed, so a first start does not catch up on the past."""

    plan: Plan
    history: Mapping[str, MeasureHistory] = field(default_factory=dict)
    ever_updated: frozenset[str] = frozenset()
    grades: Mapping[str, float] = field(default_factory=dict)
    actions: tuple[ActionRecord, ...] = ()
    snoozes: Mapping[tuple[str, str], datetime] = field(default_factory=dict)
    unreachable: frozenset[str] = frozenset()
    active_since: datetime | None = None
