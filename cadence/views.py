"""View models: what each bot message says, as plain frozen values for messages/ to render.

The engine and the command service fill these; they never format text. Values that are
already shown to people (a measure's last value, its target) arrive formatted in the
measure's unit, so every surface shows the same words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, time

from cadence.model import MeasureKind
from cadence.units import Unit


class Status(enum.StrEnum):
    """A KPI's colour or a KR's confidence, whichever the measure has."""

    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"


@dataclass(frozen=True, slots=True)
class PersonRef:
    """A person as a message names them; ids let a renderer create a real mention."""

    key: str
    name: str
    slack_id: str | None = None
    teams_id: str | None = None


@dataclass(frozen=True, slots=True)
class MeasureLine:
    """One measure as a message shows it, and what its answer field accepts.

    `number` is the last value unformatted, for an answer field that takes digits only."""

    key: str
    title: str
    kind: MeasureKind
    unit: Unit
    value: str | None = None
    target: str | None = None
    status: Status | None = None
    progress: float | None = None
    trend: tuple[float, ...] = ()
    due: bool = True
    last_updated: date | None = None
    objective: str | None = None
    number: float | None = None


@dataclass(frozen=True, slots=True)
class CheckinPrompt:
    """The weekly OKR check-in: one message listing every KR the recipient answers for."""

    prompt_key: str
    recipient: PersonRef
    period: str
    measures: tuple[MeasureLine, ...]
    on_behalf_of: PersonRef | None = None


@dataclass(frozen=True, slots=True)
class KpiReviewPrompt:
    """The monthly KPI review: every KPI the recipient answers for, against its target."""

    prompt_key: str
    recipient: PersonRef
    period: str
    measures: tuple[MeasureLine, ...]
    on_behalf_of: PersonRef | None = None


@dataclass(frozen=True, slots=True)
class Nudge:
    """The one reminder a day after a prompt, naming what is still unanswered."""

    prompt_key: str
    recipient: PersonRef
    period: str
    asked_on: date
    measures: tuple[MeasureLine, ...]
    on_behalf_of: PersonRef | None = None


@dataclass(frozen=True, slots=True)
class Change:
    """One recorded update: the value before and after, and where it leaves the measure."""

    key: str
    title: str
    old: str | None
    new: str
    status: Status | None = None
    progress: float | None = None
    no_change: bool = False
    correction: bool = False


@dataclass(frozen=True, slots=True)
class UpdateConfirmation:
    """Thanks for an answer, with exactly what was recorded. `counts_for` names the period
    the values were recorded for when it is not the one the prompt asked about (a form
    answered after its period closed)."""

    recipient: PersonRef
    changes: tuple[Change, ...]
    still_due: tuple[MeasureLine, ...] = ()
    counts_for: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureRef:
    """A measure named in a list: key and title only."""

    key: str
    title: str


@dataclass(frozen=True, slots=True)
class SilentOwner:
    """An owner with prompted measures still unscored, or who has never recorded an update;
    `unreachable` when the bot could not deliver their prompt at all."""

    person: PersonRef
    measures: tuple[MeasureRef, ...]
    days_silent: int | None
    never_updated: bool = False
    unreachable: bool = False


@dataclass(frozen=True, slots=True)
class StaleMeasure:
    """A measure not updated for longer than its cadence plus grace."""

    key: str
    title: str
    owner: PersonRef
    last_updated: date | None


@dataclass(frozen=True, slots=True)
class TeamEscalation:
    """The team-channel message naming silent owners and stale measures."""

    team_name: str
    period: str
    silent: tuple[SilentOwner, ...]
    stale: tuple[StaleMeasure, ...] = ()


@dataclass(frozen=True, slots=True)
class ManagerEscalation:
    """A direct message to a manager naming each of their people whose measures are still
    unanswered (one message for everyone whose step came at the same moment)."""

    recipient: PersonRef
    team_name: str
    period: str
    silent: tuple[SilentOwner, ...]


@dataclass(frozen=True, slots=True)
class ObjectiveGrade:
    """One objective at quarter close: its suggested grade and its KRs' progress."""

    key: str
    title: str
    suggested_grade: float | None
    key_results: tuple[MeasureLine, ...]


@dataclass(frozen=True, slots=True)
class QuarterClose:
    """The end-of-quarter prompt: grade each objective and question the numbers."""

    prompt_key: str
    recipient: PersonRef
    period: str
    objectives: tuple[ObjectiveGrade, ...]


@dataclass(frozen=True, slots=True)
class Voice:
    """A comment or blocker an owner wrote, as the digest quotes it."""

    author: PersonRef
    measure: MeasureRef
    text: str
    blocker: bool = False


@dataclass(frozen=True, slots=True)
class UnmovedMeasure:
    """A measure whose value has not changed since `since`: retire or rethink it."""

    key: str
    title: str
    owner: PersonRef
    value: str
    since: date


