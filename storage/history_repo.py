"""Each measure's recent record, summarised for the engine, health and chat answers.

Two aggregate queries and one range scan, whatever the plan's size: the latest update per
measure, when each value last changed, and the updates since the previous quarter began.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import UTC, datetime, time, timedelta, tzinfo
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlmodel import Session, col, select

from cadence.engine.index import PlanIndex
from cadence.engine.state import MeasureHistory
from cadence.periods import quarter
from storage.tables.updates import UpdateRow
from storage.update_repo import latest_updates

TREND_POINTS = 12


def load_histories(
    session: Session, index: PlanIndex, now: datetime, keys: Collection[str] | None = None
) -> dict[str, MeasureHistory]:
    """MeasureHistory for every measure with at least one update (or just `keys`)."""
    latest = latest_updates(session, keys)
    if not latest:
        return {}
    since = _value_since(session, keys)
    window_start = datetime.combine(quarter(now.date()).preceding().start, time(), UTC)
    recent = select(UpdateRow.measure_key, UpdateRow.period, UpdateRow.recorded_at, UpdateRow.value)
    recent = recent.where(UpdateRow.recorded_at >= window_start - timedelta(days=1))
    if keys is not None:
        recent = recent.where(col(UpdateRow.measure_key).in_(list(keys)))
    periods: dict[str, set[str]] = defaultdict(set)
    trends: dict[str, list[float]] = defaultdict(list)
    zones: dict[str, tzinfo] = {}
    for measure_key, period, recorded_at, value in session.connection().execute(
        recent.order_by(col(UpdateRow.id))
    ):
        info = index.measures.get(measure_key)
        if info is None:
            continue
        zone = zones.get(info.measure.owner)
        if zone is None:
            owner = index.people.get(info.measure.owner)
            zone = zones[info.measure.owner] = ZoneInfo(owner.timezone) if owner else UTC
        periods[measure_key].update((period, quarter(recorded_at.astimezone(zone).date()).key))
        trends[measure_key].append(value)
    return {
        key: MeasureHistory(
            measure=key,
            last_value=update.value,
            last_recorded_at=update.recorded_at,
            value_since=since.get(key, update.recorded_at),
            scored_periods=frozenset(periods.get(key, ())),
            confidence=update.confidence,
            comment=update.comment,
            blockers=update.blockers,
            trend=tuple(trends.get(key, [update.value])[-TREND_POINTS:]),
        )
        for key, update in latest.items()
    }


def _value_since(session: Session, keys: Collection[str] | None) -> dict[str, datetime]:
    """When each measure's current value was first recorded, after its last different one."""
    newest = select(UpdateRow.measure_key, func.max(UpdateRow.id).label("last_id")).group_by(
        UpdateRow.measure_key
    )
    if keys is not None:
        newest = newest.where(col(UpdateRow.measure_key).in_(list(keys)))
    newest_sq = newest.subquery()
    current = (
        select(UpdateRow.measure_key, UpdateRow.value)
        .join(newest_sq, col(UpdateRow.id) == newest_sq.c.last_id)
        .subquery()
    )
    changed = (
        select(UpdateRow.measure_key, func.max(UpdateRow.id).label("changed_id"))
        .join(current, current.c.measure_key == UpdateRow.measure_key)
        .where(UpdateRow.value != current.c.value)
        .group_by(UpdateRow.measure_key)
        .subquery()
    )
    first_same = (
        select(UpdateRow.measure_key, func.min(UpdateRow.recorded_at))
        .join(current, current.c.measure_key == UpdateRow.measure_key)
        .outerjoin(changed, changed.c.measure_key == UpdateRow.measure_key)
        .where((changed.c.changed_id.is_(None)) | (col(UpdateRow.id) > changed.c.changed_id))
        .group_by(UpdateRow.measure_key)
    )
    return {key: at for key, at in session.exec(first_same)}
