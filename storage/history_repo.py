"""Each measure's recent record, summarised for the engine, health and chat answers.

Two queries whatever the plan's size: the latest update of each measure with the moment
its current value was first recorded (index probes per measure, never a scan of the
whole history), and the updates since the previous quarter began (scored periods and
trend). storage.history_cache keeps the same summaries up to date between ticks by
applying each newer update with `apply_update`, so both paths must agree row for row.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from cadence.engine.index import PlanIndex
from cadence.engine.state import MeasureHistory
from cadence.periods import quarter
from cadence.updates import Confidence
from storage.tables.updates import UpdateRow

AnySelect = Select[*tuple[Any, ...]]  # a select of any columns

TREND_POINTS = 12


def load_histories(
    session: Session, index: PlanIndex, now: datetime, keys: Collection[str] | None = None
) -> dict[str, MeasureHistory]:
    """MeasureHistory for every measure with at least one update (or just `keys`)."""
    return {key: s.history for key, s in read_summaries(session, index, now, keys).items()}


@dataclass(frozen=True, slots=True)
class Summary:
    """A measure's history with what applying a newer update needs: the id of its latest
    update and whether any update falls in the window (else the trend is the last value)."""

    history: MeasureHistory
    last_id: int
    windowed: bool


def window_start(now: datetime) -> datetime:
    """Updates recorded from here on count for scored periods and trends: the previous
    quarter's start, a day early so that no owner's time zone is cut off."""
    start = datetime.combine(quarter(now.date()).preceding().start, time(), UTC)
    return start - timedelta(days=1)


def read_summaries(
    session: Session,
    index: PlanIndex,
    now: datetime,
    keys: Collection[str] | None = None,
    *,
    upto: int | None = None,
) -> dict[str, Summary]:
    """Summaries of every measure with an update (or just `keys`), counting only updates
    with ids up to `upto` when given."""
    params = _params(keys, upto)
    latest = {
        key: tuple(rest)
        for key, *rest in session.connection().execute(_latest_query(*_limits(params)), params)
    }
    if not latest:
        return {}
    quarters = LocalQuarters(index)
    inside = _window_query(*_limits(params))
    rows = session.connection().execute(inside, {**params, "since": window_start(now)})
    counted: dict[str, _Window] = {}
    unknown = _Window("")  # updates of measures the plan no longer has count for nothing
    intern = sys.intern
    for row_id, measure_key, period, recorded_at, value in rows:
        found = counted.get(measure_key)
        if found is None:
            info = index.measures.get(measure_key)
            found = counted[measure_key] = _Window(info.measure.owner) if info else unknown
        if found is unknown:
            continue
        # Lists, not sets: rows come in time order, so a repeat is almost always the last
        # one added, and 33,000 small sets would double the memory a full read takes.
        seen = found.periods
        if not seen or seen[-1] != period:
            seen.append(intern(period))
        seen = found.quarters
        key = quarters.key(found.owner, recorded_at)
        if not seen or seen[-1] != key:
            seen.append(key)
        found.ids.append(row_id)
        found.values.append(value)
        if len(found.ids) > 2 * TREND_POINTS:
            found.trim()
    shared: dict[frozenset[str], frozenset[str]] = {frozenset(): frozenset()}
    summaries = {}
    for key, (last_id, value, recorded_at, since, confidence, comment, blockers) in latest.items():
        window = counted.pop(key, None)  # freed as it goes: a year of history is large
        if window is unknown:
            window = None
        # Measures answered alike share one set: a year of weekly answers is a big one.
        periods = frozenset(window.periods + window.quarters) if window else frozenset()
        history = MeasureHistory(
            measure=key,
            last_value=value,
            last_recorded_at=recorded_at,
            value_since=since,
            scored_periods=shared.setdefault(periods, periods),
            confidence=Confidence(confidence) if confidence else None,
            comment=comment,
            blockers=blockers,
            trend=window.trend() if window else (value,),
        )
        summaries[key] = Summary(history, last_id, window is not None)
    return summaries


def apply_update(
    summary: Summary | None,
    row: Any,
    *,
    index: PlanIndex,
    quarters: LocalQuarters,
    cutoff: datetime,
) -> Summary:
    """The summary after one update newer than any it counts (`row` has id, measure_key,
    period, value, recorded_at, confidence, comment and blockers)."""
    info = index.measures.get(row.measure_key)
    in_window = info is not None and row.recorded_at >= cutoff
    confidence = Confidence(row.confidence) if row.confidence else None
    trend: tuple[float, ...]
    if summary is None:
        since, periods, trend, windowed = row.recorded_at, frozenset[str](), (), False
    else:
        last = summary.history
        assert last.value_since is not None
        same = row.value == last.last_value
        since = min(last.value_since, row.recorded_at) if same else row.recorded_at
        periods, trend, windowed = last.scored_periods, last.trend, summary.windowed
    if in_window:
        assert info is not None
        owner = info.measure.owner
        periods = periods | {sys.intern(row.period), quarters.key(owner, row.recorded_at)}
        trend = ((trend if windowed else ()) + (row.value,))[-TREND_POINTS:]
    elif not windowed:
        trend = (row.value,)
    history = MeasureHistory(row.measure_key, row.value, row.recorded_at, since, periods,
                             confidence, row.comment, row.blockers, trend)  # fmt: skip
    return Summary(history, row.id, windowed or in_window)


def newer_updates(after: int) -> AnySelect:
    """Every update with an id above `after`, oldest first, with what apply_update and
    the authors list read."""
    return (
        select(
            col(UpdateRow.id),
            col(UpdateRow.measure_key),
            col(UpdateRow.period),
            col(UpdateRow.value),
            col(UpdateRow.recorded_at),
            col(UpdateRow.confidence),
            col(UpdateRow.comment),
            col(UpdateRow.blockers),
            col(UpdateRow.author),
        )
        .where(col(UpdateRow.id) > after)
        .order_by(col(UpdateRow.id))
    )


class _Window:
    """A measure's updates inside the window: its periods and quarters (repeats allowed)
    and the ids and values of the latest ones (two lists, not tuples, to stay small)."""

    __slots__ = ("ids", "owner", "periods", "quarters", "values")

    def __init__(self, owner: str) -> None:
        self.owner = owner
        self.periods: list[str] = []
        self.quarters: list[str] = []
        self.ids: list[int] = []
        self.values: list[float] = []

    def trim(self) -> None:
        """Keep only what can still be in the trend: the last values by id (rows arrive
        in index order, not id order)."""
        last = sorted(range(len(self.ids)), key=self.ids.__getitem__)[-TREND_POINTS:]
        self.ids = [self.ids[i] for i in last]
        self.values = [self.values[i] for i in last]

    def trend(self) -> tuple[float, ...]:
        self.trim()
        return tuple(self.values)


class LocalQuarters:
    """The quarter an update falls in on its owner's local calendar. Only a UTC day at a
    quarter's edge can be in another quarter locally, so only those are converted."""

    def __init__(self, index: PlanIndex) -> None:
        self._index = index
        self._zones: dict[str, tzinfo] = {}
        self._days: dict[date, str] = {}  # UTC days away from a quarter's edge

    def key(self, owner: str, at: datetime) -> str:
        day = at.date()
        found = self._days.get(day)
        if found is not None:
            return found
        if _at_quarter_edge(day):
            zone = self._zones.get(owner)
            if zone is None:
                person = self._index.people.get(owner)
                zone = self._zones[owner] = ZoneInfo(person.zone) if person else UTC
            return quarter(at.astimezone(zone).date()).key
        found = self._days[day] = quarter(day).key
        return found


