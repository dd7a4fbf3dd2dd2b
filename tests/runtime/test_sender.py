import asyncio
import random
from datetime import timedelta

from runtime_fakes import NOW, RecordingPort, daily_checkins, person, seed, small_plan, twin
from sqlmodel import select

from bot.ports import RetryLater, Undeliverable
from bot.runtime.backoff import RetryPolicy
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender, delivery_for
from bot.runtime.tick import tick
from storage import outbox_repo
from storage.database import transaction
from storage.tables import ActionRow, OutboxRow, UnreachableRow

START = NOW + timedelta(hours=1)


def planned(db, *people, platforms=("local",)):
    seed(db, small_plan(*people))
    clock = ManualClock(START)
    tick(db, clock, platforms=list(platforms), decide=daily_checkins)
    return clock


def sender(db, port, clock, **options):
    options.setdefault("rng", random.Random(7))
    return OutboxSender(db, {port.platform: port}, clock, **options)


def outbox(db):
    with transaction(db) as session:
        return {row.address: row for row in session.exec(select(OutboxRow))}


def actions(db):
    with transaction(db) as session:
        return {row.recipient_key: row for row in session.exec(select(ActionRow))}


async def test_each_due_row_is_sent_once_and_its_receipt_recorded(db):
    clock = planned(db)
    port = RecordingPort()
    report = await sender(db, port, clock).drain()
    assert report.sent == 2
    port.unique_message_to("person:ana")
    row = outbox(db)["person:ana"]
    assert (row.state, row.platform_message_id, row.channel) == ("sent", f"m{row.id}", row.address)
    assert actions(db)["ana"].state == "sent"
    assert actions(db)["ana"].sent_at == START


async def test_an_acknowledged_row_is_never_sent_again(db):
    clock = planned(db)
    port = RecordingPort()
    await sender(db, port, clock).drain()
    clock.advance(timedelta(days=3))
    again = await sender(db, port, clock).drain()
    assert again.sent == 0
    assert len(port.delivered) == 2


async def test_a_row_is_not_sent_before_its_due_time(db):
    clock = planned(db)
    clock.set(NOW)
    assert (await sender(db, RecordingPort(), clock).drain()).sent == 0


async def test_a_crash_after_the_platform_accepted_is_reconciled_not_resent(db):
    clock = planned(db)
    port = RecordingPort()
    dead = sender(db, port, clock, worker="dead")
    for row in dead._claim():
        await port.deliver(delivery_for(row))  # then the process dies before recording
    clock.advance(timedelta(minutes=6))
    report = await sender(db, port, clock, worker="heir").drain()
    assert (report.reconciled, report.sent) == (2, 0)
    assert len(port.delivered) == 2
    assert {row.state for row in outbox(db).values()} == {"sent"}


async def test_a_crash_before_sending_is_sent_once_after_the_lease_runs_out(db):
    clock = planned(db)
    port = RecordingPort()
    sender(db, port, clock, worker="dead")._claim()
    assert (await sender(db, port, clock, worker="heir").drain()).sent == 0
    clock.advance(timedelta(minutes=6))
    report = await sender(db, port, clock, worker="heir").drain()
    assert report.sent == 2
    assert sorted(port.reconciled) == sorted(r.id for r in outbox(db).values())
    assert port.duplicates() == {}


async def test_a_sender_that_lost_its_lease_cannot_overwrite_the_row(db):
    clock = planned(db)
    port = RecordingPort()
    claimed = sender(db, port, clock, worker="slow")._claim()
    clock.advance(timedelta(minutes=6))
    await sender(db, port, clock, worker="heir").drain()
    with transaction(db) as session:
        late = outbox_repo.mark_all_sent(
            session=session,
            worker="slow",
            sent=[outbox_repo.Sent(claimed[0].id, "late", "x")],
            now=clock.now(),
        )
    assert late == set()
    assert {row.platform_message_id for row in outbox(db).values()} == {
        f"m{row.id}" for row in outbox(db).values()
    }


async def test_retry_later_waits_at_least_what_the_platform_asked(db):
    clock = planned(db, person("ana"))
    port = RecordingPort(failures=[RetryLater("ratelimited", timedelta(minutes=10))])
    first = await sender(db, port, clock).drain()
    assert first.retried == 1
    row = outbox(db)["person:ana"]
    assert row.state == "pending" and row.last_error == "ratelimited"
    assert row.next_attempt_at >= START + timedelta(minutes=10)
    clock.advance(timedelta(minutes=9))
    assert (await sender(db, port, clock).drain()).sent == 0
    clock.set(row.next_attempt_at)
    assert (await sender(db, port, clock).drain()).sent == 1


async def test_backoff_grows_and_gives_up_after_the_last_attempt(db):
    clock = planned(db, person("ana"))
    policy = RetryPolicy(base=timedelta(seconds=30), max_attempts=4, jitter=0.0)
    port = RecordingPort(failures=[RetryLater("503")] * 10)
    waits = []
    for _ in range(4):
        await sender(db, port, clock, policy=policy).drain()
        row = outbox(db)["person:ana"]
        if row.state != "pending":
            break
        waits.append(row.next_attempt_at - clock.now())
        clock.set(row.next_attempt_at)
    assert waits == [timedelta(seconds=30), timedelta(seconds=60), timedelta(seconds=120)]
    assert row.state == "failed" and "gave up after 4 attempts" in row.last_error
    assert actions(db)["ana"].state == "missed"


async def test_an_adapter_crash_backs_off_instead_of_stalling_the_queue(db, caplog):
    clock = planned(db)
    port = RecordingPort(failures=[KeyError("boom")])
    report = await sender(db, port, clock).drain()
    assert (report.retried, report.sent) == (1, 1)
    assert "crashed" in caplog.text


