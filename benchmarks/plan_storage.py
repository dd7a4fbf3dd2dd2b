"""Storage on the binder plan's shape (33,000 measures, 8,000 objectives): plan import and
re-import, and the reads every tick and chat answer make, on SQLite and PostgreSQL.

Run: .venv/bin/python benchmarks/plan_storage.py [postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine import binder_state
from sqlalchemy import insert

from cadence.engine.index import PlanIndex
from storage.database import open_engine, transaction
from storage.engine_state import load_engine_state
from storage.history_repo import load_histories
from storage.migrate import upgrade
from storage.plan_repo import load_plan, save_plan
from storage.tables import UpdateRow
from storage.update_repo import latest_updates, updates_between

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
WEEKS = 26
UPDATED_SHARE = 0.25  # a quarter of measures have a half-year of weekly history


def timed(label: str, work: Callable[[], object]) -> object:
    start = time.perf_counter()
    result = work()
    print(f"  {label:<44} {time.perf_counter() - start:8.3f} s")
    return result


def run(url: str) -> None:
    print(url.split("?")[0])
    engine = open_engine(url)
    upgrade(engine)
    plan = binder_state(random.Random(7), NOW).plan
    keys = [m.key for m in plan.measures()]

    def import_plan() -> object:
        with transaction(engine) as session:
            return save_plan(session, plan, now=NOW)

    timed(f"import {len(keys):,} measures", import_plan)
    timed("re-import unchanged", import_plan)
    rng = random.Random(11)
    updated = rng.sample(keys, int(len(keys) * UPDATED_SHARE))
    rows = [
        {"measure_key": key, "period": "2026-W01", "value": float(week), "no_change": False,
         "author": plan.people[0].key, "source": "import",
         "recorded_at": NOW - timedelta(weeks=WEEKS - week)}
        for week in range(WEEKS) for key in updated
    ]  # fmt: skip
    with transaction(engine) as session:
        session.connection().execute(insert(UpdateRow), rows)
    print(f"  {len(rows):,} updates stored")
    with transaction(engine) as session:
        timed("latest update of every measure", lambda: latest_updates(session))
        timed(
            "updates in the last week",
            lambda: updates_between(session, NOW - timedelta(days=7), NOW),
        )
        timed("load the plan", lambda: load_plan(session))
        index = PlanIndex(plan)
        timed("histories of every measure", lambda: load_histories(session, index, NOW))
        timed("engine state (plan, histories, actions)", lambda: load_engine_state(session, NOW))
    engine.dispose()


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'bench.db'}")
    if len(sys.argv) > 1:
        sys.path.insert(0, str(Path(__file__).parents[1] / "tests"))
        from databases import postgres_schema  # the tests' private-schema helper

        with postgres_schema() as url:
            run(url)


if __name__ == "__main__":
    main()
