import json
from pathlib import Path

from cadence.codec import from_data, to_data
from cadence.model import Plan
from cadence.planfile import load_plan

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"


def test_the_example_plan_survives_a_json_round_trip():
    plan = load_plan(EXAMPLE).plan
    assert plan is not None
    assert from_data(Plan, json.loads(json.dumps(to_data(plan)))) == plan
