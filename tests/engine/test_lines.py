"""Scoring helpers the engine and the command service share: KR progress, KPI status."""

from dataclasses import replace

from builders import kpi, kr
from hypothesis import given
from hypothesis import strategies as st

from cadence.engine.lines import kpi_status, kr_progress, measure_line, status
from cadence.engine.state import MeasureHistory
from cadence.model import Direction, Thresholds
from cadence.updates import Confidence
from cadence.views import Status

values = st.floats(-1e6, 1e6, allow_nan=False)


@given(value=values, baseline=values, target=values)
def test_progress_is_clamped_and_reaches_one_exactly_at_target(value, baseline, target):
    measure = replace(kr("k", "o"), baseline=baseline, target=target)
    progress = kr_progress(measure, value)
    if target == baseline:
        assert progress is None
    else:
        assert 0.0 <= progress <= 1.0
        assert kr_progress(measure, target) == 1.0 and kr_progress(measure, baseline) == 0.0


@given(value=values, green=values, gap=st.floats(0, 1e5), up=st.booleans())
def test_kpi_status_follows_direction_and_thresholds(value, green, gap, up):
    direction = Direction.UP if up else Direction.DOWN
    amber = green - gap if up else green + gap
    measure = replace(kpi("p", "o", direction=direction), thresholds=Thresholds(green, amber))
    found = kpi_status(measure, value)
    better = (lambda a, b: a >= b) if up else (lambda a, b: a <= b)
    if better(value, green):
        assert found is Status.GREEN
    elif better(value, amber):
        assert found is Status.AMBER
    else:
        assert found is Status.RED


def test_lines_show_values_in_the_measures_unit_and_the_krs_confidence():
    history = MeasureHistory("k", 2.5, confidence=Confidence.AT_RISK, trend=(1.0, 2.5))
    line = measure_line(kr("k", "o"), history, objective="Grow")
    assert (line.value, line.target, line.progress, line.status) == (
        "2.5",
        "10",
        0.25,
        Status.AT_RISK,
    )
    assert line.trend == (1.0, 2.5) and line.objective == "Grow"
    assert status(kpi("p", "o"), None) is None
    assert measure_line(kpi("p", "o"), None).value is None
