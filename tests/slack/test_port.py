"""SlackPort: what the outbox sender sees of Slack, including every failure it must survive."""

import asyncio
from datetime import timedelta

import pytest
from mock_slack import TOKEN
from samples import ANA, kr, views
from slack_fakes import delivery
from slack_sdk.web.async_client import AsyncWebClient

from bot.ports import RetryLater, Undeliverable
from bot.slack.port import DM_STORE_PLATFORM, SlackPort
from cadence.views import CheckinPrompt, Nudge, TeamEscalation
from storage.chat_ref_repo import SqlConversationStore

PROMPT = CheckinPrompt("p-1", ANA, "2026-Q4", (kr(0), kr(1)))


@pytest.mark.parametrize("n", [1, 3, 60])
async def test_every_message_kind_goes_out_within_slack_limits(slack, surface, n):
    for outbox_id, view in enumerate(views(n, title="Long title " * 20), start=1):
        receipt = await surface.port.deliver(delivery(view, outbox_id=outbox_id))
        assert receipt.channel == "D0ANA"
    assert slack.violations == []
    assert len(slack.history["D0ANA"]) == len(views(n))


async def test_a_dm_is_opened_once_and_tagged_with_its_outbox_id(slack, surface):
    first = await surface.port.deliver(delivery(PROMPT, outbox_id=41))
    await surface.port.deliver(delivery(PROMPT, outbox_id=42))
    assert [c["users"] for c in slack.called("conversations.open")] == ["U0ANA"]
    sent = slack.called("chat.postMessage")
    assert [m["metadata"]["event_payload"]["outbox_id"] for m in sent] == [41, 42]
    assert first.platform_message_id == slack.history["D0ANA"][0]["ts"]
    assert sent[0]["unfurl_links"] is False


async def test_channels_get_the_message_directly_and_mention_only_the_silent_owner(slack, surface):
    view = next(v for v in views(2) if isinstance(v, TeamEscalation))
    receipt = await surface.port.deliver(delivery(view, address="C0SALES"))
    assert receipt.channel == "C0SALES" and slack.called("conversations.open") == []
    text = slack.called("chat.postMessage")[0]["text"]
    assert "<@U0ANA>" in text
    assert "<!channel>" not in text and "<!here>" not in text


async def test_a_nudge_is_a_reply_in_the_prompt_thread(slack, surface):
    prompt = await surface.port.deliver(delivery(PROMPT, outbox_id=1))
    nudge = Nudge("p-1", ANA, "2026-Q4", kr(0).last_updated, (kr(0),))
    await surface.port.deliver(delivery(nudge, outbox_id=2, thread_ref=prompt.platform_message_id))
    assert slack.called("chat.postMessage")[1]["thread_ts"] == prompt.platform_message_id


async def test_replaces_ref_updates_the_message_in_place(slack, surface):
    prompt = await surface.port.deliver(delivery(PROMPT, outbox_id=1))
    done = next(v for v in views(1) if type(v).__name__ == "UpdateConfirmation")
    again = await surface.port.deliver(
        delivery(done, outbox_id=2, replaces_ref=prompt.platform_message_id)
    )
    assert again.platform_message_id == prompt.platform_message_id
    assert len(slack.history["D0ANA"]) == 1
    assert "recorded" in slack.history["D0ANA"][0]["text"]


async def test_reconcile_finds_a_message_whose_acknowledgement_was_lost(slack, surface):
    sent = await surface.port.deliver(delivery(PROMPT, outbox_id=77))
    await surface.port.deliver(delivery(PROMPT, outbox_id=78))
    found = await surface.port.reconcile(delivery(PROMPT, outbox_id=77))
    assert found == sent
    assert await surface.port.reconcile(delivery(PROMPT, outbox_id=79)) is None
    assert slack.called("conversations.history")[0]["include_all_metadata"] in ("1", "true")


async def test_reconcile_looks_inside_the_thread_for_a_reply(slack, surface):
    prompt = await surface.port.deliver(delivery(PROMPT, outbox_id=1))
    nudge = Nudge("p-1", ANA, "2026-Q4", kr(0).last_updated, (kr(0),))
    row = delivery(nudge, outbox_id=2, thread_ref=prompt.platform_message_id)
    sent = await surface.port.deliver(row)
    assert await surface.port.reconcile(row) == sent


@pytest.mark.parametrize(
    ("status", "error", "retry_after", "expected"),
    [
        (429, "ratelimited", 30, RetryLater("ratelimited", timedelta(seconds=30))),
        (200, "ratelimited", None, RetryLater("ratelimited")),
        (500, "internal_error", None, RetryLater("slack 500 internal_error")),
        (503, "service_unavailable", None, RetryLater("slack 503 service_unavailable")),
        (200, "user_not_found", None, Undeliverable("user_not_found", unreachable=True)),
        (200, "account_inactive", None, Undeliverable("account_inactive", unreachable=True)),
        (200, "channel_not_found", None, Undeliverable("channel_not_found", unreachable=True)),
        (200, "not_in_channel", None, Undeliverable("not_in_channel", unreachable=True)),
        (200, "is_archived", None, Undeliverable("is_archived", unreachable=True)),
        (200, "invalid_auth", None, Undeliverable("invalid_auth")),
        (200, "invalid_blocks", None, Undeliverable("invalid_blocks")),
    ],
)
async def test_failures_map_to_retry_later_or_undeliverable(
    slack, surface, status, error, retry_after, expected
):
    slack.fail("chat.postMessage", error, status=status, retry_after=retry_after)
    with pytest.raises(type(expected)) as raised:
        await surface.port.deliver(delivery(PROMPT, address="C0SALES"))
    assert raised.value.reason == expected.reason
    if isinstance(expected, RetryLater):
        assert raised.value.retry_after == expected.retry_after
    else:
        assert raised.value.unreachable == expected.unreachable


