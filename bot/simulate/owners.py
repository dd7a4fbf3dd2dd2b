"""Simulated owners: who answers a prompt, when, and with what value, from a seeded RNG."""

from __future__ import annotations

import random
from dataclasses import dataclass

from cadence.model import Direction, Measure, Person
from cadence.units import UnitKind


@dataclass(frozen=True, slots=True)
class Habit:
    """How one simulated person treats the bot: how often they answer and how quickly."""

    response_rate: float
    max_delay_days: int


def assign_habits(people: tuple[Person, ...], *, rng: random.Random) -> dict[str, Habit]:
    """Give every person a habit; about one in five never answers, as the vendor data suggests."""
    habits: dict[str, Habit] = {}
    for person in sorted(people, key=lambda p: p.key):
        roll = rng.random()
        if roll < 0.2:
            habits[person.key] = Habit(response_rate=0.0, max_delay_days=0)
        elif roll < 0.5:
            habits[person.key] = Habit(response_rate=0.5, max_delay_days=3)
        else:
            habits[person.key] = Habit(response_rate=0.9, max_delay_days=1)
    return habits


def answers_this_time(habit: Habit, *, rng: random.Random) -> int | None:
    """Working days until this person answers a prompt, or None when they ignore it."""
    if rng.random() >= habit.response_rate:
        return None
    return rng.randint(0, habit.max_delay_days)


def next_value(measure: Measure, *, last: float | None, rng: random.Random) -> float:
    """A plausible new value: a noisy step from the last one toward the target."""
    target = measure.target
    start = last if last is not None else _starting_point(measure)
    if target is None:
        drift = start * rng.uniform(-0.05, 0.05)
    else:
        drift = (target - start) * rng.uniform(-0.1, 0.35)
    value = start + drift
    return _fit(measure, value)


def _starting_point(measure: Measure) -> float:
    baseline = getattr(measure, "baseline", None)
    if baseline is not None:
        return float(baseline)
    if measure.target is not None:
        factor = 0.8 if measure.direction is Direction.UP else 1.2
        return float(measure.target) * factor
    return 10.0


def _fit(measure: Measure, value: float) -> float:
    unit = measure.unit
    if unit.kind is UnitKind.COUNT:
        value = float(max(0, round(value)))
    elif unit.kind in (UnitKind.DURATION, UnitKind.RATIO):
        value = max(0.0, value)
    if unit.minimum is not None:
        value = max(unit.minimum, value)
    if unit.maximum is not None:
        value = min(unit.maximum, value)
    # People report round numbers: three significant digits ($1,050,000, 37.4%).
    return float(f"{value:.3g}")
