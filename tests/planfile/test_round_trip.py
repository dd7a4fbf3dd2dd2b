from datetime import date, time
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cadence.model import (
    Absence,
    Direction,
    KeyResult,
    Kpi,
    Objective,
    Person,
    Plan,
    Team,
    Thresholds,
)
from cadence.planfile import dump_plan_yaml, load_plan, load_yaml_text
from cadence.planfile.yaml_load import SECTIONS
from cadence.schedule import CadenceSpec, Every
from cadence.units import Unit, UnitKind

EXAMPLE = Path(__file__).parents[2] / "examples" / "plan.yaml"


def test_example_round_trips():
    plan = load_plan(EXAMPLE).plan
    again = load_yaml_text(dump_plan_yaml(plan))
    assert again.errors == []
    assert again.plan == plan


titles = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=30
).filter(lambda t: t.strip())
values = st.floats(min_value=-1e12, max_value=1e12, allow_nan=False).filter(lambda v: v != 0)
units = st.sampled_from(
    [Unit(), Unit(UnitKind.PERCENT), Unit(UnitKind.CURRENCY, currency="USD"),
     Unit(UnitKind.NUMBER, minimum=-1e13, maximum=1e13)]
)  # fmt: skip
cadences = st.none() | st.builds(
    CadenceSpec, st.sampled_from(list(Every)), weekday=st.integers(0, 6),
    hour=st.integers(0, 23), minute=st.integers(0, 59),
)  # fmt: skip


@st.composite
def plans(draw) -> Plan:
    unit = draw(units)
    baseline, target = draw(values), draw(values)
    direction = Direction.UP if target >= baseline else Direction.DOWN
    green, amber = sorted((draw(values), draw(values)), reverse=True)
    people = (
        Person("ana", draw(titles), timezone="Asia/Kolkata", email="ana@example.com",
               working_days=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
               work_start=time(8, 15), work_end=time(16, 45), delegate="ben",
               away=(Absence(date(2026, 12, 1), date(2026, 12, 3)),)),
        Person("ben", draw(titles), slack_id=draw(titles.filter(lambda t: t == t.strip())),
               country="GB", subdivision="SCT", manager="ana"),
    )  # fmt: skip
    kr = KeyResult(
        "k-1", draw(titles), "o.1", "ben", unit, baseline, target, direction,
        weight=draw(st.floats(0.01, 100)), private=draw(st.booleans()), cadence=draw(cadences),
    )  # fmt: skip
    kpi = Kpi("kpi", draw(titles), "t", "ana", unit, draw(st.none() | values),
              draw(st.none() | st.just(Thresholds(green, amber))), private=draw(st.booleans()),
              cadence=draw(cadences))  # fmt: skip
    spec = draw(cadences)
    return Plan(
        people=people,
        teams=(Team("t", draw(titles), managers=("ana",), slack_channel="C0T",
                    cadences={"digest": spec} if spec else {}),),
        objectives=(Objective("o.1", draw(titles), "t", "ana", "2026-Q4", key_results=(kr,)),),
        kpis=(kpi,),
        admins=("ana",),
    )  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(plans())
def test_any_valid_plan_round_trips(plan):
    again = load_yaml_text(dump_plan_yaml(plan))
    assert again.errors == []
    assert again.plan == plan


def test_export_writes_units_in_the_documented_form():
    units = {
        kpi["key"]: kpi["unit"]
        for kpi in yaml.safe_load(dump_plan_yaml(load_plan(EXAMPLE).plan))["kpis"]
    }
    assert units["mrr"] == {"currency": "USD"}
    assert units["first-response"] == "duration"


def test_the_example_in_the_format_docs_is_complete_and_clean():
    doc = (Path(__file__).parents[2] / "docs" / "plan-format.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    result = load_yaml_text(example, file="plan-format.md")
    assert result.errors == [] and result.warnings == []
    plan = result.plan
    sections = {line.split(":")[0] for line in example.splitlines() if line[:1].isalpha()}
    assert sections == set(SECTIONS)
    assert plan.objectives[0].key_results and plan.kpis and plan.admins == ("maya",)
