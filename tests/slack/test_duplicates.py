"""A retry or double click that arrives while the first delivery is still being handled
waits for it: when the first fails, the duplicate is the delivery that gets through."""

import asyncio

import pytest
from requests_slack import dm_event, post
from slack_fakes import FakeService

from cadence.commands import Command
from cadence.outcomes import Outcome

RETRY = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}


class FirstAttemptFails(FakeService):
    """The first command waits until the test lets it go, then fails (a lost database
    connection, say); every later one is handled as usual."""

    def __init__(self) -> None:
        super().__init__()
        self.first_may_fail = asyncio.Event()
        self.attempts = 0

    async def handle(self, command: Command) -> Outcome:
        self.attempts += 1
        if self.attempts == 1:
            await self.first_may_fail.wait()
            raise ConnectionError("the database went away")
        return await super().handle(command)


@pytest.fixture
def service():
    return FirstAttemptFails()


async def test_a_retry_during_a_failing_first_delivery_records_the_answer_once(
    http, slack, service
):
    body = dm_event("deals: 4", event_id="EvSlow")
    assert (await post(http, body)).status == 200
    assert (await post(http, body, headers=RETRY)).status == 200
    await asyncio.sleep(0)  # the retry is waiting for the first delivery, not dropped
    assert service.recorded == 0
    service.first_may_fail.set()
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    assert service.attempts == 2 and service.recorded == 1
    assert [c.idempotency_key for c in service.commands] == ["slack:event:EvSlow"]


async def test_a_retry_after_a_successful_delivery_does_nothing(http, slack, service):
    service.attempts = 1  # no failure this time
    body = dm_event("deals: 4", event_id="EvDone")
    await post(http, body)
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    await post(http, body, headers=RETRY)
    await post(http, dm_event("deals: 5", event_id="EvNext"))
    await slack.wait_for(lambda: len(slack.called("chat.postMessage")) == 2)
    assert [c.text for c in service.commands] == ["deals: 4", "deals: 5"]
    assert service.recorded == 2