@dataclass(frozen=True, slots=True)
class HealthFigures:
    """Plan health; shares are 0..1, None when there is nothing to count."""

    kpis_scored: float | None
    krs_scored: float | None
    objectives_graded: float | None
    owners_ever_updated: float | None
    measures_per_objective_mean: float | None
    measures_per_objective_max: int | None
    stale_measures: int
    silent_owners: int


@dataclass(frozen=True, slots=True)
class TrendChart:
    """What a trend chart draws: one measure's values, oldest first, against its target and
    its green/amber thresholds. `days` may be empty when only the order of values is known."""

    key: str
    title: str
    unit: Unit
    values: tuple[float, ...]
    days: tuple[date, ...] = ()
    target: float | None = None
    green: float | None = None
    amber: float | None = None
    higher_is_better: bool = True


@dataclass(frozen=True, slots=True)
class Digest:
    """The manager digest: PRODUCT.md's four questions, then silence, staleness and health.

    `recipient` is the manager it is sent to, None when it is posted in the team's channel.
    `charts` are the trends an adapter may attach as images (the red KPIs')."""

    recipient: PersonRef | None
    team_name: str
    period: str
    going_well: tuple[MeasureLine, ...]
    not_going_well: tuple[MeasureLine, ...]
    voices: tuple[Voice, ...]
    silent: tuple[SilentOwner, ...]
    stale: tuple[StaleMeasure, ...]
    unmoved: tuple[UnmovedMeasure, ...]
    next_objectives: tuple[MeasureLine, ...]
    health: HealthFigures
    charts: tuple[TrendChart, ...] = ()


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One past update of a measure, newest first in a MetricAnswer."""

    on: date
    value: str
    author: str
    comment: str | None = None


@dataclass(frozen=True, slots=True)
class MetricAnswer:
    """`/metric <name>`: one measure with its owner, history and an optional chart."""

    measure: MeasureLine
    owner: PersonRef
    history: tuple[HistoryLine, ...] = ()
    chart_url: str | None = None
    # A chart the platform already holds (a Slack file id), shown where the URL would be.
    chart_file: str | None = None


@dataclass(frozen=True, slots=True)
class MineAnswer:
    """`/metric mine`: the asker's measures, due ones first."""

    recipient: PersonRef
    measures: tuple[MeasureLine, ...]


@dataclass(frozen=True, slots=True)
class RecentUpdate:
    """One update the person recorded, as their home lists it: what, how much, for when."""

    key: str
    title: str
    value: str | None
    period: str
    on: date
    no_change: bool = False


@dataclass(frozen=True, slots=True)
class WaitingPrompt:
    """A prompt sent to the person and not yet answered: the home's Update opens its form.
    `kind` is the engine's action kind ("checkin", "kpi_review", "quarter_close")."""

    key: str
    kind: str
    period: str


@dataclass(frozen=True, slots=True)
class HomeAnswer:
    """The person's home: their measures (due first), their latest updates, and the
    prompts waiting for them, newest first, each with an Update button."""

    recipient: PersonRef
    measures: tuple[MeasureLine, ...]
    recent: tuple[RecentUpdate, ...] = ()
    waiting: tuple[WaitingPrompt, ...] = ()


@dataclass(frozen=True, slots=True)
class SilentAnswer:
    """`/metric silent`: the asker's team's silent owners and stale measures."""

    team_name: str
    silent: tuple[SilentOwner, ...]
    stale: tuple[StaleMeasure, ...] = ()


@dataclass(frozen=True, slots=True)
class HealthWarning:
    """A plan-lint warning as shown to people."""

    subject: str
    message: str
    strong: bool = False


@dataclass(frozen=True, slots=True)
class HealthAnswer:
    """`/metric health`: plan health figures and lint warnings for a team or the plan."""

    scope: str
    figures: HealthFigures
    warnings: tuple[HealthWarning, ...] = ()


@dataclass(frozen=True, slots=True)
class HelpAnswer:
    """`/metric help`; `command` is how the surface spells it ("/metric" or "")."""

    command: str = "/metric"


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """A rejected action: a stable code, what went wrong, and how to put it right."""

    code: str
    message: str
    fix: str


@dataclass(frozen=True, slots=True)
class Snoozed:
    """The answer to Snooze: when the one reminder comes, on the snoozer's own clock."""

    day: date
    at: time
    tomorrow: bool


@dataclass(frozen=True, slots=True)
class Notice:
    """A plain acknowledgement that is not an error ("Snoozed until Tuesday")."""

    message: str
    detail: str | None = None


View = (
    CheckinPrompt
    | KpiReviewPrompt
    | Nudge
    | UpdateConfirmation
    | TeamEscalation
    | ManagerEscalation
    | QuarterClose
    | Digest
    | MetricAnswer
    | MineAnswer
    | HomeAnswer
    | SilentAnswer
    | HealthAnswer
    | HelpAnswer
    | ErrorReply
    | Snoozed
    | Notice
)
