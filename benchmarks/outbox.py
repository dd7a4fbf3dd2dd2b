"""Outbox throughput and tick time.

Prints how many outbox rows per second the sender delivers through a no-op port (each row
claimed, handed to the port and recorded in its own commit, as in production) on SQLite
and, when reachable, on PostgreSQL with one and with two concurrent senders; then the
time of one full tick (state loaded, decide(), actions and outbox rows written) for the
"binder" plan of benchmarks/engine.py stored in SQLite.

Run: .venv/bin/python benchmarks/outbox.py [--rows N] [--no-tick]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from engine import binder_state
from sqlalchemy import Engine, text

from bot.ports import Delivery, DeliveryReceipt
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from cadence.engine.decide import decide as engine_decide
from cadence.engine.decisions import Decisions
from cadence.engine.state import EngineState
from cadence.view_codec import encode_view
from cadence.views import Notice
from storage import outbox_repo
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_cache import PlanCache
from storage.plan_repo import save_plan

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
POSTGRES_URL = os.environ.get(
    "CADENCE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


class NoOpPort:
    """A platform that accepts everything at once."""

    platform = "slack"

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        return DeliveryReceipt(f"m{delivery.outbox_id}", delivery.address)

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        return None


def queue(engine: Engine, rows: int) -> None:
    payload = encode_view(Notice("benchmark"))
    messages = [
        outbox_repo.NewMessage(f"bench:{i}", "checkin", "slack", f"U{i}", f"p{i}", payload, NOW)
        for i in range(rows)
    ]
    with transaction(engine) as session:
        outbox_repo.enqueue(session=session, messages=messages, now=NOW)


def delivered_per_second(engine: Engine, rows: int, senders: int) -> float:
    queue(engine, rows)
    clock = ManualClock(NOW)
    workers = [
        OutboxSender(engine, {"slack": NoOpPort()}, clock, worker=f"w{i}", rng=random.Random(i))
        for i in range(senders)
    ]
    start = time.perf_counter()
    reports = asyncio.run(_drain_all(workers))
    elapsed = time.perf_counter() - start
    assert sum(r.sent for r in reports) == rows, reports
    return rows / elapsed


async def _drain_all(workers: list[OutboxSender]) -> list:
    return list(await asyncio.gather(*(w.drain(max_batches=10_000) for w in workers)))


def sqlite_engine(folder: Path, name: str) -> Engine:
    engine = open_engine(f"sqlite:///{folder / name}")
    upgrade(engine)
    return engine


def postgres(rows: int) -> None:
    admin = open_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:  # the benchmark reports what it could not measure
        print(f"PostgreSQL: not reachable at {POSTGRES_URL} ({type(error).__name__})")
        return
    for senders in (1, 2):
        schema = f"bench_{uuid.uuid4().hex[:10]}"
        with admin.connect() as connection:
            connection.execute(text(f'create schema "{schema}"'))
        engine = open_engine(f"{POSTGRES_URL}?options=-csearch_path%3D{schema}")
        try:
            upgrade(engine)
            rate = delivered_per_second(engine, rows, senders)
            print(f"PostgreSQL, {senders} sender(s): {rate:8.0f} rows/s ({rows} rows)")
        finally:
            engine.dispose()
            with admin.connect() as connection:
                connection.execute(text(f'drop schema "{schema}" cascade'))
    admin.dispose()


def tick_time(folder: Path) -> None:
    state = binder_state(random.Random(7), NOW)
    engine = sqlite_engine(folder, "binder.db")
    with transaction(engine) as session:
        save_plan(session, state.plan, now=NOW - timedelta(days=7))
    moments = {
        "Sunday, first tick (switches on, decodes the plan)": NOW - timedelta(days=1),
        "Monday 12:00 UTC, check-ins due": NOW,
        "one minute later, nothing new": NOW + timedelta(minutes=1),
    }
    plans = PlanCache()  # as Runtime keeps one: a steady tick skips decoding the plan

    def decide(state: EngineState, now: datetime) -> Decisions:
        return engine_decide(state, now, index=plans.index(state.plan))

    for label, moment in moments.items():
        start = time.perf_counter()
        report = tick(engine, ManualClock(moment), platforms=["slack"], decide=decide, plans=plans)
        elapsed = time.perf_counter() - start
        print(f"binder plan, {label}: {elapsed:.2f} s, planned {report.planned}")
    engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--no-tick", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        rate = delivered_per_second(sqlite_engine(Path(folder), "outbox.db"), args.rows, 1)
        print(f"SQLite, 1 sender:       {rate:8.0f} rows/s ({args.rows} rows)")
        postgres(args.rows)
        if not args.no_tick:
            tick_time(Path(folder))


if __name__ == "__main__":
    main()
