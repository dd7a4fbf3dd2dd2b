"""Checks for single values a plan file holds, shared by the YAML and CSV readers.

Each function takes the text as written and returns the value, or raises ValueError with
a message fit to show next to the file, line and field.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import time

from cadence import limits
from cadence.model import WEEKDAYS, Direction
from cadence.planfile.issues import did_you_mean
from cadence.quantities import QuantityError, parse_quantity
from cadence.schedule import Every
from cadence.units import Unit

_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_PERIOD = re.compile(r"^(\d{4})-Q([1-4])$")
_YEARS = (2000, 2099)
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


def shown(text: str) -> str:
    """A text quoted in a message, cut short when it is too long to read there."""
    return f"'{text}'" if len(text) <= 40 else f"'{text[:30]}…' ({len(text):,} characters)"


def within(limit: int) -> Callable[[str], str]:
    """A check that a text is at most `limit` characters, the room storage keeps for it."""

    def check(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"is {len(text):,} characters long; at most {limit:,} fit here")
        return text

    return check


def check_key(text: str) -> str:
    """A stable key: typed in chat commands, so one word of letters, digits, '-', '_', '.'."""
    if len(text) > limits.KEY:
        raise ValueError(
            f"{shown(text)} is too long for a key; keys are typed in chat commands, so keep "
            f"them to at most {limits.KEY} characters"
        )
    if not _KEY.match(text):
        raise ValueError(
            f"'{text}' is not a usable key; keys are typed in chat commands, so use one word "
            "of letters, digits, '-', '_' or '.'"
        )
    return text


def check_period(text: str) -> str:
    """A quarter written like 2026-Q4, in a year a plan can mean (0026 is a typo)."""
    found = _PERIOD.match(text.strip())
    if not found:
        raise ValueError(f"'{text}' is not a quarter; write it like 2026-Q4")
    if not _YEARS[0] <= int(found.group(1)) <= _YEARS[1]:
        raise ValueError(
            f"'{text}' is not a quarter a plan can mean; write it like 2026-Q4, "
            f"with a year from {_YEARS[0]} to {_YEARS[1]}"
        )
    return text.strip()


def parse_weekday(text: str) -> int:
    """mon..sun to 0..6."""
    word = text.strip().lower()[:3]
    if word not in WEEKDAYS:
        raise ValueError(f"'{text}' is not a weekday; use one of {', '.join(WEEKDAYS)}")
    return WEEKDAYS.index(word)


def parse_working_hours(text: str) -> tuple[time, time]:
    """ "09:00-17:30" to a start and an end on the same day."""
    match = _HOURS.match(text.strip())
    bad = f"'{text}' is not a span of working hours; write it like 09:00-17:30"
    if match is None:
        raise ValueError(bad)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
        raise ValueError(bad)
    start, end = time(h1, m1), time(h2, m2)
    if end <= start:
        raise ValueError(f"'{text}' ends before it starts; write it like 09:00-17:30")
    return start, end


def parse_direction(text: str) -> Direction:
    """up or down."""
    word = text.strip().lower()
    choices = [d.value for d in Direction]
    if word not in choices:
        raise ValueError(
            f"'{text}' is not a direction; use up or down{did_you_mean(word, choices)}"
        )
    return Direction(word)


def parse_every(text: str) -> Every:
    """weekly, biweekly, monthly or quarterly."""
    word = text.strip().lower()
    choices = [e.value for e in Every]
    if word not in choices:
        hint = did_you_mean(word, choices)
        raise ValueError(f"'{text}' is not a cadence; use one of {', '.join(choices)}{hint}")
    return Every(word)


def parse_flag(text: str) -> bool:
    """A yes/no cell as spreadsheets write it."""
    word = text.strip().lower()
    if word in ("true", "yes", "y", "1", "x"):
        return True
    if word in ("false", "no", "n", "0", ""):
        return False
    raise ValueError(f"'{text}' is not yes or no")


def check_weight(weight: float) -> float:
    """A key result's weight in its objective's grade: above 0."""
    if weight <= 0:
        raise ValueError("must be above 0; leave a KR out rather than weigh it 0")
    return weight


def check_number(value: float, unit: Unit) -> float:
    """A number YAML already typed, checked against the unit."""
    problem = unit.check(value) if math.isfinite(value) else "must be a finite number"
    if problem:
        raise ValueError(f"{value:g} makes no sense here: the value {problem}")
    return float(value)


def parse_number(text: str, unit: Unit, *, decimal_comma: bool | None) -> float:
    """A number as people write it ("1,200.50", "30%", "$1.2M", "2h"), in the unit's scale."""
    try:
        return parse_quantity(text, unit, decimal_comma=decimal_comma).value
    except QuantityError as exc:
        raise ValueError(str(exc)) from None


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_email(text: str) -> str:
    """An email address, the identity Teams and Slack can both look a person up by."""
    if not _EMAIL.match(text.strip()):
        raise ValueError(f"{shown(text)} is not an email address")
    return within(limits.EMAIL)(text.strip())
