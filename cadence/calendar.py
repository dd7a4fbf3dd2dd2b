"""Working time: when a person may be messaged, in their own timezone, working days,
hours and public holidays (the `holidays` package, by country and subdivision).

Local times are built from dates and wall-clock times, never by adding hours to an
instant, so a 09:00 prompt stays at 09:00 local across a DST change.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from zoneinfo import ZoneInfo

import holidays

from cadence.model import Person
from cadence.periods import Period, quarter
from cadence.schedule import CadenceSpec, Every

_HORIZON_DAYS = 400  # search bound: a person with no working day in a year is never messaged
# A message moved back into the end of someone's day comes this long before they stop,
# so a tick or a delivery running a little late still reaches them that day.
LATE_MARGIN = timedelta(hours=1)


class NeverReachable(ValueError):
    """The person has no working moment within the search horizon."""


@lru_cache(maxsize=1024)
def public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    """The public holidays of one country (and subdivision) in one year."""
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=year))


@cache
def zone(key: str) -> ZoneInfo:
    """One ZoneInfo per zone name for the process (ZoneInfo's own cache keeps only a few)."""
    return ZoneInfo(key)


def local(person: Person, moment: datetime) -> datetime:
    """The moment on the person's wall clock."""
    return moment.astimezone(zone(person.zone))


def at_local(person: Person, day: date, wall: time) -> datetime:
    """The instant (UTC) when the person's wall clock shows `wall` on `day`."""
    return datetime.combine(day, wall, tzinfo=zone(person.zone)).astimezone(UTC)


def is_working_day(person: Person, day: date, *, skip_away: bool = False) -> bool:
    """A working weekday that is not a public holiday (nor, if asked, a day away)."""
    if day.weekday() not in person.working_days:
        return False
    if person.country and day in public_holidays(person.country, person.subdivision, day.year):
        return False
    return not (skip_away and person.is_away(day))


def next_working_day(person: Person, day: date, *, skip_away: bool = False) -> date:
    """The first working day on or after `day`."""
    for offset in range(_HORIZON_DAYS):
        candidate = day + timedelta(days=offset)
        if is_working_day(person, candidate, skip_away=skip_away):
            return candidate
    raise NeverReachable(f"{person.key} has no working day within {_HORIZON_DAYS} days")


def next_messageable(person: Person, moment: datetime, *, skip_away: bool = False) -> datetime:
    """The first instant at or after `moment` inside the person's working hours (UTC)."""
    wall = local(person, moment)
    day = wall.date()
    for _ in range(_HORIZON_DAYS):
        day = next_working_day(person, day, skip_away=skip_away)
        start = at_local(person, day, person.work_start)
        end = at_local(person, day, person.work_end)
        if moment < end:
            return max(moment, start)
        day += timedelta(days=1)
    raise NeverReachable(f"{person.key} has no working hours within {_HORIZON_DAYS} days")


def add_working_days(person: Person, moment: datetime, days: int) -> datetime:
    """`days` working days after `moment` at the same wall-clock time, then moved into
    working hours: a Friday 09:00 prompt plus one working day is Monday 09:00."""
    wall = local(person, moment)
    day = wall.date()
    for _ in range(days):
        day = next_working_day(person, day + timedelta(days=1))
    return next_messageable(person, at_local(person, day, wall.time()))


def first_working_day(person: Person, period: Period) -> date | None:
    """The first working day of a period (a month for KPI reviews), None if it has none."""
    day = next_working_day(person, period.start)
    return day if day < period.end else None


def last_working_week(person: Person, day: date) -> date | None:
    """The first day of the quarter's last working week (holding `day`): the last N working
    days, where N is how many days a week the person works."""
    period = quarter(day)
    wanted = max(1, len(person.working_days))
    found: date | None = None
    cursor = period.end - timedelta(days=1)
    while cursor >= period.start and wanted:
        if is_working_day(person, cursor):
            found, wanted = cursor, wanted - 1
        cursor -= timedelta(days=1)
    return found


def scheduled_at(
    person: Person, spec: CadenceSpec, period: Period, *, end_of_period: bool = False
) -> datetime:
    """When a cadence asks in a period: weekly ones on their weekday, monthly and quarterly
    ones on the first working day; at the spec's hour on the person's clock, moved to the
    nearest working moment of the same period when that is not working time for them (see
    `working_moment_in`). Only a period without any working moment keeps the literal
    moment, so it is recorded as missed."""
    if spec.every in (Every.WEEK, Every.TWO_WEEKS):
        day = period.start + timedelta(days=spec.weekday)
    else:
        day = first_working_day(person, period) or period.start
    literal = at_local(person, day, time(spec.hour, spec.minute))
    return working_moment_in(person, literal, period, end_of_period=end_of_period) or literal


def working_moment_in(
    person: Person, moment: datetime, period: Period, *, end_of_period: bool = False
) -> datetime | None:
    """The working moment of `period` nearest `moment` for the person: `moment` itself when
    they work then; else the next one, or (for what closes a period, like the Friday digest,
    `end_of_period`) the latest one at or before it; the other direction when the preferred
    one falls outside the period. None when the period has no working moment at all."""
    found = next_messageable(person, moment)
    if found == moment:
        return moment
    later = found if local(person, found).date() < period.end else None
    if end_of_period:
        return latest_messageable(person, moment, not_before=period.start) or later
    return later or latest_messageable(person, moment, not_before=period.start)


def latest_messageable(person: Person, moment: datetime, *, not_before: date) -> datetime | None:
    """The latest working moment at or before `moment` on a day from `not_before` on: the
    moment's wall-clock time on the last working day, pulled into that day's hours and at
    least `LATE_MARGIN` before they end, so a message planned there still arrives in time.
    None when no such day exists."""
    wall = local(person, moment)
    end = person.work_end.hour * 60 + person.work_end.minute - LATE_MARGIN.seconds // 60
    latest = max(person.work_start, time(*divmod(max(end, 0), 60)))
    wanted = max(person.work_start, min(wall.time(), latest))
    day = wall.date()
    while day >= not_before:
        if is_working_day(person, day) and (day < wall.date() or wall.time() >= person.work_start):
            found = at_local(person, day, wanted)
            if found <= moment:
                return found
        day -= timedelta(days=1)
    return None


def snooze_end(person: Person, moment: datetime) -> datetime:
    """When "snooze until tomorrow" pressed at `moment` ends: the person's first working
    moment from the same wall-clock time a day later."""
    wall = local(person, moment)
    return next_messageable(person, at_local(person, wall.date() + timedelta(days=1), wall.time()))
