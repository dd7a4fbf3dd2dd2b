"""Prompt groups: per owner, kind and period, the measures one check-in or KPI review
asks about, and the moment it is scheduled for in the owner's local time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from cadence.calendar import at_local
from cadence.engine.context import Context
from cadence.engine.index import Cohort, MeasureInfo
from cadence.engine.state import ActionKind
from cadence.model import MeasureKind, Person
from cadence.periods import Period
from cadence.schedule import CadenceSpec


@dataclass(frozen=True, slots=True)
class PromptGroup:
    """One owner's measures of one kind that fall due in one period; `ends_at` is the end
    of the period on the owner's clock, as an instant."""

    kind: ActionKind
    owner: Person
    period: Period
    measures: tuple[MeasureInfo, ...]
    scheduled: datetime
    ends_at: datetime

    def unscored(self, ctx: Context) -> tuple[MeasureInfo, ...]:
        return tuple(m for m in self.measures if not ctx.scored(m.measure.key, self.period.key))


def prompt_groups(
    ctx: Context, cohorts: Iterable[Cohort] | None = None, *, current_only: bool = False
) -> list[PromptGroup]:
    """Groups for the current and (unless `current_only`) the previous period of every
    measure's cadence, of the plan's cohorts or of the `cohorts` given.

    The plan's own groups are kept in its index while every zone's local date stays the
    same: they follow from the plan and those dates alone, and a tick every minute would
    otherwise group 33,000 measures again each time."""
    index = ctx.index
    if cohorts is not None and cohorts is not index.cohorts:
        return _grouped(ctx, cohorts, current_only=current_only)
    days = index.zone_days(ctx.now)
    memo = index.group_memo.get(current_only)
    if memo is None or memo[0] != days:
        memo = index.group_memo[current_only] = (
            days,
            tuple(_grouped(ctx, index.cohorts, current_only=current_only)),
        )
    return list(memo[1])


def _grouped(ctx: Context, cohorts: Iterable[Cohort], *, current_only: bool) -> list[PromptGroup]:
    buckets: dict[tuple[ActionKind, str, str], list[MeasureInfo]] = defaultdict(list)
    spans: dict[tuple[ActionKind, str, str], tuple[Person, Period, set[CadenceSpec]]] = {}
    for cohort in cohorts:
        owner = cohort.owner
        kind = (
            ActionKind.CHECKIN if cohort.kind is MeasureKind.KEY_RESULT else ActionKind.KPI_REVIEW
        )
        current = ctx.index.period_at(cohort.spec.every, ctx.index.local_day(owner, ctx.now))
        periods = [current]
        if not current_only:
            day_before = current.start - timedelta(days=1)
            periods.append(ctx.index.period_at(cohort.spec.every, day_before))
        for period in periods:
            if cohort.active_in(period):
                key = (kind, owner.key, period.key)
                buckets[key].extend(cohort.infos)
                spans.setdefault(key, (owner, period, set()))[2].add(cohort.spec)
    groups = []
    for key, infos in buckets.items():
        owner, period, specs = spans[key]
        scheduled = min(ctx.index.scheduled_at(owner, s, period) for s in specs)
        ends_at = at_local(owner, period.end, time())
        groups.append(PromptGroup(key[0], owner, period, tuple(infos), scheduled, ends_at))
    return groups
