"""One bot replica for the multi-process test: ticks (when it leads) and drains the
outbox hour by hour through a simulated week, in step with the other replica, and logs
every message it hands to the 'platform' (a file per process)."""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.ports import Delivery, DeliveryReceipt
from bot.runtime.clock import ManualClock
from bot.runtime.leader import Leader
from bot.runtime.sender import LEASE, OutboxSender, delivery_for
from bot.runtime.tick import tick
from cadence.model import KeyResult, Kpi, Objective, Person, Plan, Team, Thresholds
from cadence.units import Unit
from cadence.updates import Source, Update
from storage import outbox_claim
from storage.database import open_engine, transaction
from storage.plan_repo import save_plan
from storage.update_repo import record_update

START = datetime(2026, 11, 29, 0, 0, tzinfo=UTC)  # Sunday: Auckland's Monday starts at 11:00
STEP = timedelta(hours=1)
STEPS = 8 * 24
ANSWER_AT = 36  # Monday 12:00 UTC: Ana answers her check-in
ZONES = {
    "ana": "Europe/London",
    "raj": "Asia/Kolkata",
    "kiri": "Pacific/Auckland",
    "nia": "America/New_York",
    "lou": "Australia/Lord_Howe",
}


def week_plan() -> Plan:
    owners = tuple(
        Person(k, k.title(), timezone=tz, email=f"{k}@example.org", manager="boss")
        for k, tz in ZONES.items()
    )
    boss = Person("boss", "Boss", email="boss@example.org")
    krs = tuple(KeyResult(f"kr-{p.key}", f"KR {p.key}", "o1", p.key, Unit(), 0, 10) for p in owners)
    kpi = Kpi("k-raj", "Uptime", "t1", "raj", Unit(), 99.0, Thresholds(99.0, 95.0))
    return Plan(
        people=(*owners, boss),
        # A channel, so silent owners are escalated to the team under concurrency too.
        teams=(Team("t1", "Team One", managers=("boss",), slack_channel="C0TEAM"),),
        objectives=(Objective("o1", "Grow", "t1", "ana", "2026-Q4", krs),),
        kpis=(kpi,),
    )


def seed(url: str) -> None:
    engine = open_engine(url)
    with transaction(engine) as session:
        save_plan(session, week_plan(), now=START)
    engine.dispose()


class FilePort:
    """The 'platform': appends each delivery to this process's log; reconcile looks in
    every process's log, as a platform's history is shared."""

    platform = "local"

    def __init__(self, folder: Path, name: str) -> None:
        self._folder = folder
        self._log = folder / f"{name}.jsonl"

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        line = {"outbox_id": delivery.outbox_id, "action": delivery.action_key}
        line["address"] = delivery.address
        with self._log.open("a") as log:
            log.write(json.dumps(line) + "\n")
        return DeliveryReceipt(f"m{delivery.outbox_id}", delivery.address)

    async def reconcile(self, delivery: Delivery) -> DeliveryReceipt | None:
        for entry in read_logs(self._folder):
            if entry["outbox_id"] == delivery.outbox_id:
                return DeliveryReceipt(f"m{delivery.outbox_id}", delivery.address)
        return None


def read_logs(folder: Path) -> list[dict]:
    logs = sorted(Path(folder).glob("*.jsonl"))
    return [json.loads(line) for log in logs for line in log.read_text().splitlines()]


def run(url, index, barrier, crashed, folder, *, gated=True, crash_at=None) -> None:
    """Replica `index` through the week; with `crash_at`, whichever replica leads then
    dies mid-delivery and the other takes over."""
    engine = open_engine(url)
    clock = ManualClock(START)
    port = FilePort(Path(folder), f"replica-{index}")
    leader = Leader(engine)
    sender = OutboxSender(
        engine, {"local": port}, clock, worker=f"replica-{index}", rng=random.Random(index)
    )
    for step in range(STEPS):
        clock.set(START + step * STEP)
        alone = crash_at is not None and step > crash_at
        if not alone:
            barrier.wait()
        if step == crash_at:
            if leader.held:
                die_mid_delivery(engine, clock, port, leader, Path(folder), crashed)
            crashed.wait(timeout=30)
            await_leadership(leader)
        if step == ANSWER_AT:
            answer(engine, clock.now())
        if not gated or leader.check():
            tick(engine, clock, platforms=["local"])
        asyncio.run(sender.drain())
    leader.release()
    engine.dispose()


def die_mid_delivery(engine, clock, port, leader, folder, crashed) -> None:
    """Plan, claim what is due, let the platform accept one message, and die before
    recording it: the process exits without closing anything."""
    if leader.check():
        tick(engine, clock, platforms=["local"])
    with transaction(engine) as session:
        claimed = outbox_claim.claim(
            session=session,
            worker="dying",
            now=clock.now(),
            lease=LEASE,
            limit=10,
            platforms=["local"],
        )
    if claimed:
        asyncio.run(port.deliver(delivery_for(claimed[0])))
        (folder / "crash.json").write_text(json.dumps([c.id for c in claimed]))
    crashed.set()
    os._exit(0)


def await_leadership(leader: Leader, timeout: float = 20.0) -> None:
    """Wait (briefly, for real) until PostgreSQL has noticed the dead leader's session."""
    deadline = time.monotonic() + timeout
    while not leader.check():
        if time.monotonic() > deadline:
            raise TimeoutError("the dead leader's lock was never released")
        time.sleep(0.05)


def answer(engine, now: datetime) -> None:
    """Ana answers her check-in; both replicas try, and the idempotency key keeps one."""
    update = Update("kr-ana", 4.0, "2026-W49", now, "ana", Source.LOCAL)
    with transaction(engine) as session:
        record_update(session, update, idempotency_key="ana-answers-w49")
