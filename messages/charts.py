"""Trends as people see them: a Unicode sparkline in text, a PNG chart for /metric and the
digest, drawn from a TrendChart."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import Any

from cadence.quantities import format_quantity
from cadence.views import Digest, TrendChart, View

_BARS = "▁▂▃▄▅▆▇█"
WIDTH_PX, HEIGHT_PX, DPI = 640, 320, 100
GREEN_BAND, AMBER_BAND, RED_BAND = "#d9f2e3", "#fdf0d5", "#f9dcdc"
_LINE, _TARGET = "#1f4e79", "#1d6f42"
# A digest shows the trends of its first red KPIs; more images would bury its words.
DIGEST_CHARTS = 3


def sparkline(values: Sequence[float]) -> str:
    """One bar per value, scaled between the series' lowest and highest; '' when empty."""
    finite = [v for v in values if math.isfinite(v)]
    if not finite:
        return ""
    low, high = min(finite), max(finite)
    span = high - low
    top = len(_BARS) - 1
    return "".join(
        _BARS[round((v - low) / span * top)] if span else _BARS[top // 2]
        for v in values
        if math.isfinite(v)
    )


def chart_png(chart: TrendChart) -> bytes:
    """The chart as a PNG, for an adapter to attach to the message."""
    buffer = io.BytesIO()
    chart_figure(chart).savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def attached_charts(view: View) -> tuple[TrendChart, ...]:
    """The charts a message from the outbox shows as images beside its text."""
    return view.charts[:DIGEST_CHARTS] if isinstance(view, Digest) else ()


def chart_alt(chart: TrendChart) -> str:
    """The chart in words, for the image's alt text: where it ended and what it aims at."""
    unit = chart.unit
    parts = [f"{chart.title}: {len(chart.values)} values"]
    if chart.values:
        parts.append(f"latest {format_quantity(chart.values[-1], unit)}")
    if chart.target is not None:
        parts.append(f"target {format_quantity(chart.target, unit)}")
    if chart.green is not None:
        parts.append(f"green {_side(chart)} {format_quantity(chart.green, unit)}")
    return ", ".join(parts)


def chart_figure(chart: TrendChart) -> Any:
    """The matplotlib Figure the PNG is drawn from: value over time, its axis in the
    measure's unit, the target line and the green/amber/red bands."""
    if chart.days and len(chart.days) != len(chart.values):
        raise ValueError(f"chart: {len(chart.days)} days but {len(chart.values)} values")
    # Imported here so that nothing but a chart request pays for matplotlib.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.dates import DateFormatter
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    handles: list[Any] = []
    if chart.green is not None and chart.amber is not None:
        bands = _shade(axes, chart, green=chart.green, amber=chart.amber)
        handles += [Patch(color=colour, label=label) for colour, label in bands]
    if chart.target is not None:
        label = f"target {format_quantity(chart.target, chart.unit)}"
        handles.insert(0, axes.axhline(chart.target, color=_TARGET, linestyle="--", label=label))
    xs: Sequence[Any] = chart.days or range(len(chart.values))
    axes.plot(list(xs), list(chart.values), marker="o", color=_LINE, linewidth=2)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda y, _: format_quantity(y, chart.unit)))
    axes.set_title(chart.title[:80], fontsize=11)
    axes.grid(visible=True, alpha=0.3)
    if chart.days:
        axes.xaxis.set_major_formatter(DateFormatter("%d %b"))
        figure.autofmt_xdate()
    else:
        axes.set_xticks([])
        axes.set_xlabel(f"the last {len(chart.values)} updates, oldest first", fontsize=9)
    if handles:
        figure.legend(handles=handles, loc="outside right upper", fontsize=8, frameon=False)
    return figure


def _side(chart: TrendChart) -> str:
    return "from" if chart.higher_is_better else "up to"


def _shade(axes: Any, chart: TrendChart, *, green: float, amber: float) -> list[tuple[str, str]]:
    """Paint the bands behind the line; returns each band's colour and legend label."""
    values = [*chart.values, green, amber, *([chart.target] if chart.target is not None else [])]
    low, high = min(values), max(values)
    pad = (high - low) * 0.2 or 1.0
    low, high = low - pad, high + pad
    if chart.higher_is_better:
        zones = ((green, high, GREEN_BAND), (amber, green, AMBER_BAND), (low, amber, RED_BAND))
    else:
        zones = ((low, green, GREEN_BAND), (green, amber, AMBER_BAND), (amber, high, RED_BAND))
    for bottom, top, colour in zones:
        axes.axhspan(bottom, top, color=colour, zorder=0)
    axes.set_ylim(low, high)
    unit, side = chart.unit, _side(chart)
    return [
        (GREEN_BAND, f"green {side} {format_quantity(green, unit)}"),
        (AMBER_BAND, f"amber {side} {format_quantity(amber, unit)}"),
        (RED_BAND, "red"),
    ]
