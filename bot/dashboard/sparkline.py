"""Inline SVG trend lines for the dashboard: a measure's recent values against its target."""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

_COLOURS = {"green": "#1a7f37", "amber": "#b7791f", "red": "#c62828"}


def sparkline(
    values: Sequence[float],
    *,
    target: float | None = None,
    status: str | None = None,
    width: int = 120,
    height: int = 28,
) -> Markup:
    """An SVG polyline of `values` (oldest first) with a dashed target line; empty if no data."""
    if not values:
        return Markup("")
    points = [float(v) for v in values]
    scale = points + ([float(target)] if target is not None else [])
    low, high = min(scale), max(scale)
    span = (high - low) or 1.0
    pad = 3

    def y(value: float) -> float:
        return round(height - pad - (value - low) / span * (height - 2 * pad), 1)

    step = (width - 2 * pad) / max(len(points) - 1, 1)
    coords = " ".join(f"{round(pad + i * step, 1)},{y(v)}" for i, v in enumerate(points))
    colour = _COLOURS.get(status or "", "#3b5bdb")
    parts = [
        f'<svg class="spark" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-label="trend">'
    ]
    if target is not None:
        ty = y(float(target))
        parts.append(
            f'<line x1="0" y1="{ty}" x2="{width}" y2="{ty}" stroke="#888" '
            'stroke-dasharray="3 2" stroke-width="1"/>'
        )
    if len(points) == 1:
        parts.append(f'<circle cx="{pad}" cy="{y(points[0])}" r="2.5" fill="{colour}"/>')
    else:
        parts.append(
            f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="1.8"/>'
        )
        last_x = round(pad + (len(points) - 1) * step, 1)
        parts.append(f'<circle cx="{last_x}" cy="{y(points[-1])}" r="2.5" fill="{colour}"/>')
    parts.append("</svg>")
    return Markup("".join(parts))
