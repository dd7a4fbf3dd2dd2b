"""A measure's trend as a TrendChart: the plain data messages/charts.py draws."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cadence.model import Direction, Kpi, Measure
from cadence.views import TrendChart


def trend_chart(measure: Measure, values: Sequence[float], days: Sequence[date] = ()) -> TrendChart:
    """The measure's values (oldest first) with its target and, for a KPI, its thresholds."""
    thresholds = measure.thresholds if isinstance(measure, Kpi) else None
    return TrendChart(
        key=measure.key,
        title=measure.title,
        unit=measure.unit,
        values=tuple(values),
        days=tuple(days),
        target=measure.target,
        green=None if thresholds is None else thresholds.green,
        amber=None if thresholds is None else thresholds.amber,
        higher_is_better=measure.direction is Direction.UP,
    )
