"""Period keys as people say them: 2026-W49 is "the week of 30 Nov", 2026-12 "December 2026"."""

from __future__ import annotations

from cadence.periods import Period, parse_period
from cadence.schedule import Every


def period_label(key: str) -> str:
    """How a message names a period; text that is not a period key is shown as it is."""
    period = _period(key)
    if period is None:
        return key
    kind, start = period.key_kind, period.start
    if kind is Every.WEEK:
        return f"the week of {start.day} {start:%b}"
    if kind is Every.TWO_WEEKS:
        return f"the two weeks from {start.day} {start:%b}"
    if kind is Every.MONTH:
        return f"{start:%B %Y}"
    return f"Q{(start.month - 1) // 3 + 1} {start.year}"


def these_numbers(key: str) -> str:
    """The numbers a prompt asks for, by its period's length: "this month's numbers"."""
    period = _period(key)
    if period is None:
        return "the latest numbers"
    return {
        Every.WEEK: "this week's numbers",
        Every.TWO_WEEKS: "the numbers for these two weeks",
        Every.MONTH: "this month's numbers",
        Every.QUARTER: "this quarter's numbers",
    }[period.key_kind]


def _period(key: str) -> Period | None:
    try:
        return parse_period(key)
    except ValueError:
        return None