async def test_a_deactivated_owner_is_unreachable_when_their_dm_cannot_be_opened(slack, surface):
    slack.fail("conversations.open", "user_disabled")
    with pytest.raises(Undeliverable) as raised:
        await surface.port.deliver(delivery(PROMPT, address="U0GONE"))
    assert raised.value.unreachable


async def test_a_network_failure_is_retried_later(slack, surface):
    await slack.close()
    with pytest.raises(RetryLater) as raised:
        await surface.port.deliver(delivery(PROMPT, address="C0SALES"))
    assert raised.value.reason.startswith("network")


async def test_a_429_storm_loses_nothing_and_sends_nothing_twice(slack, surface):
    slack.rate_limit("chat.postMessage", calls=7, retry_after=1)
    queue = [delivery(PROMPT, outbox_id=i, address=f"U{i:04d}") for i in range(40)]
    windows = 0
    while queue:
        waiting = []
        for row in queue:
            try:
                await surface.port.deliver(row)
            except RetryLater as later:
                assert later.retry_after == timedelta(seconds=1)
                waiting.append(row)
        queue, windows = waiting, windows + 1
        slack.next_window()
    ids = [m["metadata"]["event_payload"]["outbox_id"] for ch in slack.history.values() for m in ch]
    assert sorted(ids) == list(range(40))
    assert windows == 6
    assert slack.violations == []


async def test_a_huge_prompt_keeps_its_outbox_id_but_not_its_view(slack, surface):
    huge = CheckinPrompt("p-9", ANA, "2026-Q4", tuple(kr(i) for i in range(80)))
    await surface.port.deliver(delivery(huge, outbox_id=5))
    await surface.port.deliver(delivery(PROMPT, outbox_id=6))
    big, small = (m["metadata"]["event_payload"] for m in slack.called("chat.postMessage"))
    assert big == {"outbox_id": 5}
    assert small["outbox_id"] == 6 and "p-1" in small["view"]
    assert slack.violations == []


async def test_dm_channels_are_stored_so_a_restart_opens_none_again(db, slack, env):
    store = SqlConversationStore(db, platform=DM_STORE_PLATFORM)
    client = AsyncWebClient(token=TOKEN, base_url=slack.api_url)
    await SlackPort(client, env, dm_store=store).deliver(delivery(PROMPT, outbox_id=1))
    restarted = SlackPort(client, env, dm_store=store)
    receipt = await restarted.deliver(delivery(PROMPT, outbox_id=2))
    assert receipt.channel == "D0ANA"
    assert len(slack.called("conversations.open")) == 1


async def test_a_clock_paced_limit_answers_429_until_its_window_frees(slack, surface):
    slack.pace("chat.postMessage", count=1, per=30, per_channel=True)
    await surface.port.deliver(delivery(PROMPT, outbox_id=1))
    with pytest.raises(RetryLater) as raised:
        await surface.port.deliver(delivery(PROMPT, outbox_id=2))
    assert raised.value.retry_after == timedelta(seconds=30)
    view = next(v for v in views(1) if isinstance(v, TeamEscalation))
    await surface.port.deliver(delivery(view, outbox_id=3, address="C0SALES"))
    assert slack.throttled["chat.postMessage"] == 1


class CountingStore:
    """A DM store that counts how often it is read."""

    def __init__(self, channels: dict[str, str]) -> None:
        self.references = {user: {"channel": channel} for user, channel in channels.items()}
        self.reads = 0

    async def get(self, key):
        self.reads += 1
        return self.references.get(key)

    async def put(self, key, reference):
        self.references[key] = reference

    async def get_all(self):
        self.reads += 1
        return dict(self.references)


async def test_a_wave_reads_the_stored_dm_channels_once_not_once_per_owner(slack, env):
    store = CountingStore({"U0ANA": "D0ANA", "U0BEN": "D0BEN"})
    port = SlackPort(AsyncWebClient(token=TOKEN, base_url=slack.api_url), env, dm_store=store)
    channels = await asyncio.gather(*(port.channel_for(u) for u in ("U0ANA", "U0BEN", "U0ANA")))
    assert channels == ["D0ANA", "D0BEN", "D0ANA"]
    assert store.reads == 1
    store.references["U0CAM"] = {"channel": "D0CAM"}  # stored since, by another replica
    assert await port.channel_for("U0CAM") == "D0CAM"
    assert store.reads == 2
    assert slack.called("conversations.open") == []
