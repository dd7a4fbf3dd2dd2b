"""The hook that brings routing data up to date before each tick (the Slack directory)."""

from datetime import timedelta

from runtime_fakes import NOW, RecordingPort, daily_checkins, seed, small_plan

from bot.runtime.clock import ManualClock
from bot.runtime.scheduler import Runtime


def runtime(engine, before_tick):
    port = RecordingPort()
    clock = ManualClock(NOW + timedelta(hours=1))
    return Runtime(
        engine=engine,
        ports={port.platform: port},
        clock=clock,
        decide=daily_checkins,
        before_tick=before_tick,
    )


async def test_the_hook_runs_before_planning(db):
    seed(db, small_plan())
    seen = []

    async def prepare():
        seen.append("prepared")

    rt = runtime(db, prepare)
    assert (await rt.run_tick()).planned == 2
    await rt.stop()
    assert seen == ["prepared"]


async def test_a_failing_hook_is_logged_and_planning_goes_on(db, caplog):
    seed(db, small_plan())

    async def broken():
        raise RuntimeError("directory unavailable")

    rt = runtime(db, broken)
    assert (await rt.run_tick()).planned == 2
    await rt.stop()
    assert "preparing the tick failed" in caplog.text
