from datetime import timedelta

import pytest
from runtime_fakes import NOW, RecordingPort, daily_checkins, seed, small_plan, twin

from bot.runtime.clock import ManualClock
from bot.runtime.leader import Leader
from bot.runtime.scheduler import Runtime


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