def _at_quarter_edge(day: date) -> bool:
    if day.month % 3 == 1:
        return day.day == 1
    return day.month % 3 == 0 and day.day >= 30 and (day + timedelta(days=1)).day == 1


# The statements are built once (with bound parameters) and reused: building one costs
# more than running it, and every answer reads its measures' history.


def _params(keys: Collection[str] | None, upto: int | None) -> dict[str, Any]:
    params: dict[str, Any] = {}
    if keys is not None:
        params["keys"] = list(keys)
    if upto is not None:
        params["upto"] = upto
    return params


def _limits(params: dict[str, Any]) -> tuple[bool, bool]:
    return "keys" in params, "upto" in params


def _limited(query: AnySelect, by_keys: bool, by_upto: bool) -> AnySelect:
    if by_keys:
        query = query.where(col(UpdateRow.measure_key).in_(bindparam("keys", expanding=True)))
    if by_upto:
        query = query.where(col(UpdateRow.id) <= bindparam("upto"))
    return query


@functools.cache
def _window_query(by_keys: bool, by_upto: bool) -> AnySelect:
    """The updates recorded since `since`, for scored periods and trends."""
    inside = select(col(UpdateRow.id), col(UpdateRow.measure_key), col(UpdateRow.period),
                    col(UpdateRow.recorded_at), col(UpdateRow.value))  # fmt: skip
    inside = _limited(inside.where(UpdateRow.recorded_at >= bindparam("since")), by_keys, by_upto)
    return inside.execution_options(yield_per=5_000)  # a server-side cursor on PostgreSQL


@functools.cache
def _latest_query(by_keys: bool, by_upto: bool) -> AnySelect:
    """Per measure: its latest update's id, value, time, confidence, comment and blockers,
    and when its current value was first recorded after its last different one. Both
    correlated subqueries walk the (measure_key, id) index back from the latest update,
    usually a row or two."""
    newest = _limited(
        select(col(UpdateRow.measure_key), func.max(UpdateRow.id).label("id")), by_keys, by_upto
    ).group_by(UpdateRow.measure_key)
    ids = newest.subquery()
    current = aliased(UpdateRow, name="current")
    earlier = aliased(UpdateRow, name="earlier")
    run = aliased(UpdateRow, name="run")
    changed = (
        select(col(earlier.id))
        .where(col(earlier.measure_key) == col(current.measure_key))
        .where(col(earlier.id) < col(current.id), col(earlier.value) != col(current.value))
        .order_by(col(earlier.id).desc())
        .limit(1)
        .correlate(current)
        .scalar_subquery()
    )
    since = (
        select(func.min(run.recorded_at))
        .where(col(run.measure_key) == col(current.measure_key))
        .where(col(run.id) > func.coalesce(changed, 0), col(run.id) <= col(current.id))
        .correlate(current)
        .scalar_subquery()
    )
    return select(
        col(current.measure_key), col(current.id), col(current.value),
        col(current.recorded_at), since,
        col(current.confidence), col(current.comment), col(current.blockers),
    ).join(ids, col(current.id) == ids.c.id)  # fmt: skip
