"""Scoring helpers the engine and the command service share: KR progress, KPI status."""

from dataclasses import replace

import pytest
from builders import kpi, kr, objective
from hypothesis import given
from hypothesis import strategies as st

from cadence.engine.lines import kpi_status, kr_progress, measure_line, objective_grade, status
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


key_results = st.lists(
    st.tuples(
        st.floats(-1e6, 1e6, allow_nan=False),  # baseline
        st.floats(-1e6, 1e6, allow_nan=False),  # target
        st.one_of(st.none(), st.floats(-1e6, 1e6, allow_nan=False)),  # latest value
        st.floats(0.01, 100),  # weight
    ),
    max_size=6,
)


def _objective(rows, *, weights=True):
    krs = tuple(
        replace(kr(f"k{i}", "o"), baseline=b, target=t, weight=w if weights else 1.0)
        for i, (b, t, _, w) in enumerate(rows)
    )
    histories = {f"k{i}": MeasureHistory(f"k{i}", v) for i, (_, _, v, _) in enumerate(rows)}
    return objective("ob", "o", krs), histories


@given(rows=key_results, scale=st.floats(0.1, 10))
def test_the_grade_is_the_weighted_mean_of_kr_progress_between_0_and_1(rows, scale):
    ob, histories = _objective(rows)
    progress = [
        (p, kr.weight)
        for kr in ob.key_results
        if (p := kr_progress(kr, histories[kr.key].last_value)) is not None
    ]
    grade = objective_grade(ob, histories)
    if not progress:
        assert grade is None
        return
    assert 0.0 <= grade <= 1.0
    low, high = min(p for p, _ in progress), max(p for p, _ in progress)
    assert low - 1e-9 <= grade <= high + 1e-9
    expected = sum(p * w for p, w in progress) / sum(w for _, w in progress)
    assert grade == pytest.approx(expected)
    scaled = replace(
        ob, key_results=tuple(replace(k, weight=k.weight * scale) for k in ob.key_results)
    )
    assert objective_grade(scaled, histories) == pytest.approx(grade)


@given(rows=key_results)
def test_without_weights_the_grade_is_the_plain_mean(rows):
    ob, histories = _objective(rows, weights=False)
    progress = [
        p for k in ob.key_results if (p := kr_progress(k, histories[k.key].last_value)) is not None
    ]
    grade = objective_grade(ob, histories)
    assert grade == (pytest.approx(sum(progress) / len(progress)) if progress else None)


def test_a_weighted_grade_counts_heavier_krs_more():
    ob, histories = _objective([(0, 10, 10, 3.0), (0, 10, 0, 1.0), (0, 10, None, 5.0)])
    assert objective_grade(ob, histories) == 0.75  # the KR without a value does not count
