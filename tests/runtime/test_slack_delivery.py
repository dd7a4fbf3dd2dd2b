"""The real tick and OutboxSender delivering through the real SlackPort to the mock Slack
Web API on 127.0.0.1: a lost acknowledgement is reconciled instead of posted twice, and a
nudge is a reply in its check-in's thread."""

import random
import sys
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import aiohttp
import pytest
from runtime_fakes import NOW, person, seed, small_plan
from slack_sdk.web.async_client import AsyncWebClient
from sqlmodel import select

from bot.ports import RetryLater
from bot.runtime.clock import ManualClock
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from bot.service import CommandService
from bot.slack.errors import delivery_failure
from bot.slack.port import SlackPort
from cadence.commands import Actor, TextMessage
from cadence.updates import Source
from messages.environment import build_environment
from storage.database import transaction
from storage.tables import OutboxRow

sys.path.insert(0, str(Path(__file__).parents[1] / "slack"))
from mock_slack import TOKEN, MockSlack

MONDAY_9 = NOW + timedelta(hours=1)  # Ana's check-in is due, on her clock (UTC)
DM = "D0ANA"  # the mock opens U0ANA's DM as this


@pytest.fixture
async def slack():
    mock = MockSlack()
    await mock.start()
    yield mock
    await mock.close()


@pytest.fixture
def bot(db, slack):
    """Ana's plan on Slack, and a sender whose port talks to the mock, failing fast the
    way the app's outbox client does (the sender retries, not the client)."""
    seed(db, small_plan(person("ana", slack_id="U0ANA")))
    clock = ManualClock(MONDAY_9)
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url, retry_handlers=[])
    port = SlackPort(client, build_environment())

    async def wait_turn(seconds: float) -> None:
        clock.advance(timedelta(seconds=seconds))  # the pacer's wait, on the test's clock

    sender = OutboxSender(db, {"slack": port}, clock, rng=random.Random(5), sleep=wait_turn)
    return clock, sender


def rows(db):
    with transaction(db) as session:
        return list(session.exec(select(OutboxRow).order_by(OutboxRow.id)))


def methods(slack):
    return [call.method for call in slack.calls]


@pytest.mark.parametrize(
    ("lose", "then"),
    [
        pytest.param(lambda s: s.lose_answer("chat.postMessage"), [], id="posted-answer-lost"),
        pytest.param(
            lambda s: s.fail("chat.postMessage", "internal_error", status=500),
            ["chat.postMessage"],
            id="500-not-posted",
        ),
    ],
)
async def test_a_send_whose_outcome_is_unknown_is_reconciled_before_it_is_sent_again(
    db, slack, bot, lose, then
):
    clock, sender = bot
    tick(db, clock, platforms=["slack"])
    lose(slack)
    assert (await sender.drain()).retried == 1
    row = rows(db)[0]
    assert (row.state, row.uncertain) == ("pending", True)
    clock.set(row.next_attempt_at)
    await sender.drain()
    assert methods(slack) == [
        "conversations.open",
        "chat.postMessage",
        "conversations.history",
        *then,
    ]
    assert len(slack.history[DM]) == 1, "one message in the DM"
    row = rows(db)[0]
    assert (row.state, row.platform_message_id) == ("sent", slack.history[DM][0]["ts"])
    assert slack.called("conversations.history")[0]["include_all_metadata"] in ("1", "true")


async def test_a_nudge_is_a_reply_in_the_check_ins_thread(db, slack, bot):
    clock, sender = bot
    tick(db, clock, platforms=["slack"])
    await sender.drain()
    checkin_ts = slack.history[DM][0]["ts"]
    clock.advance(timedelta(days=1))  # one working day later, still unanswered
    assert tick(db, clock, platforms=["slack"]).enqueued == 1
    assert (await sender.drain()).sent == 1
    checkin, nudge = slack.called("chat.postMessage")
    assert "thread_ts" not in checkin or not checkin["thread_ts"]
    assert nudge["thread_ts"] == checkin_ts
    assert nudge["channel"] == DM
    assert [r.kind for r in rows(db)] == ["checkin", "nudge"]
    assert rows(db)[1].thread_ref == checkin_ts


