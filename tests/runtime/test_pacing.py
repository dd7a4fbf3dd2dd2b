"""The sender paces each platform to the rate limits its port declares: a wave goes out as
fast as the limits allow, never faster, with every row sent exactly once. Waiting moves a
manual clock; nothing sleeps."""

import asyncio
import random
from bisect import bisect_right
from collections import defaultdict
from datetime import timedelta

import pytest
from runtime_fakes import NOW, RecordingPort
from sqlmodel import select

from bot.ports import Call, RateLimit, RetryLater, Scope, call_of
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.slack.limits import LIMITS as SLACK
from bot.teams.limits import LIMITS as TEAMS
from storage import outbox_repo
from storage.database import transaction
from storage.tables import OutboxRow

START = NOW + timedelta(hours=1)


class PacedPort(RecordingPort):
    """A recording port with declared limits that notes when each call reached it."""

    def __init__(self, limits, clock, failures=()) -> None:
        super().__init__("teams", failures)
        self.limits = limits
        self.clock = clock
        self.calls = []

    async def deliver(self, delivery):
        receipt = await super().deliver(delivery)
        self.calls.append((self.clock.now(), delivery))
        return receipt


def virtual_sleep(clock):
    async def sleep(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))
        await asyncio.sleep(0)

    return sleep


def queue(db, addresses, *, updates=()):
    """One pending row per address, due at START; those at `updates` replace a message."""
    messages = [
        outbox_repo.NewMessage(
            action_key=f"action-{i}",
            kind="checkin",
            platform="teams",
            address=address,
            recipient_key=f"p{i}",
            payload={},
            due_at=START,
            replaces_ref=f"m-old-{i}" if i in updates else None,
        )
        for i, address in enumerate(addresses)
    ]
    with transaction(db) as session:
        outbox_repo.enqueue(session=session, messages=messages, now=START)


def sender(db, port, clock, **options):
    return OutboxSender(
        db, {"teams": port}, clock, rng=random.Random(3), sleep=virtual_sleep(clock), **options
    )


def rows(db):
    with transaction(db) as session:
        return list(session.exec(select(OutboxRow).order_by(OutboxRow.id)))


def busiest_window(calls, limit: RateLimit) -> int:
    """The most calls the limit counts in any window of its length."""
    per_scope = defaultdict(list)
    for at, delivery in calls:
        if call_of(delivery) in limit.calls:
            scope = delivery.address if limit.scope is Scope.ADDRESS else ""
            per_scope[scope].append(at)
    most = 0
    for times in per_scope.values():
        times.sort()
        for i, end in enumerate(times):
            first = bisect_right(times, end - limit.per)
            most = max(most, i + 1 - first)
    return most


@pytest.mark.parametrize("limits", [SLACK, TEAMS], ids=["slack", "teams"])
async def test_a_wave_stays_inside_every_limit_and_sends_each_row_once(db, limits):
    clock = ManualClock(START)
    # 400 owners, 100 messages for one busy channel, and some updates in place.
    addresses = [f"U{i}" for i in range(400)] + ["C-busy"] * 100
    queue(db, addresses, updates=range(0, 500, 6))
    port = PacedPort(limits, clock)
    await sender(db, port, clock).drain()
    # Rows put back for a later turn may go in the same drain, once the clock got there.
    while pending := [r for r in rows(db) if r.state == "pending"]:
        clock.set(min(r.next_attempt_at for r in pending))
        await sender(db, port, clock).drain()
    assert {r.state for r in rows(db)} == {"sent"}
    assert len(port.delivered) == 500
    assert port.duplicates() == {}
    for limit in limits:
        assert busiest_window(port.calls, limit) <= limit.count, limit


async def test_the_wave_takes_the_time_the_limit_sets_and_no_longer(db):
    clock = ManualClock(START)
    queue(db, [f"U{i}" for i in range(900)])
    port = PacedPort(SLACK, clock)
    report = await sender(db, port, clock).drain()
    assert report.sent == 900
    # 300 posts a minute across the workspace: 900 owners take exactly two minutes.
    times = [at for at, _ in port.calls]
    assert (min(times), max(times)) == (START, START + timedelta(minutes=2))


async def test_a_row_whose_turn_is_past_its_lease_waits_unsent_and_keeps_its_attempts(db):
    clock = ManualClock(START)
    hourly = (RateLimit(2, timedelta(hours=1), Scope.ADDRESS),)
    queue(db, ["C-team"] * 3 + ["U-other"])
    port = PacedPort(hourly, clock)
    report = await sender(db, port, clock).drain()
    assert (report.sent, report.postponed) == (3, 1)
    waiting = next(r for r in rows(db) if r.state == "pending")
    assert waiting.address == "C-team"
    assert (waiting.attempts, waiting.last_error) == (0, None)
    assert waiting.next_attempt_at == START + timedelta(hours=1)
    clock.advance(timedelta(minutes=59))
    assert (await sender(db, port, clock).drain()).sent == 0
    clock.advance(timedelta(minutes=1))
    assert (await sender(db, port, clock).drain()).sent == 1
    assert port.duplicates() == {}


async def test_retry_after_holds_back_every_delivery_on_the_platform(db):
    clock = ManualClock(START)
    queue(db, [f"U{i}" for i in range(5)])
    slow_down = RetryLater("Teams answered 429", timedelta(seconds=20))
    port = PacedPort(TEAMS, clock, failures=[slow_down])
    report = await sender(db, port, clock, concurrency=1).drain()
    assert (report.retried, report.sent) == (1, 4)
    assert min(at for at, _ in port.calls) == START + timedelta(seconds=20)
    retried = next(r for r in rows(db) if r.state == "pending")
    assert retried.next_attempt_at >= START + timedelta(seconds=20)


async def test_updates_and_new_messages_are_paced_by_their_own_limits(db):
    clock = ManualClock(START)
    # 50 updates, 300 new messages, then one more update.
    queue(db, [f"U{i}" for i in range(351)], updates=[*range(50), 350])
    port = PacedPort(SLACK, clock)
    await sender(db, port, clock).drain()
    posts = [at for at, d in port.calls if call_of(d) is Call.POST]
    updates = [at for at, d in port.calls if call_of(d) is Call.UPDATE]
    assert set(posts) == {START}
    # chat.update is Tier 3, 50 a minute: the 51st waits for the next minute.
    assert sorted(updates)[-2:] == [START, START + timedelta(minutes=1)]


async def test_stopping_mid_wave_puts_back_what_waits_and_claims_no_more(db):
    clock = ManualClock(START)
    queue(db, [f"U{i}" for i in range(60)])
    port = PacedPort((RateLimit(10, timedelta(minutes=1), Scope.PLATFORM),), clock)
    outbox = None

    async def stop_while_waiting(seconds: float) -> None:
        outbox.stop()
        await asyncio.sleep(0)

    outbox = OutboxSender(db, {"teams": port}, clock, sleep=stop_while_waiting)
    report = await outbox.drain()
    assert (report.sent, report.postponed) == (10, 40)
    states = [(r.state, r.attempts) for r in rows(db)]
    assert states.count(("sent", 1)) == 10
    assert states.count(("pending", 0)) == 50
