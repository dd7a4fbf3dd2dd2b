"""Plan health (PRODUCT.md): the vendor's numbers for one team or the whole plan.

Computed from the same EngineState the engine decides from, so `health`, the digest and
the dashboard show the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from cadence.engine.context import Context
from cadence.engine.groups import prompt_groups
from cadence.engine.index import Cohort, MeasureInfo, PlanIndex
from cadence.engine.lines import measure_ref, person_ref
from cadence.engine.silence import escalation_deadline, ladder_for, prompt_anchor, prompted
from cadence.engine.state import EngineState
from cadence.model import Ladder, MeasureKind
from cadence.periods import quarter
from cadence.views import HealthFigures, SilentOwner, StaleMeasure

STALE_GRACE = timedelta(days=2)


@dataclass(frozen=True, slots=True)
class PlanHealth:
    """The figures and the lists behind the silent and stale counts."""

    figures: HealthFigures
    silent: tuple[SilentOwner, ...]
    stale: tuple[StaleMeasure, ...]


def plan_health(
    state: EngineState,
    now: datetime,
    *,
    team: str | None = None,
    index: PlanIndex | None = None,
    context: Context | None = None,
) -> PlanHealth:
    """Health of the whole plan, or of one team's measures and objectives when `team` is set.
    Pass the tick's `context` (for this state and `now`) to reuse what it already read."""
    ctx = context or Context(state, now, index)
    index = ctx.index
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
    # Decided per cohort (its measures share owner and objective period), kept in plan order.
    live_keys = {
        info.measure.key
        for cohort in cohorts
        if cohort.span is None or index.local_day(cohort.owner, now) in cohort.span
        for info in cohort.infos
    }
    live = [i for i in scope if i.measure.key in live_keys]
    silent = silent_owners(ctx, cohorts=cohorts, scope=live)
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
    ctx: Context, *, cohorts: list[Cohort], scope: list[MeasureInfo]
) -> list[SilentOwner]:
    """Owners with a measure their current period's prompt asked about still unscored at
    that period's escalation deadline (cadence.engine.silence), then, flagged apart,
    owners in `scope` who have never recorded an update at all."""
    silent: dict[str, dict[str, MeasureInfo]] = defaultdict(dict)
    since: dict[str, datetime] = {}
    unreachable: set[str] = set()
    for group in prompt_groups(ctx, cohorts, current_only=True):
        anchor = prompt_anchor(ctx, group)
        if anchor is None:
            continue
        due: dict[str, bool] = {}  # per team: the deadline of its ladder has come
        by_ladder: dict[Ladder, bool] = {}
        for info in prompted(ctx, group, anchor):
            if info.team not in due:
                ladder = ladder_for(ctx, info.team)
                if ladder not in by_ladder:
                    deadline = escalation_deadline(ctx, group, anchor, ladder=ladder)
                    by_ladder[ladder] = deadline <= ctx.now
                due[info.team] = by_ladder[ladder]
            if due[info.team]:
                owner = group.owner.key
                silent[owner][info.measure.key] = info
                since[owner] = min(anchor.at, since.get(owner, anchor.at))
                if anchor.unreachable:
                    unreachable.add(owner)
    owned: dict[str, list[MeasureInfo]] = defaultdict(list)
    for info in scope:
        owned[info.measure.owner].append(info)
    found = []
    for owner_key, infos in owned.items():
        person = ctx.index.people.get(owner_key)
        never = owner_key not in ctx.state.ever_updated
        if person is None or not (never or owner_key in silent):
            continue
        named = sorted(silent[owner_key].values(), key=lambda i: i.measure.key) or infos
        began = since.get(owner_key)
        found.append(
            SilentOwner(
                person=person_ref(person),
                measures=tuple(measure_ref(i.measure) for i in named),
                days_silent=None if began is None else (ctx.now - began).days,
                never_updated=never,
                unreachable=owner_key in unreachable,
            )
        )
    found.sort(key=lambda s: (not s.never_updated, s.person.name, s.person.key))
    return found


def _share(flags: list[bool]) -> float | None:
    return sum(flags) / len(flags) if flags else None
