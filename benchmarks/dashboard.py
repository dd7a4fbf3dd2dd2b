"""Dashboard render time on a plan the size of the largest one seen (33,000+ measures),
stored in a SQLite file with twelve weeks of history for a quarter of the measures, in
two shapes: many small teams (400 teams of 20 objectives and 23 KPIs) and a few big ones
(8 teams of 1,000 objectives and 1,150 KPIs, where one team page holds the most).

Run: .venv/bin/python benchmarks/dashboard.py [--shape many-teams|few-teams] [--db PATH]
The first request reads the engine state from the database; later ones reuse it until
something is written, and the next request after a write reads the state again (but not
the plan, unless it was imported again). All three are reported, for pages served over
HTTP by the real dashboard routes, with each page's size.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from dataclasses import dataclass
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
KRS, OWNERS_PER_TEAM = 3, 6
UPDATED_SHARE, WEEKS = 0.25, 12


@dataclass(frozen=True)
class Shape:
    """How the 33,200 measures are split into teams."""

    teams: int
    objectives: int  # per team, each with KRS key results
    kpis: int  # per team
    team: str  # the team page timed


SHAPES = {
    "many-teams": Shape(teams=400, objectives=20, kpis=23, team="team-0123"),
    "few-teams": Shape(teams=8, objectives=1000, kpis=1150, team="team-0003"),
}


def big_plan(shape: Shape) -> Plan:
    """`shape.teams` teams, each with its objectives of 3 key results and its KPIs."""
    percent = Unit(UnitKind.PERCENT, minimum=0, maximum=100)
    people, teams, objectives, kpis = [], [], [], []
    for t in range(shape.teams):
        team = f"team-{t:04d}"
        owners = [f"{team}-p{i}" for i in range(OWNERS_PER_TEAM)]
        people += [Person(key=k, name=f"Owner {k}", email=f"{k}@example.org") for k in owners]
        teams.append(Team(key=team, name=f"Team {t:04d}", managers=(owners[0],)))
        for o in range(shape.objectives):
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
            for k in range(shape.kpis)
        ]  # fmt: skip
    return Plan(people=tuple(people), teams=tuple(teams),
                objectives=tuple(objectives), kpis=tuple(kpis))  # fmt: skip


def build_database(path: Path, shape: Shape) -> Engine:
    """The plan and a year-end-like history: weekly values for a quarter of the measures."""
    engine = open_engine(f"sqlite:///{path}")
    upgrade(engine)
    plan = big_plan(shape)
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
            ("a later page of it", f"/dashboard/teams/{team}?objectives=9&kpis=9"),
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
    parser.add_argument("--shape", choices=sorted(SHAPES), help="one shape only (default both)")
    parser.add_argument("--db", type=Path, help="SQLite file to build or reuse (one shape)")
    args = parser.parse_args()
    if args.db and not args.shape:
        parser.error("--db holds one shape: name it with --shape")
    for name in [args.shape] if args.shape else sorted(SHAPES, reverse=True):
        shape = SHAPES[name]
        path = args.db or Path(tempfile.mkdtemp()) / f"dashboard-{name}.db"
        start = time.perf_counter()
        exists = path.exists()
        engine = open_engine(f"sqlite:///{path}") if exists else build_database(path, shape)
        print(f"\n{name}: database {path} ready in {time.perf_counter() - start:.1f} s")
        size = len(big_plan(shape).measures())
        print(f"plan: {shape.teams} teams, {shape.teams * shape.objectives} objectives, "
              f"{size} measures")  # fmt: skip
        asyncio.run(measure(engine, team=shape.team))


if __name__ == "__main__":
    main()
