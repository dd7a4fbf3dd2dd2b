"""Trends as people see them: a Unicode sparkline in text, a PNG chart for /metric."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from datetime import date

_BARS = "▁▂▃▄▅▆▇█"
WIDTH_PX, HEIGHT_PX, DPI = 640, 320, 100


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


def trend_png(
    *,
    title: str,
    days: Sequence[date],
    values: Sequence[float],
    target: float | None = None,
    bands: tuple[float, float] | None = None,
    higher_is_better: bool = True,
) -> bytes:
    """A PNG of value over time against the target line or the green/amber bands."""
    if len(days) != len(values):
        raise ValueError(f"trend_png: {len(days)} days but {len(values)} values")
    # Imported here so that nothing but a chart request pays for matplotlib.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_PX / DPI, HEIGHT_PX / DPI), dpi=DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if bands is not None:
        _shade(axes, bands, higher_is_better=higher_is_better, data=values)
    if target is not None:
        axes.axhline(target, color="#1d6f42", linestyle="--", linewidth=1.2, label="target")
    axes.plot(list(days), list(values), marker="o", color="#1f4e79", linewidth=2)
    axes.set_title(title[:80], fontsize=11)
    axes.grid(visible=True, alpha=0.3)
    figure.autofmt_xdate()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def _shade(
    axes, bands: tuple[float, float], *, higher_is_better: bool, data: Sequence[float]
) -> None:
    green, amber = bands
    values = [*data, green, amber]
    low, high = min(values), max(values)
    pad = (high - low) * 0.2 or 1.0
    low, high = low - pad, high + pad
    if higher_is_better:
        zones = ((green, high, "#d9f2e3"), (amber, green, "#fdf0d5"), (low, amber, "#f9dcdc"))
    else:
        zones = ((low, green, "#d9f2e3"), (green, amber, "#fdf0d5"), (amber, high, "#f9dcdc"))
    for bottom, top, colour in zones:
        axes.axhspan(bottom, top, color=colour, zorder=0)
    axes.set_ylim(low, high)
