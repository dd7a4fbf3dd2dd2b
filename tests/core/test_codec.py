import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from cadence.codec import encoded_once, from_data, to_data
from cadence.model import Plan
from cadence.planfile import load_plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def test_the_example_plan_survives_a_json_round_trip():
    plan = load_plan(EXAMPLE).plan
    assert plan is not None
    assert from_data(Plan, json.loads(json.dumps(to_data(plan)))) == plan


@dataclass(frozen=True, slots=True)
class _Line:
    key: str
    when: date
    trend: tuple[float, ...]


@encoded_once
@dataclass(frozen=True, slots=True)
class _Kept:
    key: str
    when: date
    trend: tuple[float, ...]


def test_a_value_encoded_once_encodes_as_any_other_every_time():
    kept = _Kept("kr-1", date(2026, 11, 30), (1.0, 2.5))
    plain = to_data(_Line("kr-1", date(2026, 11, 30), (1.0, 2.5)))
    assert to_data(kept) == plain == {"key": "kr-1", "when": "2026-11-30", "trend": [1.0, 2.5]}
    assert to_data(kept) is to_data(kept)  # the same object: its data is shared
    assert to_data([kept, _Kept("kr-2", date(2026, 12, 1), ())])[1]["key"] == "kr-2"


def test_values_encoded_once_stay_right_past_the_limit_of_those_kept():
    values = [_Kept(f"kr-{i}", date(2026, 11, 30), (float(i),)) for i in range(50_000)]
    assert [to_data(v)["trend"] for v in values] == [[float(i)] for i in range(50_000)]
    assert to_data(values[7]) == {"key": "kr-7", "when": "2026-11-30", "trend": [7.0]}
