"""Time one decide() and one plan-health computation on the "binder" plan's shape:
33,000 measures across 8,000 objectives and about 2,000 owners (PRODUCT.md).

Run: .venv/bin/python benchmarks/engine.py
"""

from __future__ import annotations

import random
import statistics
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from cadence.engine.decide import decide
from cadence.engine.index import PlanIndex
from cadence.engine.state import EngineState, MeasureHistory
from cadence.health import plan_health
from cadence.model import KeyResult, Kpi, Objective, Person, Plan, Team, Thresholds
from cadence.units import Unit

ZONES = ("Europe/Berlin", "America/New_York", "America/Los_Angeles", "Asia/Tokyo",
         "Asia/Kolkata", "Europe/London", "Pacific/Auckland", "Australia/Lord_Howe")  # fmt: skip
COUNTRIES = ("DE", "US", "US", "JP", "IN", "GB", "NZ", "AU")
OBJECTIVES, KR_PER_OBJECTIVE, KPIS, OWNERS, TEAMS = 8_000, 3, 9_000, 2_000, 400
SCORED = 372  # measures scored last period in the published binder plan


def binder_state(rng: random.Random, now: datetime, *, owners: int = OWNERS) -> EngineState:
    """The synthetic plan with a thin, realistic history: few measures ever scored."""
    people = tuple(
        Person(f"p{i}", f"Person {i}", timezone=ZONES[i % 8], country=COUNTRIES[i % 8],
               slack_id=f"U{i}", manager=f"p{i // 10}" if i >= 10 else None)
        for i in range(owners)
    )  # fmt: skip
    teams = tuple(
        Team(f"t{i}", f"Team {i}", managers=(f"p{i % 200}",), slack_channel=f"C{i}")
        for i in range(TEAMS)
    )
    objectives = []
    for i in range(OBJECTIVES):
        owner = f"p{rng.randrange(owners)}"
        krs = tuple(
            KeyResult(f"o{i}-k{j}", f"KR {i}.{j}", f"o{i}", f"p{rng.randrange(owners)}",
                      Unit(), 0.0, 100.0)
            for j in range(KR_PER_OBJECTIVE)
        )  # fmt: skip
        objectives.append(Objective(f"o{i}", f"Objective {i}", f"t{i % TEAMS}", owner,
                                    "2026-Q4", krs))  # fmt: skip
    kpis = tuple(
        Kpi(f"kpi{i}", f"KPI {i}", f"t{i % TEAMS}", f"p{rng.randrange(owners)}", Unit(),
            100.0, Thresholds(90.0, 70.0))
        for i in range(KPIS)
    )  # fmt: skip
    plan = Plan(people, teams, tuple(objectives), kpis)
    keys = [m.key for m in plan.measures()]
    history: dict[str, MeasureHistory] = {}
    for key in rng.sample(keys, 8_000):
        when = now - timedelta(days=rng.randrange(1, 300))
        periods = {"2026-W49", "2026-12"} if len(history) < SCORED else {"2026-W47"}
        history[key] = MeasureHistory(key, rng.uniform(0, 100), when, when, frozenset(periods))
    ever = frozenset(m.owner for m in plan.measures() if m.key in history)
    return EngineState(plan, history, ever_updated=ever,
                       active_since=now - timedelta(days=3))  # fmt: skip


def timed(run, repeats: int = 5) -> float:
    """Median CPU time of `run()` in seconds (steadier than wall time on a shared machine)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        run()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    rng = random.Random(7)
    monday = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
    state = binder_state(rng, monday)
    index = PlanIndex(state.plan)
    first = decide(state, monday, index=index)
    after = replace(state, actions=tuple(a.record() for a in first.planned))
    wednesday = monday + timedelta(days=2)
    print(f"measures {len(index.measures)}, objectives {len(state.plan.objectives)}, "
          f"people {len(state.plan.people)}, teams {len(state.plan.teams)}")  # fmt: skip
    print(f"Monday tick plans {len(first.planned)} actions")
    print(f"decide(), Monday, fresh index:     {timed(lambda: decide(state, monday)):.3f} s")
    print(f"decide(), Monday, reused index:    "
          f"{timed(lambda: decide(state, monday, index=index)):.3f} s")  # fmt: skip
    planned = decide(after, wednesday, index=index).planned
    print(f"Wednesday tick plans {len(planned)} (nudges, escalations)")
    print(
        f"decide(), Wednesday, {len(after.actions)} actions, fresh index: "
        f"{timed(lambda: decide(after, wednesday)):.3f} s"
    )
    print(
        f"decide(), Wednesday, reused index: "
        f"{timed(lambda: decide(after, wednesday, index=index)):.3f} s"
    )
    settled = replace(after, actions=after.actions + tuple(a.record() for a in planned))
    print(
        f"decide(), quiet tick (all planned): "
        f"{timed(lambda: decide(settled, wednesday, index=index)):.3f} s"
    )
    print(
        f"plan_health(), whole plan:         {timed(lambda: plan_health(after, wednesday)):.3f} s"
    )
    print(
        f"plan_health(), one team:           "
        f"{timed(lambda: plan_health(after, wednesday, team='t1', index=index)):.4f} s"
    )


if __name__ == "__main__":
    main()
