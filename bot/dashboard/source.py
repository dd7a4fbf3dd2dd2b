"""What the dashboard reads: the engine's own state and the domain's own figures.

Statuses, progress, plan health, silent owners and stale measures come from cadence (the
same functions the engine, the digest and `health` use), so the dashboard never derives
a number of its own. The state of a 33,000-measure plan takes a while to read, so it is
kept until something is written (an import, an update, a grade, an action) or an hour
passes (periods turn over with time alone).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from threading import Lock
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from cadence.engine.digest import UNMOVED_AFTER
from cadence.engine.index import PlanIndex
from cadence.engine.lines import kpi_status, kr_progress
from cadence.engine.state import EngineState, MeasureHistory
from cadence.health import plan_health
from cadence.model import Kpi, Plan
from cadence.views import HealthFigures, Status
from storage.engine_state import load_engine_state
from storage.plan_cache import PlanCache
from storage.tables.plan import PlanSettingsRow
from storage.tables.runtime import ActionRow
from storage.tables.updates import GradeRow, UpdateRow


@dataclass(frozen=True, slots=True)
class MeasureFacts:
    """One measure: recent values (oldest first), KR progress 0..1, KPI status, KR confidence."""

    history: tuple[float, ...] = ()
    progress: float | None = None
    status: str | None = None
    confidence: str | None = None


@dataclass(frozen=True, slots=True)
class TeamFacts:
    """A team's (or the whole plan's) scoring and health, keyed by measure, objective, person."""

    measures: dict[str, MeasureFacts] = field(default_factory=dict)
    grades: dict[str, float] = field(default_factory=dict)
    health: tuple[tuple[str, str], ...] = ()
    silent: tuple[str, ...] = ()
    stale: tuple[str, ...] = ()
    unmoved: tuple[str, ...] = ()
    scored: str = ""
    red: int = 0


@dataclass(frozen=True, slots=True)
class Loaded:
    """The engine state at one moment, with its index."""

    state: EngineState
    index: PlanIndex
    now: datetime

    @property
    def plan(self) -> Plan:
        return self.state.plan


class DashboardSource:
    """Reads the engine state (cached while unchanged) and computes facts per team."""

    def __init__(self) -> None:
        self._lock = Lock()
        self._stamp: tuple[Any, ...] | None = None
        self._loaded: Loaded | None = None
        # Figures of the state held above, so a page view computes nothing twice.
        self._plan_rows: tuple[tuple[str, str], ...] | None = None
        self._teams: dict[str, TeamFacts] = {}
        self._plans = PlanCache()

    def load(self, session: Session, now: datetime) -> Loaded | None:
        """The state at `now`; None before a plan is imported."""
        stamp = (*_changes(session), now.replace(minute=0, second=0, microsecond=0))
        with self._lock:
            if self._loaded is None or stamp != self._stamp:
                state = load_engine_state(session, now, plans=self._plans)
                index = self._plans.index(state.plan) if state else None
                self._loaded = Loaded(state, index, now) if state and index else None
                self._stamp, self._plan_rows, self._teams = stamp, None, {}
            return self._loaded

    def plan_health(self, loaded: Loaded) -> tuple[tuple[str, str], ...]:
        """The whole plan's health figures, labelled."""
        rows = self._plan_rows if loaded is self._loaded else None
        if rows is None:
            rows = health_rows(plan_health(loaded.state, loaded.now, index=loaded.index).figures)
            if loaded is self._loaded:
                self._plan_rows = rows
        return rows

    def team_facts(self, loaded: Loaded, team_key: str) -> TeamFacts:
        """Everything the team page shows, for one team's measures only."""
        if loaded is self._loaded and team_key in self._teams:
            return self._teams[team_key]
        facts = self._team_facts(loaded, team_key)
        if loaded is self._loaded:
            self._teams[team_key] = facts
        return facts

    def _team_facts(self, loaded: Loaded, team_key: str) -> TeamFacts:
        state, now = loaded.state, loaded.now
        health = plan_health(state, now, team=team_key, index=loaded.index)
        measures, unmoved, red = {}, [], 0
        for info in loaded.index.by_team.get(team_key, []):
            facts = measure_facts(info.measure, state)
            measures[info.measure.key] = facts
            red += facts.status == Status.RED.value
            history = state.history.get(info.measure.key)
            if _unmoved(history, now):
                unmoved.append(info.measure.key)
        objectives = {o.key for o in state.plan.objectives if o.team == team_key}
        return TeamFacts(
            measures=measures,
            grades={k: g for k, g in state.grades.items() if k in objectives},
            health=health_rows(health.figures),
            silent=tuple(s.person.key for s in health.silent),
            stale=tuple(s.key for s in health.stale),
            unmoved=tuple(unmoved),
            scored=_scored(health.figures),
            red=red,
        )


def measure_facts(measure: Any, state: EngineState) -> MeasureFacts:
    """A measure's trend, and its progress or colour, as the engine's lines compute them."""
    history = state.history.get(measure.key)
    value = history.last_value if history else None
    if isinstance(measure, Kpi):
        colour = kpi_status(measure, value)
        return MeasureFacts(
            history=history.trend if history else (),
            status=colour.value if colour else None,
        )
    return MeasureFacts(
        history=history.trend if history else (),
        progress=kr_progress(measure, value),
        confidence=history.confidence.value if history and history.confidence else None,
    )


def health_rows(figures: HealthFigures) -> tuple[tuple[str, str], ...]:
    """PRODUCT.md's plan-health figures, labelled as the digest labels them."""
    mean, most = figures.measures_per_objective_mean, figures.measures_per_objective_max
    return (
        ("KPIs scored this period", _share(figures.kpis_scored, "no KPIs")),
        ("KRs scored this period", _share(figures.krs_scored, "no KRs")),
        ("Objectives graded last quarter", _share(figures.objectives_graded, "none to grade")),
        ("Owners who have ever updated", _share(figures.owners_ever_updated, "no owners")),
        (
            "Measures per objective",
            "no objectives" if mean is None else f"{mean:.1f} on average, {most} at most",
        ),
        ("Stale measures", str(figures.stale_measures)),
        ("Silent owners", str(figures.silent_owners)),
    )


def _unmoved(history: MeasureHistory | None, now: datetime) -> bool:
    """Unchanged for 90 days, as the digest's "retire or rethink" rule reads it."""
    if history is None or history.last_value is None or history.value_since is None:
        return False
    return now - history.value_since >= UNMOVED_AFTER


def _scored(figures: HealthFigures) -> str:
    parts = []
    if figures.krs_scored is not None:
        parts.append(f"{figures.krs_scored:.0%} of KRs")
    if figures.kpis_scored is not None:
        parts.append(f"{figures.kpis_scored:.0%} of KPIs")
    return " · ".join(parts) or "nothing due"


def _share(value: float | None, none: str) -> str:
    return none if value is None else f"{value:.0%}"


def _changes(session: Session) -> tuple[Any, ...]:
    """Cheap marks that move whenever something the dashboard shows was written."""
    return (
        session.exec(select(PlanSettingsRow.imported_at)).first(),
        session.exec(select(func.max(UpdateRow.id))).one(),
        session.exec(select(func.max(GradeRow.id))).one(),
        session.exec(
            select(
                func.max(ActionRow.id), func.max(ActionRow.sent_at), func.max(ActionRow.closed_at)
            )
        ).one(),
    )