async def test_a_refused_recipient_is_recorded_unreachable_and_the_engine_is_told(db):
    clock = planned(db, person("ana"), person("bo"))
    port = RecordingPort(failures=[Undeliverable("user_not_found", unreachable=True)])
    report = await sender(db, port, clock).drain()
    assert (report.failed, report.sent) == (1, 1)
    with transaction(db) as session:
        refused = list(session.exec(select(UnreachableRow)))
    assert [(r.platform, r.person_key, r.reason) for r in refused] == [
        ("local", "ana", "user_not_found")
    ]
    assert actions(db)["ana"].state == "missed"
    seen = []

    def spy(state, now):
        seen.append(state.unreachable)
        return daily_checkins(state, now)

    clock.advance(timedelta(days=1))
    tick(db, clock, platforms=["local"], decide=spy)
    assert "ana" in seen[0] and "bo" not in seen[0]


def test_the_jittered_delay_stays_within_its_band_and_a_rate_limit_waits_as_asked():
    policy = RetryPolicy(base=timedelta(seconds=10), cap=timedelta(seconds=100), jitter=0.2)
    rng = random.Random(1)
    for attempts in range(1, 10):
        expected = min(100.0, 10.0 * 2 ** (attempts - 1))
        wait = policy.delay(attempts, None, rng).total_seconds()
        assert 0.8 * expected <= wait <= 1.2 * expected
        forced = policy.delay(attempts, timedelta(seconds=500), rng).total_seconds()
        assert 500 <= forced <= 600
        brief = policy.delay(attempts, timedelta(seconds=1), rng).total_seconds()
        assert 1 <= brief <= 1.2


async def test_rows_for_a_platform_without_a_port_are_left_alone(db):
    clock = planned(db, platforms=("slack",))
    port = RecordingPort("teams")
    assert (await sender(db, port, clock).drain()).sent == 0
    with transaction(db) as session:
        assert outbox_repo.counts(session=session) == {"pending": 2}


async def test_two_senders_at_once_on_either_database_never_send_a_row_twice(db):
    seed(db, small_plan(*(person(f"p{i:02d}") for i in range(40))))
    clock = ManualClock(START)
    tick(db, clock, platforms=["local"], decide=daily_checkins)
    port = RecordingPort()
    other = twin(db)
    senders = [
        sender(engine, port, clock, worker=name, batch=4)
        for engine, name in ((db, "a"), (other, "b"))
    ]
    reports = await asyncio.gather(*(s.drain() for s in senders))
    other.dispose()
    assert sum(r.sent for r in reports) == 40
    assert port.duplicates() == {}


class LosingPort(RecordingPort):
    """The platform posts each message, then its answer is lost the first `times` times
    (a timeout or a reset connection after the post)."""

    def __init__(self, times: int) -> None:
        super().__init__()
        self.times = times

    async def deliver(self, delivery):
        receipt = await super().deliver(delivery)
        if self.times:
            self.times -= 1
            raise RetryLater("network: TimeoutError", outcome_unknown=True)
        return receipt


async def test_a_lost_acknowledgement_is_reconciled_before_anything_is_sent_again(db):
    clock = planned(db, person("ana"))
    port = LosingPort(times=1)
    assert (await sender(db, port, clock).drain()).retried == 1
    row = outbox(db)["person:ana"]
    assert (row.state, row.uncertain) == ("pending", True)
    assert "outcome unknown" in row.last_error
    clock.set(row.next_attempt_at)
    report = await sender(db, port, clock).drain()
    assert (report.reconciled, report.sent) == (1, 0)
    assert port.reconciled == [row.id]
    port.unique_message_to("person:ana")
    done = outbox(db)["person:ana"]
    assert (done.state, done.uncertain, done.platform_message_id) == ("sent", False, f"m{row.id}")


async def test_an_unknown_outcome_the_platform_never_saw_is_sent_once_in_one_attempt(db):
    clock = planned(db, person("ana"))
    port = RecordingPort(failures=[RetryLater("slack 500 internal_error", outcome_unknown=True)])
    await sender(db, port, clock).drain()
    clock.set(outbox(db)["person:ana"].next_attempt_at)
    report = await sender(db, port, clock).drain()
    assert (report.reconciled, report.sent) == (0, 1)
    assert port.reconciled == [outbox(db)["person:ana"].id]
    port.unique_message_to("person:ana")
    assert outbox(db)["person:ana"].attempts == 2, "asking first is part of the attempt"


async def test_a_failure_known_not_to_have_posted_is_sent_again_without_asking(db):
    clock = planned(db, person("ana"))
    port = RecordingPort(failures=[RetryLater("ratelimited", timedelta(seconds=5))])
    await sender(db, port, clock).drain()
    assert outbox(db)["person:ana"].uncertain is False
    clock.advance(timedelta(seconds=10))
    assert (await sender(db, port, clock).drain()).sent == 1
    assert port.reconciled == []


async def test_a_group_of_receipts_records_only_the_rows_this_sender_still_holds(db):
    clock = planned(db)
    port = RecordingPort()
    (kept,) = sender(db, port, clock, worker="slow")._claim(1)
    (taken,) = sender(db, port, clock, worker="other")._claim(1)
    with transaction(db) as session:
        recorded = outbox_repo.mark_all_sent(
            session=session,
            worker="slow",
            sent=[outbox_repo.Sent(r.id, f"m{r.id}", r.address) for r in (kept, taken)],
            now=clock.now(),
        )
    assert recorded == {kept.id}
    rows = outbox(db)
    assert (rows[kept.address].state, rows[taken.address].state) == ("sent", "sending")
    assert rows[taken.address].claimed_by == "other"
    assert actions(db)[kept.recipient_key].state == "sent"
    assert actions(db)[taken.recipient_key].state == "planned"
