"""The Runtime: APScheduler as a clock that fires two interval jobs, tick and send.

APScheduler is only the clock. What is due lives in our tables (actions and outbox), so
the job store is the in-memory one and there are no per-measure jobs: a plan of 33,000
measures is still two jobs. Firings are at-most-once and may be skipped (APScheduler
advances next_run_time before running a job), which is harmless because every tick and
every drain is idempotent and picks up whatever is due at its own `now`. coalesce=True
turns a backlog of missed firings into one run; max_instances=1 keeps a slow tick from
overlapping itself; misfire_grace_time of one interval lets a late firing still run
rather than wait for the next.

Every replica runs both jobs: sending is safe anywhere (rows are claimed with SKIP
LOCKED), and the tick plans only on the replica holding the leader lock. After a start,
sending waits for the first tick (on a big plan it takes seconds): rows queued before a
downtime would otherwise go out before the tick closes what was answered, cancelled or
missed meanwhile.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime, timedelta

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from sqlalchemy import Engine

from bot.ports import ChatPort
from bot.runtime.clock import Clock, SystemClock
from bot.runtime.due import Decide
from bot.runtime.leader import Leader
from bot.runtime.sender import OutboxSender, SendReport
from bot.runtime.tick import TickReport, tick
from cadence.engine.decide import decide as engine_decide
from cadence.engine.decisions import Decisions
from cadence.engine.state import EngineState
from storage.plan_cache import PlanCache

log = logging.getLogger(__name__)


class Runtime:
    """Planning and delivery for one bot process; the app calls start() and stop()."""

    def __init__(
        self,
        *,
        engine: Engine,
        ports: Mapping[str, ChatPort],
        clock: Clock | None = None,
        tick_every: timedelta = timedelta(seconds=60),
        send_every: timedelta = timedelta(seconds=5),
        decide: Decide | None = None,
        before_tick: Callable[[], Awaitable[object]] | None = None,
    ) -> None:
        self.engine = engine
        self.ports = dict(ports)
        self.clock = clock or SystemClock()
        self.leader = Leader(engine)
        self.sender = OutboxSender(engine, self.ports, self.clock)
        self.plans = PlanCache()
        self._decide = decide or self._decide_with_cached_index
        # Brings what routing reads up to date (the Slack directory after an import).
        self._before_tick = before_tick
        self._intervals = {"tick": tick_every, "send": send_every}
        self._scheduler: AsyncIOScheduler | None = None
        self._inflight: set[asyncio.Task[object]] = set()

    async def start(self) -> None:
        """Start both jobs: the first tick at once, the first drain as soon as it is done."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        jobs = {"tick": self._tick_then_send, "send": self.run_send}
        for name, job in jobs.items():
            every = self._intervals[name]
            scheduler.add_job(
                self._fire,
                "interval",
                args=[job],
                seconds=every.total_seconds(),
                id=name,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=max(1, int(every.total_seconds())),
                # APScheduler fires by the wall clock whatever clock the jobs read; a job
                # without a next run time is added paused.
                next_run_time=datetime.now(UTC) if name == "tick" else None,
            )
        scheduler.start()
        self._scheduler = scheduler

    async def stop(self) -> None:
        """Stop firing, let a running tick or drain finish its transaction, and give up
        leadership so another replica plans at once."""
        if self._scheduler is not None:
            self._scheduler.pause()
            self.sender.stop()
            await asyncio.gather(*self._inflight, return_exceptions=True)
            self._scheduler.shutdown(wait=False)
            self._scheduler = None
        await asyncio.to_thread(self.leader.release)

    @property
    def jobs(self) -> list[Job]:
        """The scheduled jobs (two while running)."""
        return self._scheduler.get_jobs() if self._scheduler is not None else []

    def _decide_with_cached_index(self, state: EngineState, now: datetime) -> Decisions:
        return engine_decide(state, now, index=self.plans.index(state.plan))

    async def _fire(self, job: Callable[[], Awaitable[object]]) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._inflight.add(task)
        try:
            await job()
        finally:
            self._inflight.discard(task)

    async def _tick_then_send(self) -> None:
        try:
            await self.run_tick()
        finally:
            # However the first tick went, delivery must not wait for the next one.
            send = self._scheduler.get_job("send") if self._scheduler is not None else None
            if send is not None and send.next_run_time is None:
                send.modify(next_run_time=datetime.now(UTC))

    async def run_tick(self) -> TickReport | None:
        """Plan what is due if this process leads; None when another replica does."""
        if not await asyncio.to_thread(self.leader.check):
            return None
        if self._before_tick is not None:
            try:
                await self._before_tick()
            except Exception:
                # Planning must go on while a chat platform is down; the next tick retries.
                log.exception("preparing the tick failed; planning with what is stored")
        report = await asyncio.to_thread(
            tick,
            self.engine,
            self.clock,
            platforms=list(self.ports),
            decide=self._decide,
            plans=self.plans,
        )
        if report.planned or report.missed:
            log.info("tick: %s", report)
        return report

    async def run_send(self) -> SendReport:
        """Deliver every outbox row that is due."""
        return await self.sender.drain()
