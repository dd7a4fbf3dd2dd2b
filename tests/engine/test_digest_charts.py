"""The digest carries a trend chart for each red KPI, for an adapter to attach."""

from builders import at, kpi, person, plan, scored, state
from world import World

from cadence.views import Digest


def test_a_red_kpi_with_a_trend_comes_with_its_chart():
    kpis = [kpi("red", "ann"), kpi("new-red", "ann"), kpi("green", "ann")]
    history = (
        scored("red", "2026-12", value=40, when="2026-12-01 10:00", trend=(80.0, 60.0, 40.0)),
        scored("new-red", "2026-12", value=30, when="2026-12-01 10:00", trend=(30.0,)),
        scored("green", "2026-12", value=95, when="2026-12-01 10:00", trend=(90.0, 95.0)),
    )
    start = at("2026-11-29 00:00")
    people = [person("ann"), person("boss")]
    world = World(state(plan(people, kpis=kpis), *history, active_since=start))
    world.run(start, at("2026-12-06 00:00"))
    digest = next(p.view for p in world.planned if isinstance(p.view, Digest))
    (chart,) = digest.charts
    assert (chart.key, chart.values, chart.target) == ("red", (80.0, 60.0, 40.0), 100.0)
    assert (chart.green, chart.amber, chart.higher_is_better) == (90.0, 70.0, True)
