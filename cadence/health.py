"""Plan health (PRODUCT.md): the vendor's numbers for one team or the whole plan.

Computed from the same EngineState the engine decides from, so `health`, the digest and
the dashboard show the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cadence.engine.index import MeasureInfo, PlanIndex
from cadence.engine.lines import measure_ref, person_ref
from cadence.engine.state import ActionKind, ActionState, EngineState
from cadence.model import MeasureKind
from cadence.periods import quarter
from cadence.views import HealthFigures, SilentOwner, StaleMeasure

STALE_GRACE = timedelta(days=2)
_SILENCE_KINDS = frozenset({ActionKind.TEAM_ESCALATION, ActionKind.MANAGER_ESCALATION})


@dataclass(frozen=True, slots=True)
class PlanHealth:
    """The figures and the lists behind the silent and stale counts."""

    figures: HealthFigures
    silent: tuple[SilentOwner, ...]
    stale: tuple[StaleMeasure, ...]


def plan_health(
    state: EngineState, now: datetime, *, team: str | None = None, index: PlanIndex | None = None
) -> PlanHealth:
    """Health of the whole plan, or of one team's measures and objectives when `team` is set."""
    index = index or PlanIndex(state.plan)
    scope = list(index.measures.values()) if team is None else index.by_team.get(team, [])
    objectives = [o for o in state.plan.objectives if team is None or o.team == team]
    kpis: list[bool] = []
    krs: list[bool] = []
    stale: list[StaleMeasure] = []
    cohorts = index.cohorts if team is None else index.cohorts_by_team.get(team, [])
    for cohort in cohorts:
        owner = cohort.owner
        period = index.period_at(cohort.spec.every, index.local_day(owner, now))
        if not cohort.active_in(period):
            continue
        ref = person_ref(owner)
        counts = kpis if cohort.kind is MeasureKind.KPI else krs
        too_old = now - ((period.end - period.start) + STALE_GRACE)
        for info in cohort.infos:
            history = state.history.get(info.measure.key)
            counts.append(history is not None and period.key in history.scored_periods)
            last = history.last_recorded_at if history else None
            if last is None or last < too_old:
                stale.append(StaleMeasure(info.measure.key, info.measure.title, ref,
                                          None if last is None else last.date()))  # fmt: skip
    last_quarter = quarter(quarter(now.date()).start - timedelta(days=1)).key
    graded = [o.key in state.grades for o in objectives if o.period == last_quarter]
    owners = {i.measure.owner for i in scope if i.measure.owner in index.people}
    # A key result of a quarter that has ended is history: its owner is not silent about it.
    live = [
        i
        for i in scope
        if (person := index.people.get(i.measure.owner)) is None
        or index.is_active(i, index.local_day(person, now))
    ]
    silent = silent_owners(state, now, index=index, scope=live)
    sizes = [len(o.key_results) for o in objectives]
    figures = HealthFigures(
        kpis_scored=_share(kpis),
        krs_scored=_share(krs),
        objectives_graded=_share(graded),
        owners_ever_updated=_share([o in state.ever_updated for o in owners]),
        measures_per_objective_mean=sum(sizes) / len(sizes) if sizes else None,
        measures_per_objective_max=max(sizes) if sizes else None,
        stale_measures=len(stale),
        silent_owners=len(silent),
    )
    stale.sort(key=lambda s: (s.last_updated or date.min, s.key))  # never updated first
    return PlanHealth(figures, tuple(silent), tuple(stale))


def silent_owners(
    state: EngineState, now: datetime, *, index: PlanIndex, scope: list[MeasureInfo]
) -> list[SilentOwner]:
    """Owners escalated (or whose prompt was missed) for a measure still unscored in that
    period, then owners who have never recorded an update at all."""
    in_scope = {i.measure.key: i for i in scope}
    unanswered: dict[str, list[str]] = defaultdict(list)
    for action in state.actions:
        silence = action.kind in _SILENCE_KINDS or (
            action.state is ActionState.MISSED and action.kind is not ActionKind.DIGEST
        )
        if not silence or action.state is ActionState.CANCELLED:
            continue
        for key in action.measures:
            history = state.history.get(key)
            if key in in_scope and (history is None or action.period not in history.scored_periods):
                unanswered[in_scope[key].measure.owner].append(key)
    owned: dict[str, list[str]] = defaultdict(list)
    for key, info in in_scope.items():
        owned[info.measure.owner].append(key)
    found = []
    for owner_key, keys in owned.items():
        person = index.people.get(owner_key)
        never = owner_key not in state.ever_updated
        if person is None or not (never or owner_key in unanswered):
            continue
        named = dict.fromkeys(unanswered.get(owner_key) or keys)
        latest = max(
            (
                h.last_recorded_at
                for k in keys
                if (h := state.history.get(k)) and h.last_recorded_at
            ),
            default=None,
        )
        found.append(
            SilentOwner(
                person=person_ref(person),
                measures=tuple(measure_ref(in_scope[k].measure) for k in named),
                days_silent=None if latest is None else (now - latest).days,
                never_updated=never,
            )
        )
    found.sort(key=lambda s: (not s.never_updated, s.person.name, s.person.key))
    return found


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None
