"""Lookups over a plan built once per tick: people, teams, each measure's team, objective
and cadence, and each person's local date. Keeps decide() linear in the plan's size."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cached_property
from typing import Any

from cadence.calendar import last_working_week, local, next_messageable, scheduled_at
from cadence.engine.state import ActionRecord
from cadence.model import KeyResult, Measure, MeasureKind, Objective, Person, Plan, Team
from cadence.periods import Period, parse_period, period_of, quarter
from cadence.schedule import CHECKIN, DEFAULTS, KPI_REVIEW, CadenceSpec, Every

_MEMO_LIMIT = 100_000


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    """A measure with what the engine keeps asking about it."""

    measure: Measure
    team: str
    objective: Objective | None
    spec: CadenceSpec


@dataclass(frozen=True, slots=True)
class Cohort:
    """Measures of one owner and kind with the same cadence and objective period."""

    owner: Person
    kind: MeasureKind
    spec: CadenceSpec
    span: Period | None
    infos: tuple[MeasureInfo, ...]

    def active_in(self, period: Period) -> bool:
        """KPIs always are; KRs while their objective's period overlaps `period`."""
        return self.span is None or (self.span.start < period.end and period.start < self.span.end)


class PlanIndex:
    """Read-only lookups over one plan; build one per tick."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.people: dict[str, Person] = {p.key: p for p in plan.people}
        self.teams: dict[str, Team] = {t.key: t for t in plan.teams}
        self.objectives: dict[str, Objective] = {o.key: o for o in plan.objectives}
        self._days_at: datetime | None = None
        self._local_days: dict[str, date] = {}
        self._periods: dict[str, Period] = {}
        self._spans: dict[tuple[Every, date], Period] = {}
        self._scheduled: dict[tuple[str, CadenceSpec, str, bool], datetime] = {}
        self._action_periods: dict[str, dict[str, tuple[str, ...]]] = {}
        self._last_weeks: dict[tuple[str, date], date | None] = {}
        self._messageable: dict[tuple[str, datetime, bool], datetime] = {}
        # engine.groups keeps its prompt groups here, by the zones' local dates they hold for
        self.group_memo: dict[bool, tuple[tuple[date, ...], Any]] = {}

    @cached_property
    def measures(self) -> dict[str, MeasureInfo]:
        """Every measure by key, with its team, objective and effective cadence."""
        found: dict[str, MeasureInfo] = {}
        for objective in self.plan.objectives:
            for kr in objective.key_results:
                found[kr.key] = MeasureInfo(
                    kr, objective.team, objective, self.spec(kr, objective.team)
                )
        for kpi in self.plan.kpis:
            found[kpi.key] = MeasureInfo(kpi, kpi.team, None, self.spec(kpi, kpi.team))
        return found

    @cached_property
    def by_team(self) -> dict[str, list[MeasureInfo]]:
        """Measures grouped by the team they belong to."""
        found: dict[str, list[MeasureInfo]] = {}
        for info in self.measures.values():
            found.setdefault(info.team, []).append(info)
        return found

    @cached_property
    def cohorts(self) -> list[Cohort]:
        """Measures sharing an owner, kind, cadence and objective period: everything the
        engine works out about time is the same for all of them. Measures whose owner is
        unknown or whose objective's period is unreadable are left out."""
        found: dict[tuple[str, MeasureKind, CadenceSpec, str | None], list[MeasureInfo]] = {}
        for info in self.measures.values():
            span_name = info.objective.period if info.objective else None
            key = (info.measure.owner, info.measure.kind, info.spec, span_name)
            found.setdefault(key, []).append(info)
        cohorts = []
        for (owner, kind, spec, span_key), infos in found.items():
            span = None if span_key is None else self.period_named(span_key)
            if owner in self.people and (span_key is None or span is not None):
                cohorts.append(Cohort(self.people[owner], kind, spec, span, tuple(infos)))
        return cohorts

    @cached_property
    def cohorts_by_team(self) -> dict[str, list[Cohort]]:
        """The cohorts split by the team each measure belongs to."""
        found: dict[str, list[Cohort]] = {}
        for cohort in self.cohorts:
            by_team: dict[str, list[MeasureInfo]] = {}
            for info in cohort.infos:
                by_team.setdefault(info.team, []).append(info)
            for team, infos in by_team.items():
                found.setdefault(team, []).append(replace(cohort, infos=tuple(infos)))
        return found

    def spec(self, measure: Measure, team_key: str) -> CadenceSpec:
        """The measure's cadence: its own, else its team's, else the plan's, else the default."""
        if measure.cadence is not None:
            return measure.cadence
        name = CHECKIN if measure.kind is MeasureKind.KEY_RESULT else KPI_REVIEW
        team = self.teams.get(team_key)
        if team is not None and name in team.cadences:
            return team.cadences[name]
        return self.plan.cadences.get(name, DEFAULTS[name])

    def local_day(self, person: Person, now: datetime) -> date:
        """The person's calendar date at `now` (memoised per zone for the latest `now`, so
        a long-lived index does not grow)."""
        if now != self._days_at:
            self._days_at, self._local_days = now, {}
        day = self._local_days.get(person.zone)
        if day is None:
            day = self._local_days[person.zone] = local(person, now).date()
        return day

    @cached_property
    def zone_people(self) -> tuple[Person, ...]:
        """One person per zone the plan's people are in: whose dates stand for the zone's."""
        return tuple({p.zone: p for p in self.plan.people}.values())

    def zone_days(self, now: datetime) -> tuple[date, ...]:
        """The calendar date of every zone of the plan at `now`: what is due changes with
        these dates, not with the minute."""
        return tuple(self.local_day(person, now) for person in self.zone_people)

    def objective_period(self, objective: Objective) -> Period | None:
        """The quarter (or other period) an objective is for, None when its key is unreadable."""
        return self.period_named(objective.period)

    def period_named(self, key: str) -> Period | None:
        """The period a key names (memoised), None when it names none."""
        if key not in self._periods:
            try:
                self._periods[key] = parse_period(key)
            except ValueError:
                return None
        return self._periods[key]

    def period_at(self, every: Every, day: date) -> Period:
        """The period of a cadence holding `day` (memoised: owners share days)."""
        span = self._spans.get((every, day))
        if span is None:
            span = self._spans[(every, day)] = period_of(every, day)
        return span

    def scheduled_at(
        self, person: Person, spec: CadenceSpec, period: Period, *, end_of_period: bool = False
    ) -> datetime:
        """calendar.scheduled_at, memoised (and dropped wholesale now and then, so a
        long-lived index stays small)."""
        key = (person.key, spec, period.key, end_of_period)
        if key not in self._scheduled:
            if len(self._scheduled) > _MEMO_LIMIT:
                self._scheduled.clear()
            self._scheduled[key] = scheduled_at(person, spec, period, end_of_period=end_of_period)
        return self._scheduled[key]

    def next_messageable(
        self, person: Person, moment: datetime, *, skip_away: bool = False
    ) -> datetime:
        """calendar.next_messageable, memoised: every tick asks it again about the moments
        each owner's prompts are scheduled for."""
        key = (person.key, moment, skip_away)
        found = self._messageable.get(key)
        if found is None:
            if len(self._messageable) > _MEMO_LIMIT:
                self._messageable.clear()
            found = self._messageable[key] = next_messageable(person, moment, skip_away=skip_away)
        return found

    def last_working_week(self, person: Person, day: date) -> date | None:
        """calendar.last_working_week, memoised (quarter close asks it of every objective
        owner on every tick, and its answer changes only with the quarter)."""
        key = (person.key, quarter(day).start)
        if key not in self._last_weeks:
            if len(self._last_weeks) > _MEMO_LIMIT:
                self._last_weeks.clear()
            self._last_weeks[key] = last_working_week(person, day)
        return self._last_weeks[key]

    def action_periods(self, action: ActionRecord) -> dict[str, tuple[str, ...]]:
        """The measures an action names by the period of their own cadence it is about.
        A message about several check-ins carries the period that ends first, and every
        check-in it merged holds that period's last day (merged.clusters). Memoised by
        key: actions never change what they name."""
        found = self._action_periods.get(action.key)
        if found is None:
            if len(self._action_periods) > _MEMO_LIMIT:
                self._action_periods.clear()
            found = self._action_periods[action.key] = self._split(action)
        return found

    def _split(self, action: ActionRecord) -> dict[str, tuple[str, ...]]:
        period = self.period_named(action.period)
        if period is None:
            return {action.period: action.measures}
        last_day, every = period.end - timedelta(days=1), period.key_kind
        found: dict[str, list[str]] = {}
        for measure in action.measures:
            info = self.measures.get(measure)
            own = action.period
            if info is not None and info.spec.every is not every:
                own = self.period_at(info.spec.every, last_day).key
            found.setdefault(own, []).append(measure)
        return {key: tuple(measures) for key, measures in found.items()}

    def is_active(self, info: MeasureInfo, day: date) -> bool:
        """KPIs always are; a KR is while its objective's period holds `day`."""
        if not isinstance(info.measure, KeyResult) or info.objective is None:
            return True
        period = self.objective_period(info.objective)
        return period is not None and day in period
