"""Dashboard render time on a plan the size of the largest one seen (33,000+ measures),
stored in a SQLite file with twelve weeks of history for a quarter of the measures.

Run: .venv/bin/python benchmarks/dashboard.py [--db PATH]
The first request reads the engine state from the database; later ones reuse it until
something is written, and the next request after a write reads the state again (but not
the plan, unless it was imported again). All three are reported, for pages served over
HTTP by the real dashboard routes.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy import Engine, insert

from bot.dashboard import build_dashboard
from bot.runtime.clock import ManualClock
from cadence.engine.index import PlanIndex
from cadence.model import KeyResult, Kpi, Objective, Person, Plan, Team, Thresholds
from cadence.periods import period_of
from cadence.units import Unit, UnitKind
from cadence.updates import Source, Update
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_repo import save_plan
from storage.tables.updates import UpdateRow
from storage.update_repo import record_update

NOW = datetime(2026, 11, 26, 16, 0, tzinfo=UTC)
TEAMS, OBJECTIVES, KRS, KPIS, OWNERS_PER_TEAM = 400, 20, 3, 23, 6
UPDATED_SHARE, WEEKS = 0.25, 12


def big_plan() -> Plan:
    """400 teams, each with 20 objectives of 3 key results and 23 KPIs: 33,200 measures."""
    percent = Unit(UnitKind.PERCENT, minimum=0, maximum=100)
    people, teams, objectives, kpis = [], [], [], []
    for t in range(TEAMS):
        team = f"team-{t:04d}"
        owners = [f"{team}-p{i}" for i in range(OWNERS_PER_TEAM)]
        people += [Person(key=k, name=f"Owner {k}", email=f"{k}@example.org") for k in owners]
        teams.append(Team(key=team, name=f"Team {t:04d}", managers=(owners[0],)))
        for o in range(OBJECTIVES):
            key = f"{team}-o{o}"
            key_results = tuple(
                KeyResult(key=f"{key}-kr{k}", title=f"Key result {k}", objective=key,
                          owner=owners[(o + k) % 6], unit=percent, baseline=10.0, target=60.0)
                for k in range(KRS)
            )  # fmt: skip
            objectives.append(
                Objective(key=key, title=f"Objective {o}", team=team, owner=owners[o % 6],
                          period="2026-Q4", key_results=key_results)
            )  # fmt: skip
        kpis += [
            Kpi(key=f"{team}-kpi{k}", title=f"KPI {k}", team=team, owner=owners[k % 6],
                unit=percent, target=90.0, thresholds=Thresholds(green=85.0, amber=70.0))
            for k in range(KPIS)
        ]  # fmt: skip
    return Plan(people=tuple(people), teams=tuple(teams),
                objectives=tuple(objectives), kpis=tuple(kpis))  # fmt: skip


def build_database(path: Path) -> Engine:
    """The plan and a year-end-like history: weekly values for a quarter of the measures."""
    engine = open_engine(f"sqlite:///{path}")
    upgrade(engine)
    plan = big_plan()
    rng = random.Random(7)
    index = PlanIndex(plan)
    rows = []
    for info in rng.sample(sorted(index.measures.values(), key=lambda i: i.measure.key),
                           int(len(index.measures) * UPDATED_SHARE)):  # fmt: skip
        value = rng.uniform(10, 95)
        for week in range(WEEKS, 0, -1):
            at = NOW - timedelta(weeks=week, hours=rng.randrange(0, 48))
            value = min(100.0, max(0.0, value + rng.uniform(-5, 6)))
            rows.append(
                {
                    "measure_key": info.measure.key,
                    "period": period_of(info.spec.every, at.date()).key,
                    "value": round(value, 1),
                    "author": info.measure.owner,
                    "source": "import",
                    "recorded_at": at,
                }
            )
    with transaction(engine) as session:
        save_plan(session, plan, now=NOW - timedelta(weeks=WEEKS + 1))
        session.connection().execute(insert(UpdateRow), rows)
    return engine


async def measure(engine: Engine, team: str) -> None:
    """Print the cold and warm times of the overview and of one team page."""
    app = web.Application()
    build_dashboard(engine=engine, clock=ManualClock(NOW), token=None).add_routes(app)
    async with TestClient(TestServer(app)) as client:

        async def get(path: str) -> tuple[float, int]:
            start = time.perf_counter()
            response = await client.get(path)
            body = await response.read()
            assert response.status == 200, response.status
            return time.perf_counter() - start, len(body)

        cold, _ = await get("/dashboard")
        print(f"first request (reads the engine state): {cold * 1000:.0f} ms")
        for name, path in (
            ("overview", "/dashboard"),
            ("one team page", f"/dashboard/teams/{team}"),
        ):
            samples = [await get(path) for _ in range(7)]
            median = statistics.median(s[0] for s in samples)
            print(f"{name}: {median * 1000:.0f} ms median of 7, {samples[0][1] / 1024:.0f} KiB")
        with transaction(engine) as session:
            record_update(session, _an_update(team), idempotency_key=None)
        fresh, _ = await get("/dashboard")
        print(f"first request after an update (re-reads the state, not the plan): "
              f"{fresh * 1000:.0f} ms")  # fmt: skip


def _an_update(team: str) -> Update:
    key = f"{team}-kpi0"
    return Update(
        measure=key,
        period=NOW.strftime("%Y-%m"),
        value=88.0,
        author=f"{team}-p0",
        source=Source.IMPORT,
        recorded_at=NOW,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="SQLite file to build or reuse")
    args = parser.parse_args()
    path = args.db or Path(tempfile.mkdtemp()) / "dashboard-bench.db"
    start = time.perf_counter()
    engine = open_engine(f"sqlite:///{path}") if path.exists() else build_database(path)
    print(f"database {path} ready in {time.perf_counter() - start:.1f} s")
    plan_size = len(big_plan().measures())
    print(f"plan: {TEAMS} teams, {TEAMS * OBJECTIVES} objectives, {plan_size} measures")
    asyncio.run(measure(engine, team="team-0123"))


if __name__ == "__main__":
    main()
