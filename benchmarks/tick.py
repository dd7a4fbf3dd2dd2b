"""One full tick on the "binder" plan: 33,000 measures across 8,000 objectives, 5,000
owners and a year of weekly history (about 1.7 million updates), on SQLite and, with
--postgres URL and the server reachable, PostgreSQL (in a private schema, dropped after).

The tick runs as the Runtime runs it: a process that already holds its caches (the first
tick after a start pays for reading everything; that figure is printed too), some answers
recorded since the last tick, then every due action planned and plan health computed.
Each measurement runs in a fresh child process so its peak RSS is the tick's own, not the
generator's. Beside the tick's time is the time of the bare SQL it issued (its reads
replayed on a raw DBAPI cursor, its writes as timed while it ran): the ratio says how
close the engine is to what the database alone costs.

Run: .venv/bin/python benchmarks/tick.py [--postgres postgresql://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from engine import binder_state
from sqlalchemy import Engine, event, insert, make_url, text
from sqlalchemy.exc import SQLAlchemyError

from bot.runtime.clock import ManualClock
from bot.runtime.due import due_at
from bot.runtime.tick import tick
from cadence.engine.decide import decide
from cadence.engine.decisions import Decisions
from cadence.engine.state import EngineState
from cadence.health import plan_health
from cadence.model import MeasureKind, Plan
from cadence.periods import iso_week, month
from cadence.updates import Source, Update
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_cache import PlanCache
from storage.plan_repo import save_plan
from storage.tables import UpdateRow
from storage.update_repo import record_update

NOW = datetime(2026, 11, 30, 12, tzinfo=UTC)  # a Monday: this week's check-ins are due
OWNERS, WEEKS, BATCH = 5_000, 52, 20_000
FRESH = 400  # answers recorded before each measured tick
REPEATS = 3
UNCHANGED = 0.3  # share of weekly updates that report "no change"


def binder_plan() -> Plan:
    return binder_state(random.Random(7), NOW, owners=OWNERS).plan


def history(plan: Plan, rng: random.Random) -> Iterator[list[dict[str, Any]]]:
    """Batches of weekly updates for every measure, oldest week first, none this week."""
    measures = [(m.key, m.owner, m.kind is MeasureKind.KPI) for m in plan.measures()]
    values = {key: rng.uniform(0, 50) for key, _owner, _kpi in measures}
    batch: list[dict[str, Any]] = []
    for weeks_ago in range(WEEKS, 0, -1):
        monday = NOW - timedelta(weeks=weeks_ago, hours=3)
        for key, owner, kpi in measures:
            at = monday + timedelta(minutes=rng.randrange(4 * 24 * 60))
            unchanged = rng.random() < UNCHANGED
            if not unchanged:
                values[key] += rng.uniform(-2, 5)
            day: date = at.date()
            batch.append(
                {"measure_key": key, "period": (month(day) if kpi else iso_week(day)).key,
                 "value": round(values[key], 2), "no_change": unchanged, "author": owner,
                 "source": Source.SLACK_BUTTON.value, "recorded_at": at}
            )  # fmt: skip
            if len(batch) == BATCH:
                yield batch
                batch = []
    if batch:
        yield batch


def generate(url: str) -> int:
    """Migrate, import the plan and store its history; returns the number of updates."""
    engine = open_engine(url)
    upgrade(engine)
    plan = binder_plan()
    with transaction(engine) as session:
        save_plan(session, plan, now=NOW - timedelta(weeks=WEEKS + 1))
    stored = 0
    for batch in history(plan, random.Random(11)):
        with transaction(engine) as session:
            session.connection().execute(insert(UpdateRow), batch)
        stored += len(batch)
    engine.dispose()
    return stored


def reset(url: str) -> None:
    """Forget what a measured run wrote, so the next run plans the same tick again. The
    answers stay (deleting updates checks every correction's reference to them); the next
    run records the same answers again, for the same measures."""
    engine = open_engine(url)
    with engine.begin() as connection:
        for table in ("outbox", "actions", "schedule"):
            connection.execute(text(f"delete from {table}"))
    engine.dispose()


class Statements:
    """The SQL one tick issues: reads kept for replay, writes timed as they run."""

    def __init__(self, engine: Engine) -> None:
        self.on = False
        self.reads: list[tuple[str, Any]] = []
        self.write_seconds = 0.0
        self._started = 0.0
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, _conn: Any, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if self.on and statement.lstrip()[:6].upper() in ("SELECT", "WITH"):
            self.reads.append((statement, params))
        self._started = time.perf_counter()

    def _after(self, _conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        if self.on and statement.lstrip()[:6].upper() not in ("SELECT", "WITH"):
            self.write_seconds += time.perf_counter() - self._started

    def replay_reads(self, engine: Engine) -> float:
        """Seconds to run the tick's reads again on a raw cursor, fetching every row."""
        raw = engine.raw_connection()
        try:
            cursor = raw.cursor()
            start = time.perf_counter()
            for statement, params in self.reads:
                cursor.execute(statement, params)
                cursor.fetchall()
            elapsed = time.perf_counter() - start
            raw.rollback()
        finally:
            raw.close()
        return elapsed


def answer(engine: Engine, run: str) -> None:
    """FRESH owners answer their check-in between two ticks, as the chat service would."""
    plan = binder_plan()
    rng = random.Random(13)
    with transaction(engine) as session:
        for i, measure in enumerate(rng.sample(list(plan.measures()), FRESH)):
            at, week = NOW - timedelta(hours=1), iso_week(NOW.date()).key
            update = Update(measure.key, rng.uniform(0, 100), week, at, measure.owner,
                            Source.SLACK_BUTTON)  # fmt: skip
            record_update(session, update, idempotency_key=f"{run}-{i}")


def measure(url: str, trace: bool) -> dict[str, Any]:
    """In a fresh process: warm the caches as a running bot has them after a tick or two,
    then REPEATS times record some answers and time one full tick (decisions written, plan
    health computed), forgetting its writes after each; the fastest run is kept (a shared
    machine only ever adds time)."""
    if trace:
        tracemalloc.start()
    engine = open_engine(url)
    plans = PlanCache()
    healths = []

    def decide_and_health(state: EngineState, now: datetime) -> Decisions:
        index = plans.index(state.plan)
        decisions = decide(state, now, index=index)
        healths.append(plan_health(state, now, index=index))
        return decisions

    def preview() -> float:
        start = time.perf_counter()
        with transaction(engine) as session:
            due_at(session, NOW, ["slack"], decide_and_health, plans)
            session.rollback()
        return time.perf_counter() - start

    cold = preview()  # what the first tick after a start reads
    preview()  # the next one settles what the first read (see storage.history_cache)
    statements = Statements(engine)
    runs = []
    for attempt in range(1 if trace else REPEATS):
        if attempt:
            reset(url)
        answer(engine, f"{'trace' if trace else 'time'}-{attempt}")
        statements.reads, statements.write_seconds = [], 0.0
        if trace:
            held = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
        statements.on = True
        start, cpu = time.perf_counter(), time.process_time()
        report = tick(engine, ManualClock(NOW), platforms=["slack"],
                      decide=decide_and_health, plans=plans)  # fmt: skip
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        statements.on = False
        run: dict[str, Any] = {"cold": cold, "wall": wall, "cpu": cpu,
                               "planned": report.planned, "enqueued": report.enqueued,
                               "silent": healths[-1].figures.silent_owners}  # fmt: skip
        if trace:
            run |= {"held": held, "tick_peak": tracemalloc.get_traced_memory()[1]}
        else:
            reads = statements.replay_reads(engine)
            run |= {"reads": reads, "writes": statements.write_seconds,
                    "queries": len(statements.reads)}  # fmt: skip
        runs.append(run)
    result = min(runs, key=lambda r: r["wall"])
    result["walls"] = [r["wall"] for r in runs]
    result["maxrss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    engine.dispose()
    return result


def child(url: str, trace: bool) -> dict[str, Any]:
    argv = [sys.executable, __file__, f"--measure={url}"] + (["--trace"] if trace else [])
    done = subprocess.run(argv, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.splitlines()[-1])


def run(url: str) -> None:
    print(shown(url))
    start = time.perf_counter()
    stored = generate(url)
    print(f"  {stored:,} updates generated in {time.perf_counter() - start:.0f} s")
    timing = child(url, trace=False)
    reset(url)
    memory = child(url, trace=True)
    reset(url)
    floor = timing["reads"] + timing["writes"]
    mb = 1024 * 1024
    print(f"  first tick after a start (read all, decide, health): {timing['cold']:7.3f} s")
    print(f"  tick: planned {timing['planned']:,} actions, queued {timing['enqueued']:,} "
          f"messages, {timing['silent']:,} silent owners")  # fmt: skip
    walls = ", ".join(f"{w:.3f}" for w in timing["walls"])
    print(f"  tick wall {timing['wall']:.3f} s (best of {walls}), cpu {timing['cpu']:.3f} s")
    print(f"  bare SQL {floor:.3f} s ({timing['queries']} reads {timing['reads']:.3f} s, writes "
          f"{timing['writes']:.3f} s): tick/SQL = {timing['wall'] / floor:.1f}x")  # fmt: skip
    print(f"  memory: {memory['held'] / mb:.0f} MB held between ticks (plan, index, "
          f"histories), {memory['tick_peak'] / mb:.0f} MB at the tick's peak (tracemalloc); "
          f"process maxrss {timing['maxrss'] / mb:.0f} MB")  # fmt: skip


def postgres_url(url: str) -> str:
    """The URL with the psycopg driver the bot uses (postgresql:// alone means psycopg2)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgres", "postgresql"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


@contextmanager
def private_schema(url: str) -> Iterator[str]:
    """A fresh schema in the database at `url`, dropped afterwards, so the benchmark never
    touches a deployment's tables; yields a URL whose connections use it."""
    schema = f"bench_tick_{uuid.uuid4().hex[:10]}"
    admin = open_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    try:
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield scoped.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


def unreachable(url: str) -> str | None:
    """Why PostgreSQL at `url` cannot be used, or None when it can."""
    try:
        engine = open_engine(url)
    except (ImportError, SQLAlchemyError) as error:
        return f"{type(error).__name__}: {error}"
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except SQLAlchemyError as error:
        cause = error.orig or error
        return f"{type(cause).__name__}: {str(cause).strip().splitlines()[0]}"
    finally:
        engine.dispose()
    return None


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time one full tick (every due action planned, plan health computed) "
        "on the 33,000-measure binder plan and report peak memory, on SQLite and, if asked, "
        "PostgreSQL. Generating the history takes a few minutes per database.",
    )
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also run on this PostgreSQL database, in a private schema dropped afterwards "
        "(e.g. postgresql://postgres@127.0.0.1:5432/test)",
    )
    # Internal: one measurement in a fresh process, started by the run itself.
    parser.add_argument("--measure", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--trace", action="store_true", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def shown(url: str) -> str:
    """The URL as printed: no password, no connection options."""
    return make_url(url).set(query={}).render_as_string(hide_password=True)


def main() -> None:
    args = arguments()
    if args.measure:
        print(json.dumps(measure(args.measure, trace=args.trace)))
        return
    postgres = postgres_url(args.postgres) if args.postgres else None
    # Said before the SQLite run, which takes minutes, rather than after it.
    if postgres is not None and (reason := unreachable(postgres)) is not None:
        print(f"PostgreSQL not reachable at {shown(postgres)} ({reason}); skipped")
        postgres = None
    with tempfile.TemporaryDirectory() as folder:
        run(f"sqlite:///{Path(folder) / 'tick.db'}")
    if postgres is not None:
        with private_schema(postgres) as scoped:
            run(scoped)


if __name__ == "__main__":
    main()
