import asyncio
import threading
from datetime import timedelta

import pytest
from runtime_fakes import NOW, RecordingPort, daily_checkins, seed, small_plan, twin

from bot.runtime.clock import ManualClock
from bot.runtime.leader import Leader
from bot.runtime.scheduler import Runtime
from bot.runtime.tick import tick
from cadence.engine.decide import decide as engine_decide
from cadence.updates import Source, Update
from storage.database import transaction
from storage.update_repo import record_update


def runtime(engine, port, clock, **options):
    return Runtime(
        engine=engine, ports={port.platform: port}, clock=clock, decide=daily_checkins, **options
    )


async def test_two_interval_jobs_drive_everything_whatever_the_plan_size(db):
    seed(db, small_plan())
    port = RecordingPort()
    rt = runtime(db, port, ManualClock(NOW), tick_every=timedelta(seconds=30))
    await rt.start()
    jobs = {job.id: job for job in rt.jobs}
    await rt.stop()
    assert set(jobs) == {"tick", "send"}
    assert jobs["tick"].trigger.interval == timedelta(seconds=30)
    assert jobs["send"].trigger.interval == timedelta(seconds=5)
    assert all(j.coalesce and j.max_instances == 1 for j in jobs.values())
    assert jobs["tick"].misfire_grace_time == 30
    assert rt.jobs == []


async def test_a_tick_then_a_drain_delivers_what_is_due(db):
    seed(db, small_plan())
    port = RecordingPort()
    clock = ManualClock(NOW)
    rt = runtime(db, port, clock)
    assert (await rt.run_tick()).planned == 0
    clock.advance(timedelta(hours=1))
    assert (await rt.run_tick()).planned == 2
    assert (await rt.run_send()).sent == 2
    port.unique_message_to("person:ana")
    await rt.stop()


@pytest.mark.postgres
async def test_a_replica_that_does_not_lead_sends_but_does_not_plan(pg):
    seed(pg, small_plan())
    other = twin(pg)
    leader = Leader(other)
    assert leader.check()
    rt = runtime(pg, RecordingPort(), ManualClock(NOW + timedelta(hours=1)))
    assert await rt.run_tick() is None
    leader.release()
    assert (await rt.run_tick()).planned == 2
    await rt.stop()
    successor = Leader(other)
    assert successor.check(), "stop() hands leadership over"
    successor.release()
    other.dispose()


class SignallingPort(RecordingPort):
    """A RecordingPort that says when a message arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = asyncio.Event()

    async def deliver(self, delivery):
        receipt = await super().deliver(delivery)
        self.arrived.set()
        return receipt


async def test_after_a_start_nothing_is_sent_before_the_first_tick_has_run(db):
    """Rows queued before a downtime wait for the first tick, which closes what was
    answered meanwhile: Ana answered while the bot was down, so only Bo is asked."""
    seed(db, small_plan())
    clock = ManualClock(NOW + timedelta(hours=1))
    tick(db, clock, platforms=["local"])
    with transaction(db) as session:
        update = Update("kr-ana", 3.0, "2026-W48", clock.now(), "ana", Source.CLI)
        record_update(session, update, idempotency_key="ana-w48")
    entered, release = threading.Event(), threading.Event()

    def gated(state, now):
        entered.set()
        release.wait(timeout=10)
        return engine_decide(state, now)

    port = SignallingPort()
    rt = Runtime(engine=db, ports={"local": port}, clock=clock, decide=gated)
    await rt.start()
    try:
        assert await asyncio.to_thread(entered.wait, 10)
        send = next(job for job in rt.jobs if job.id == "send")
        assert send.next_run_time is None, "no drain while the first tick runs"
        release.set()
        await asyncio.wait_for(port.arrived.wait(), 10)
    finally:
        release.set()
        await rt.stop()
    assert [d.recipient_key for d in port.delivered] == ["bo"]