async def test_a_nudge_whose_answer_was_lost_is_found_in_the_thread(db, slack, bot):
    clock, sender = bot
    tick(db, clock, platforms=["slack"])
    await sender.drain()
    clock.advance(timedelta(days=1))
    tick(db, clock, platforms=["slack"])
    slack.lose_answer("chat.postMessage")
    await sender.drain()
    clock.set(rows(db)[1].next_attempt_at)
    report = await sender.drain()
    assert (report.reconciled, report.sent) == (1, 0)
    assert len(slack.called("chat.postMessage")) == 2
    assert slack.called("conversations.replies")[0]["ts"] == slack.history[DM][0]["ts"]
    assert rows(db)[1].state == "sent"


@pytest.mark.parametrize(
    ("error", "unknown"),
    [
        pytest.param(TimeoutError(), True, id="timeout"),
        pytest.param(aiohttp.ServerDisconnectedError(), True, id="reset-after-sending"),
        pytest.param(aiohttp.ClientOSError(104, "Connection reset by peer"), True, id="reset"),
        pytest.param(
            aiohttp.ClientConnectorError(SimpleNamespace(ssl=None, host="x", port=443), OSError()),
            False,
            id="never-connected",
        ),
    ],
)
def test_a_network_failure_says_whether_slack_may_have_posted(error, unknown):
    failure = delivery_failure(error)
    assert isinstance(failure, RetryLater)
    assert failure.outcome_unknown is unknown


async def test_a_rate_limit_is_known_not_to_have_posted(db, slack, bot):
    clock, sender = bot
    tick(db, clock, platforms=["slack"])
    slack.fail("chat.postMessage", "ratelimited", status=429, retry_after=1)
    await sender.drain()
    assert rows(db)[0].uncertain is False


async def test_an_answer_edits_its_prompt_through_the_outbox_and_a_429_only_delays_it(
    db, slack, bot
):
    clock, sender = bot
    tick(db, clock, platforms=["slack"])
    await sender.drain()
    (prompt,) = slack.history[DM]
    answer = TextMessage(
        actor=Actor("slack", "U0ANA"),
        text="7",
        source=Source.SLACK_TEXT,
        idempotency_key="slack:event:Ev1",
        prompt_key=None,
    )
    outcome = await CommandService(engine=db, clock=clock).handle(answer)
    assert outcome.recorded == 1 and outcome.prompt_edit is not None
    assert outcome.prompt_edit.queued, "Slack's Tier 3 chat.update waits its turn"
    slack.fail("chat.update", "ratelimited", status=429, retry_after=1)
    assert (await sender.drain()).retried == 1
    (edit,) = [r for r in rows(db) if r.replaces_ref == prompt["ts"]]
    assert (edit.state, edit.last_error) == ("pending", "ratelimited")
    clock.set(edit.next_attempt_at)
    assert (await sender.drain()).sent == 1
    updates = slack.called("chat.update")
    assert [(u["channel"], u["ts"]) for u in updates] == [(DM, prompt["ts"])] * 2
    assert "7" in slack.history[DM][0]["text"], "the prompt now shows what was recorded"
    assert [r.state for r in rows(db) if r.replaces_ref] == ["sent"]


async def test_several_edits_of_one_message_waiting_send_only_the_latest(db, slack, bot):
    clock, sender = bot
    tick(db, clock, platforms=["slack"])
    await sender.drain()
    service = CommandService(engine=db, clock=clock)
    prompt_key = rows(db)[0].action_key
    for n, value in enumerate(("7", "8")):  # the second, in the prompt's thread, corrects
        answer = TextMessage(
            actor=Actor("slack", "U0ANA"),
            text=value,
            source=Source.SLACK_TEXT,
            idempotency_key=f"slack:event:Ev{n}",
            prompt_key=prompt_key,
        )
        assert (await service.handle(answer)).recorded == 1
    (edit,) = [r for r in rows(db) if r.replaces_ref]
    await sender.drain()
    (update,) = slack.called("chat.update")
    assert "7 → 8 ·" in update["text"], "the latest edit, which corrects the first"
    assert [(r.id, r.state) for r in rows(db) if r.replaces_ref] == [(edit.id, "sent")]
