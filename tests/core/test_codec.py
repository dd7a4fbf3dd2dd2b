import enum
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cadence.codec import from_data, to_data
from cadence.model import Plan
from cadence.planfile import load_plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def test_the_example_plan_survives_a_json_round_trip():
    plan = load_plan(EXAMPLE).plan
    assert plan is not None
    assert from_data(Plan, json.loads(json.dumps(to_data(plan)))) == plan


class _Colour(enum.StrEnum):
    RED = "red"


@dataclass(frozen=True, slots=True)
class _Inner:
    at: date


@dataclass(frozen=True, slots=True)
class _Outer:
    key: str
    share: float | None
    trend: tuple[float, ...]
    colour: _Colour | None
    inner: _Inner
    days: frozenset[int]
    labels: dict[str, tuple[_Inner, ...]]


def test_each_kind_of_field_encodes_to_plain_json_data():
    value = _Outer("k", None, (1.0, 2), _Colour.RED, _Inner(date(2026, 12, 2)), frozenset({4, 0}),
                   {"a": (_Inner(date(2026, 1, 1)),)})  # fmt: skip
    data = to_data(value)
    assert data == {"key": "k", "share": None, "trend": [1.0, 2], "colour": "red",
                    "inner": {"at": "2026-12-02"}, "days": [0, 4],
                    "labels": {"a": [{"at": "2026-01-01"}]}}  # fmt: skip
    assert type(data["colour"]) is str and type(data["trend"]) is list
    assert json.loads(json.dumps(data)) == data
