"""Simulated owners behave like the vendor data: some never answer, values move toward target."""

from __future__ import annotations

import random

from bot.simulate.owners import Habit, answers_this_time, assign_habits, next_value
from cadence.model import Direction, KeyResult, Person
from cadence.units import Unit, UnitKind


def _people(n: int) -> tuple[Person, ...]:
    return tuple(Person(key=f"p{i:02d}", name=f"P {i}") for i in range(n))


def test_the_same_seed_gives_the_same_habits_and_some_never_answer() -> None:
    first = assign_habits(_people(40), rng=random.Random(3))
    assert first == assign_habits(_people(40), rng=random.Random(3))
    never = [k for k, h in first.items() if h.response_rate == 0]
    assert 0 < len(never) < 40


def test_a_silent_owner_never_answers_and_a_keen_one_answers_within_a_day() -> None:
    rng = random.Random(1)
    assert all(answers_this_time(Habit(0.0, 0), rng=rng) is None for _ in range(50))
    delays = [answers_this_time(Habit(1.0, 1), rng=rng) for _ in range(50)]
    assert set(delays) <= {0, 1}


def test_values_stay_in_the_unit_and_tend_toward_target() -> None:
    kr = KeyResult(
        key="kr", title="Tickets", objective="o", owner="p", baseline=100.0, target=40.0,
        unit=Unit(UnitKind.COUNT), direction=Direction.DOWN,
    )  # fmt: skip
    rng = random.Random(5)
    value = None
    for _ in range(30):
        value = next_value(kr, last=value, rng=rng)
        assert value >= 0 and value == int(value)
    assert value is not None and value < 70


def test_values_are_reported_as_people_round_them() -> None:
    money = KeyResult(
        key="acv", title="ACV", objective="o", owner="p", baseline=18_000.0, target=30_000.0,
        unit=Unit(UnitKind.CURRENCY, currency="USD"),
    )  # fmt: skip
    rng = random.Random(2)
    values = [next_value(money, last=None, rng=rng) for _ in range(20)]
    assert all(v == float(f"{v:.3g}") for v in values)
