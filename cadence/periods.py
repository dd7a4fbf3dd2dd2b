"""Periods an update counts for: ISO weeks (check-ins), two-week spans, months (KPI
reviews) and quarters (objectives). A measure is scored for a period when it has an
update recorded inside it, so every layer must agree on these boundaries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from cadence.schedule import Every


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """A half-open span of local dates [start, end) with its stable key, e.g. 2026-W48."""

    start: date
    end: date
    key: str

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day < self.end

    def following(self) -> Period:
        return period_of(self.key_kind, self.end)

    def preceding(self) -> Period:
        return period_of(self.key_kind, self.start - timedelta(days=1))

    @property
    def key_kind(self) -> Every:
        if "-W" in self.key:
            return Every.TWO_WEEKS if "+" in self.key else Every.WEEK
        return Every.QUARTER if "-Q" in self.key else Every.MONTH


@lru_cache(maxsize=4096)
def iso_week(day: date) -> Period:
    year, week, weekday = day.isocalendar()
    start = day - timedelta(days=weekday - 1)
    return Period(start, start + timedelta(days=7), f"{year}-W{week:02d}")


_FORTNIGHT_EPOCH = date(2001, 1, 1)  # a Monday; spans are counted from it so they never drift


def two_weeks(day: date) -> Period:
    """Fourteen days from a fixed Monday, named by the ISO week they start in."""
    offset = (day - _FORTNIGHT_EPOCH).days % 14
    start = day - timedelta(days=offset)
    return Period(start, start + timedelta(days=14), f"{iso_week(start).key}+2")


@lru_cache(maxsize=4096)
def month(day: date) -> Period:
    start = day.replace(day=1)
    end = (start + timedelta(days=32)).replace(day=1)
    return Period(start, end, f"{day.year}-{day.month:02d}")


@lru_cache(maxsize=4096)
def quarter(day: date) -> Period:
    q = (day.month - 1) // 3
    start = date(day.year, 3 * q + 1, 1)
    end = date(day.year + (q == 3), (3 * q + 3) % 12 + 1, 1)
    return Period(start, end, f"{day.year}-Q{q + 1}")


_BY_EVERY: dict[Every, Callable[[date], Period]] = {
    Every.WEEK: iso_week,
    Every.TWO_WEEKS: two_weeks,
    Every.MONTH: month,
}
_BY_EVERY[Every.QUARTER] = quarter


def period_of(every: Every, day: date) -> Period:
    """The period of the given cadence that contains the day."""
    return _BY_EVERY[every](day)


_KEY = re.compile(r"^(\d{4})-(?:W(\d{2})(\+2)?|Q([1-4])|(\d{2}))$")


@lru_cache(maxsize=4096)
def parse_period(key: str) -> Period:
    """The period a key names; raises ValueError with the accepted shapes otherwise.
    Periods, days and keys are few and asked about thousands of times a tick: the
    constructors here are remembered."""
    found = _KEY.match(key.strip())
    if found is None:
        raise ValueError(f"'{key}' is not a period; write 2026-W48, 2026-11 or 2026-Q4")
    year, week, pair, q, mon = found.groups()
    if week is not None:
        try:
            day = date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            raise ValueError(f"'{key}' names a week that year does not have") from None
        period = two_weeks(day) if pair else iso_week(day)
    elif q is not None:
        period = quarter(date(int(year), 3 * int(q) - 2, 1))
    else:
        if not 1 <= int(mon) <= 12:
            raise ValueError(f"'{key}' names a month that does not exist")
        period = month(date(int(year), int(mon), 1))
    if period.key != key.strip():
        raise ValueError(f"'{key}' is not where a period starts; did you mean {period.key}?")
    return period
