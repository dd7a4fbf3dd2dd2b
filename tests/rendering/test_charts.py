import io
import struct
from datetime import date, timedelta

import pytest
from PIL import Image

from cadence.model import Direction, Kpi, Thresholds
from cadence.trend_charts import trend_chart
from cadence.units import Unit, UnitKind
from cadence.views import TrendChart
from messages.charts import (
    AMBER_BAND,
    GREEN_BAND,
    HEIGHT_PX,
    RED_BAND,
    WIDTH_PX,
    chart_alt,
    chart_figure,
    chart_png,
    sparkline,
)

USD = Unit(UnitKind.CURRENCY, currency="USD")
DAYS = tuple(date(2026, 7, 6) + timedelta(weeks=i) for i in range(4))
MRR = Kpi("mrr", "Monthly recurring revenue", "sales", "dan", USD, 1.25e6, Thresholds(1.2e6, 1.1e6))
RESPONSE = Kpi(
    "first-response",
    "First response time",
    "support",
    "aroha",
    Unit(UnitKind.DURATION),
    4.0,
    Thresholds(green=4.0, amber=8.0),
    direction=Direction.DOWN,
)
COLOURS = {"green": GREEN_BAND, "amber": AMBER_BAND, "red": RED_BAND, "white": "#ffffff"}


def test_sparkline_scales_between_low_and_high():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5, 5]) == "▄▄▄"
    assert sparkline([]) == ""
    assert sparkline([1, float("nan"), 3]) == "▁█"


def _band_at(chart: TrendChart, value: float) -> str:
    """The band colour the PNG shows at `value`, just inside the plot's left edge (the
    commonest of five pixels, so a grid line through the value does not decide it)."""
    figure = chart_figure(chart)
    figure.canvas.draw()
    axes = figure.axes[0]
    left = axes.get_xlim()[0]
    x, y = axes.transData.transform((left, value))
    image = Image.open(io.BytesIO(chart_png(chart))).convert("RGB")
    row = image.height - round(y)
    seen = [_nearest(image.getpixel((round(x) + 3, row + dy))) for dy in range(-2, 3)]
    return max(set(seen), key=seen.count)


def _nearest(pixel: tuple[int, ...]) -> str:
    return min(COLOURS, key=lambda name: _distance(pixel, COLOURS[name]))


def _distance(pixel: tuple[int, ...], colour: str) -> int:
    wanted = [int(colour[i : i + 2], 16) for i in (1, 3, 5)]
    return sum((a - b) ** 2 for a, b in zip(pixel, wanted, strict=True))


@pytest.mark.parametrize(
    ("measure", "values", "expected"),
    [
        (MRR, (1.0e6, 1.05e6, 1.15e6, 1.25e6), {1.3e6: "green", 1.15e6: "amber", 1.02e6: "red"}),
        (RESPONSE, (9.0, 6.0, 5.0, 3.0), {2.0: "green", 6.0: "amber", 10.0: "red"}),
    ],
)
def test_each_value_sits_in_the_band_of_its_status(measure, values, expected):
    chart = trend_chart(measure, values, DAYS)
    assert {value: _band_at(chart, value) for value in expected} == expected


def test_the_axis_speaks_the_measures_unit_and_the_legend_names_the_target():
    figure = chart_figure(trend_chart(MRR, (1.0e6, 1.05e6, 1.15e6, 1.25e6), DAYS))
    figure.canvas.draw()
    axes = figure.axes[0]
    ticks = [t.get_text() for t in axes.get_yticklabels()]
    assert "$1.2M" in ticks and not any("e" in t for t in ticks)
    assert axes.yaxis.get_offset_text().get_text() == ""
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    assert legend == ["target $1.25M", "green from $1.2M", "amber from $1.1M", "red"]


def test_a_chart_without_days_shows_the_order_of_updates():
    chart = trend_chart(RESPONSE, (9.0, 6.0, 5.0))
    figure = chart_figure(chart)
    assert figure.axes[0].get_xlabel() == "the last 3 updates, oldest first"
    assert chart_alt(chart) == (
        "First response time: 3 values, latest 5 h, target 4 h, green up to 4 h"
    )


@pytest.mark.parametrize("measure", [MRR, RESPONSE])
def test_chart_png_is_a_real_image(measure):
    png = chart_png(trend_chart(measure, (5.0, 6.0, 4.0, 7.0), DAYS))
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (WIDTH_PX, HEIGHT_PX)


def test_chart_png_is_deterministic():
    chart = trend_chart(MRR, (1.0, 2.0), DAYS[:2])
    assert chart_png(chart) == chart_png(chart)


def test_mismatched_series_is_refused():
    with pytest.raises(ValueError, match="2 days but 1 values"):
        chart_png(trend_chart(MRR, (1.0,), DAYS[:2]))
