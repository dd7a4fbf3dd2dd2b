"""The outbox sender: claims due rows, hands each to its platform's port, and records
what happened straight after the platform answers.

A row is marked sent in the commit that follows the platform's acknowledgement, and a
sent row is never claimed again, so an acknowledged message is never re-sent. That commit
is a group commit (bot.runtime.group_commit): acknowledgements that arrive while one is
being written go into the next, so a busy wave is not a transaction per message. A sender
that dies before its group is written leaves those rows claimed, as one that dies between
the answer and a commit of its own would: when their lease runs out another sender takes
them and first asks the platform (ChatPort.reconcile: Slack finds the message by the
outbox id in its metadata) whether each message went out, and records it sent if it did.
The same happens after a failure whose outcome is unknown (a timeout or a connection
reset after the platform may have posted: RetryLater.outcome_unknown): the next attempt
reconciles first. A recovered row the platform never saw, and a row whose moment passed
while it waited for its turn, go back to the claim, which decides afresh whether it may
go (storage.outbox_claim).
"""

from __future__ import annotations

import asyncio
import logging
import os
import random
import socket
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy import Engine

from bot.ports import (
    ChatPort,
    Delivery,
    DeliveryReceipt,
    RetryLater,
    Undeliverable,
    limits_of,
    prepare,
)
from bot.runtime.backoff import RetryPolicy
from bot.runtime.clock import Clock
from bot.runtime.group_commit import GroupCommit
from bot.runtime.pacing import Pacer
from cadence.view_codec import ViewCodecError
from storage import outbox_claim, outbox_repo
from storage.database import retry_locked, transaction
from storage.outbox_claim import Claimed

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[None]]

# Longer than any one delivery may take (adapters time out well within it): a lease that
# ran out means its sender is gone, not slow.
LEASE = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class SendReport:
    """What one drain did with the rows it claimed; `postponed` rows were put back
    unsent because the platform's rate limits would not let them go before their lease
    ran short (they wait without using up an attempt)."""

    sent: int = 0
    reconciled: int = 0
    retried: int = 0
    failed: int = 0
    lost: int = 0
    postponed: int = 0

    def __add__(self, other: SendReport) -> SendReport:
        return SendReport(
            self.sent + other.sent,
            self.reconciled + other.reconciled,
            self.retried + other.retried,
            self.failed + other.failed,
            self.lost + other.lost,
            self.postponed + other.postponed,
        )


