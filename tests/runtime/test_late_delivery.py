"""Rows the sender finds late (after a downtime, a long backoff, or before the first tick
after a start) go out only while they still may: inside the recipient's working hours,
before their period ends, while their action is open. The real engine plans them."""

import asyncio
import random
from datetime import timedelta

from runtime_fakes import NOW, RecordingPort, person, seed, small_plan, twin
from sqlmodel import select

from bot.ports import RetryLater
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from cadence.delivery import SendWindow
from cadence.engine.decisions import PlannedAction
from cadence.engine.state import ActionKind, RecipientKind
from cadence.updates import Source, Update
from cadence.view_codec import encode_view
from cadence.views import TeamEscalation
from storage import action_repo, outbox_repo
from storage.database import transaction
from storage.tables import ActionRow, OutboxRow
from storage.update_repo import record_update

MONDAY_9 = NOW + timedelta(hours=1)  # Monday 23 November 09:00 UTC, the owners' zone


def planned(db):
    """Ana's and Bo's W48 check-ins, planned by the real engine at Monday 09:00."""
    seed(db, small_plan())
    clock = ManualClock(MONDAY_9)
    assert tick(db, clock, platforms=["local"]).enqueued == 2
    return clock


async def drain(db, port, clock):
    return await OutboxSender(db, {"local": port}, clock, rng=random.Random(3)).drain()


def rows(db):
    with transaction(db) as session:
        return {row.recipient_key: row for row in session.exec(select(OutboxRow))}


def action_states(db):
    with transaction(db) as session:
        return {row.key: row.state for row in session.exec(select(ActionRow))}


async def test_a_prompt_found_after_hours_waits_for_the_next_working_morning(db):
    clock = planned(db)
    clock.set(NOW + timedelta(hours=12))  # restarted Monday 20:00: the sender runs first
    port = RecordingPort()
    assert (await drain(db, port, clock)).sent == 0
    assert port.delivered == []
    waiting = rows(db)["ana"]
    assert (waiting.state, waiting.attempts) == ("pending", 0), "waiting is not an attempt"
    assert waiting.next_attempt_at == MONDAY_9 + timedelta(days=1)
    clock.set(MONDAY_9 + timedelta(days=1))
    assert (await drain(db, port, clock)).sent == 2
    port.unique_message_to("person:ana")


async def test_a_prompt_whose_week_ended_is_never_sent_late_but_recorded_as_missed(db):
    clock = planned(db)
    clock.set(MONDAY_9 + timedelta(weeks=1))  # the next Monday, before the first tick
    port = RecordingPort()
    assert (await drain(db, port, clock)).sent == 0
    assert {row.state for row in rows(db).values()} == {"expired"}
    assert set(action_states(db).values()) == {"missed"}, "silence, which escalates"
    assert tick(db, clock, platforms=["local"]).enqueued == 2
    await drain(db, port, clock)
    assert sorted(d.action_key.split(":")[2] for d in port.delivered) == ["2026-W49"] * 2


async def test_a_retry_that_falls_after_the_working_day_waits_for_the_next_morning(db):
    clock = planned(db)
    clock.set(NOW + timedelta(hours=9, minutes=20))  # Monday 17:20
    port = RecordingPort(failures=[RetryLater("ratelimited", timedelta(minutes=20))])
    first = await drain(db, port, clock)  # Ana's try is refused; Bo's waits out the limit
    assert (first.retried, first.postponed) == (1, 1)
    clock.set(NOW + timedelta(hours=9, minutes=45))  # both are due by 17:44
    assert (await drain(db, port, clock)).sent == 0
    tuesday = MONDAY_9 + timedelta(days=1)
    assert {k: (r.attempts, r.next_attempt_at) for k, r in rows(db).items()} == {
        "ana": (1, tuesday),
        "bo": (0, tuesday),
    }
    clock.set(tuesday)
    assert (await drain(db, port, clock)).sent == 2
    assert rows(db)["ana"].attempts == 2


async def test_a_row_whose_action_closed_while_its_outcome_was_unknown_is_withdrawn(db):
    clock = planned(db)
    lost = RetryLater("network: ServerDisconnectedError", outcome_unknown=True)
    port = RecordingPort(failures=[lost, lost])
    assert (await drain(db, port, clock)).retried == 2
    with transaction(db) as session:
        for owner in ("ana", "bo"):
            update = Update(f"kr-{owner}", 3.0, "2026-W48", clock.now(), owner, Source.CLI)
            record_update(session, update, idempotency_key=f"{owner}-w48")
    clock.advance(timedelta(minutes=5))
    tick(db, clock, platforms=["local"])  # both prompts are done before they went out
    assert {row.state for row in rows(db).values()} == {"pending"}, "the platform is asked first"
    report = await drain(db, port, clock)
    assert sorted(port.reconciled) == sorted(row.id for row in rows(db).values())
    assert (report.sent, port.delivered) == (0, [])
    assert {row.state for row in rows(db).values()} == {"cancelled"}
    assert rows(db)["ana"].last_error.startswith("withdrawn")


def escalation(db, *, window: SendWindow):
    """A team escalation and its channel row, as a tick writes them."""
    view = TeamEscalation("Team One", "2026-W48", ())
    key = "team_escalation:t1:2026-W48:x"
    planned = PlannedAction(
        key, ActionKind.TEAM_ESCALATION, "t1", RecipientKind.TEAM, "t1", "2026-W48",
        ("kr-ana",), NOW, view,
    )  # fmt: skip
    message = outbox_repo.NewMessage(
        key, "team_escalation", "local", "team:t1", "t1", encode_view(view), NOW, window=window
    )
    with transaction(db) as session:
        action_repo.insert_actions(session=session, actions=[planned], now=NOW)
        outbox_repo.enqueue(session=session, messages=[message], now=NOW)


async def test_a_channel_message_goes_out_at_night_until_its_period_ends(db):
    seed(db, small_plan(person("ana")))
    week_end = NOW + timedelta(days=6, hours=16)
    escalation(db, window=SendWindow(week_end))
    clock = ManualClock(NOW + timedelta(days=2, hours=15))  # Wednesday 23:00
    port = RecordingPort()
    assert (await drain(db, port, clock)).sent == 1
    port.unique_message_to("team:t1")


async def test_a_channel_message_found_after_its_period_expires(db):
    seed(db, small_plan(person("ana")))
    week_end = NOW + timedelta(days=6, hours=16)
    escalation(db, window=SendWindow(week_end))
    clock = ManualClock(week_end)
    assert (await drain(db, RecordingPort(), clock)).sent == 0
    assert rows(db)["t1"].state == "expired"
    assert set(action_states(db).values()) == {"missed"}


async def test_two_senders_at_once_move_late_rows_without_attempts_and_send_each_once(db):
    seed(db, small_plan(*(person(f"p{i:02d}") for i in range(30))))
    clock = ManualClock(MONDAY_9)
    tick(db, clock, platforms=["local"])
    clock.set(NOW + timedelta(hours=12))
    port = RecordingPort()
    other = twin(db)
    late = await asyncio.gather(*(drain(engine, port, clock) for engine in (db, other)))
    assert [r.sent for r in late] == [0, 0]
    assert {(r.state, r.attempts) for r in rows(db).values()} == {("pending", 0)}
    clock.set(MONDAY_9 + timedelta(days=1))
    reports = await asyncio.gather(*(drain(engine, port, clock) for engine in (db, other)))
    other.dispose()
    assert sum(r.sent for r in reports) == 30
    assert port.duplicates() == {}
