import struct
from datetime import date, timedelta

import pytest

from messages.charts import HEIGHT_PX, WIDTH_PX, sparkline, trend_png


def test_sparkline_scales_between_low_and_high():
    assert sparkline([1, 2, 3, 4, 5, 6, 7, 8]) == "▁▂▃▄▅▆▇█"
    assert sparkline([5, 5, 5]) == "▄▄▄"
    assert sparkline([]) == ""
    assert sparkline([1, float("nan"), 3]) == "▁█"


@pytest.mark.parametrize("bands", [None, (40.0, 30.0)])
def test_trend_png_is_a_real_image(bands):
    days = [date(2026, 7, 6) + timedelta(weeks=i) for i in range(8)]
    png = trend_png(
        title="Qualified pipeline",
        days=days,
        values=[30, 32, 31, 35, 38, 37, 41, 44],
        target=45.0,
        bands=bands,
        higher_is_better=True,
    )
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (WIDTH_PX, HEIGHT_PX)
    assert len(png) > 5_000


def test_trend_png_is_deterministic():
    args = {"title": "t", "days": [date(2026, 1, 1), date(2026, 1, 8)], "values": [1.0, 2.0]}
    assert trend_png(**args) == trend_png(**args)


def test_mismatched_series_is_refused():
    with pytest.raises(ValueError, match="2 days but 1 values"):
        trend_png(title="t", days=[date(2026, 1, 1), date(2026, 1, 2)], values=[1.0])