def worker_name() -> str:
    """A name unique to this process, recorded in the rows it claims."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class OutboxSender:
    """Drains the outbox through the ports of the enabled platforms, paced to the rate
    limits each port declares; `sleep` is how it waits for a turn (tests move a clock)."""

    def __init__(
        self,
        engine: Engine,
        ports: Mapping[str, ChatPort],
        clock: Clock,
        *,
        worker: str | None = None,
        policy: RetryPolicy | None = None,
        lease: timedelta = LEASE,
        batch: int = 50,
        concurrency: int = 8,
        rng: random.Random | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._engine = engine
        self._ports = dict(ports)
        self._clock = clock
        self.worker = worker or worker_name()
        self._policy = policy or RetryPolicy()
        self._lease = lease
        self._batch = batch
        # Platform calls take ~100 ms; a few in flight keep a Monday-morning wave short
        # while staying well inside Slack's and Teams' per-workspace rate limits.
        self._concurrency = concurrency
        self._rng = rng or random.Random()
        self._sleep = sleep
        self._stopping = False
        self._pacers = {name: Pacer(limits_of(port), clock) for name, port in self._ports.items()}
        self._sent = GroupCommit(self._write_sent)

    async def drain(self, *, max_batches: int = 100) -> SendReport:
        """Send what is due until nothing is, or `max_batches` batches were claimed.

        The next batch is claimed while the last half of this one is still waiting for its
        turn or being sent, so a paced wave never stands idle between batches."""
        report = SendReport()
        slots = asyncio.Semaphore(self._concurrency)  # bound to this drain's event loop
        running: set[asyncio.Task[SendReport]] = set()
        claims, more = 0, True
        while True:
            wanted = more and claims < max_batches and not self._stopping
            if wanted and len(running) <= self._batch // 2:
                # A row must be sent well inside its lease, or another sender would take it
                # over while it waits its turn: one that would wait longer is put back.
                deadline = self._clock.now() + self._lease / 2
                limit = self._batch - len(running)
                claimed = await asyncio.to_thread(retry_locked, partial(self._claim, limit))
                claims += 1
                more = bool(claimed)
                running |= {
                    asyncio.create_task(self._send_in(slots, row, deadline)) for row in claimed
                }
                continue
            if not running:
                return report
            done, running = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                report += task.result()
            # A row handed back (its moment passed, or reconcile found it unsent) is due
            # again at once: an empty claim is final only once nothing is in hand.
            more = True

    async def _send_in(
        self, slots: asyncio.Semaphore, row: Claimed, deadline: datetime
    ) -> SendReport:
        # The port's work before the call is done before the turn, so an admitted call goes
        # straight out (a recovered row only needs reconcile, so it skips that work).
        port, delivery = self._ports[row.platform], delivery_for(row)
        if not row.recovering:
            try:
                delivery = await prepare(port, delivery)
            except Exception as error:
                return await self._failed(row, error, unsure=False)
        # A turn is taken inside a slot, so a call is counted when it is made; waiting
        # for one happens outside, so a busy conversation does not block the others.
        pacer = self._pacers[row.platform]
        while True:
            async with slots:
                turn = pacer.admit(delivery)
                if turn is None:
                    return await self._send(row, delivery, pacer)
                if turn > deadline or self._stopping:
                    return await self._postpone(row, turn)
            with pacer.waiting(delivery):
                await self._sleep((turn - self._clock.now()).total_seconds())

    def stop(self) -> None:
        """For good: claim nothing more, and put back rows still waiting for their turn,
        so a shutdown during a paced wave does not wait for the wave to finish."""
        self._stopping = True

    def _claim(self, limit: int | None = None) -> list[Claimed]:
        with transaction(self._engine) as session:
            return outbox_claim.claim(
                session=session,
                worker=self.worker,
                now=self._clock.now(),
                lease=self._lease,
                limit=self._batch if limit is None else limit,
                platforms=list(self._ports),
            )

    async def _send(self, row: Claimed, delivery: Delivery, pacer: Pacer) -> SendReport:
        receipt: DeliveryReceipt | None = None
        failure: Exception | None = None
        try:
            receipt = await self._call(row, delivery)
        except Exception as error:
            failure = error
        finally:
            pacer.settle(delivery)
        if failure is not None:
            return await self._failed(row, failure, unsure=row.recovering)
        if receipt is None:
            return await self._hand_back(row)
        counted = SendReport(reconciled=1) if row.recovering else SendReport(sent=1)
        return await self._record_sent(row, receipt, counted)

    async def _call(self, row: Claimed, delivery: Delivery) -> DeliveryReceipt | None:
        """The platform's receipt for the row's message, or None when the row goes back to
        the claim, which decides afresh whether it may go: a recovered row the platform
        never saw, or a row whose moment passed while it waited for its turn."""
        port = self._ports[row.platform]
        if row.recovering:
            # Until the platform says otherwise, a recovered row may already have gone out.
            return await port.reconcile(delivery)
        now = self._clock.now()
        if row.window.opens_at(now) != now:
            return None
        return await port.deliver(delivery)

    async def _failed(self, row: Claimed, error: Exception, *, unsure: bool) -> SendReport:
        """What a failed attempt does to its row; `unsure` says the message may be out."""
        if isinstance(error, RetryLater):
            if error.retry_after:
                # The platform's wait holds back every delivery, not just this row's.
                self._pacers[row.platform].hold(self._clock.now() + error.retry_after)
            unsure = unsure or error.outcome_unknown
            return await self._retry(row, error.reason, error.retry_after, uncertain=unsure)
        if isinstance(error, Undeliverable):
            return await self._fail(row, error.reason, unreachable=error.unreachable)
        if isinstance(error, ViewCodecError):
            return await self._fail(row, str(error), unreachable=False)
        # An adapter bug must not stall the queue: the row backs off, and after
        # max_attempts it fails with the error kept in last_error. Whether the
        # platform got the message first is unknown, so the next attempt asks.
        log.error("delivery of outbox row %s via %s crashed", row.id, row.platform, exc_info=error)
        reason = f"{type(error).__name__}: {error}"
        return await self._retry(row, reason, None, uncertain=True)

    async def _record_sent(
        self, row: Claimed, receipt: DeliveryReceipt, counted: SendReport
    ) -> SendReport:
        sent = outbox_repo.Sent(row.id, receipt.platform_message_id, receipt.channel)
        return counted if await self._sent.record(sent) else self._lost(row)

    def _write_sent(self, sent: list[outbox_repo.Sent]) -> set[outbox_repo.Sent]:
        def write() -> set[int]:
            with transaction(self._engine) as session:
                return outbox_repo.mark_all_sent(
                    session=session, worker=self.worker, sent=sent, now=self._clock.now()
                )

        held = retry_locked(write)
        return {s for s in sent if s.outbox_id in held}

    async def _retry(
        self, row: Claimed, reason: str, after: timedelta | None, *, uncertain: bool
    ) -> SendReport:
        if self._policy.exhausted(row.attempts):
            return await self._fail(row, f"gave up after {row.attempts} attempts: {reason}")
        at = self._clock.now() + self._policy.delay(row.attempts, after, self._rng)
        if uncertain:
            reason = f"{reason} (outcome unknown: the next attempt asks the platform first)"

        def write() -> bool:
            with transaction(self._engine) as session:
                return outbox_repo.retry(
                    session=session,
                    outbox_id=row.id,
                    worker=self.worker,
                    at=at,
                    error=reason,
                    uncertain=uncertain,
                )

        return (
            SendReport(retried=1)
            if await asyncio.to_thread(retry_locked, write)
            else self._lost(row)
        )

    async def _hand_back(self, row: Claimed) -> SendReport:
        def write() -> bool:
            with transaction(self._engine) as session:
                return outbox_repo.hand_back(
                    session=session, outbox_id=row.id, worker=self.worker, now=self._clock.now()
                )

        return SendReport() if await asyncio.to_thread(retry_locked, write) else self._lost(row)

    async def _postpone(self, row: Claimed, at: datetime) -> SendReport:
        def write() -> bool:
            with transaction(self._engine) as session:
                return outbox_repo.postpone(
                    session=session, outbox_id=row.id, worker=self.worker, at=at
                )

        return (
            SendReport(postponed=1)
            if await asyncio.to_thread(retry_locked, write)
            else self._lost(row)
        )

    async def _fail(self, row: Claimed, reason: str, *, unreachable: bool = False) -> SendReport:
        log.warning("outbox row %s to %s failed: %s", row.id, row.address, reason)

        def write() -> bool:
            with transaction(self._engine) as session:
                return outbox_repo.fail(
                    session=session,
                    outbox_id=row.id,
                    worker=self.worker,
                    error=reason,
                    now=self._clock.now(),
                    unreachable=unreachable,
                )

        return (
            SendReport(failed=1)
            if await asyncio.to_thread(retry_locked, write)
            else self._lost(row)
        )

    def _lost(self, row: Claimed) -> SendReport:
        log.warning("outbox row %s: lease lost to another sender before recording", row.id)
        return SendReport(lost=1)


def delivery_for(row: Claimed) -> Delivery:
    """The port's view of a claimed row."""
    return Delivery(
        outbox_id=row.id,
        action_key=row.action_key,
        kind=row.kind,
        platform=row.platform,
        recipient_key=row.recipient_key,
        address=row.address,
        payload=row.payload,
        thread_ref=row.thread_ref,
        replaces_ref=row.replaces_ref,
    )
