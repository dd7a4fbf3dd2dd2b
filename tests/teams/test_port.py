"""The outbound port: proactive cards through stored references, and Teams' failures
mapped to what the outbox sender should do about them."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from samples import views
from teams_fakes import ANA, ANA_AAD, ANA_EMAIL, cards_in, check_card

from bot.ports import Delivery, RetryLater, Undeliverable
from bot.runtime.clock import ManualClock
from cadence.commands import SubmitValues, TextMessage
from cadence.model import MeasureKind
from cadence.outcomes import Outcome, PromptEdit
from cadence.units import Unit, UnitKind
from cadence.view_codec import encode_view
from cadence.views import (
    Change,
    CheckinPrompt,
    Digest,
    MeasureLine,
    MeasureRef,
    PersonRef,
    SilentOwner,
    TeamEscalation,
    UpdateConfirmation,
)
from messages.charts import DIGEST_CHARTS

CHANNEL = "19:sales-general@thread.tacv2"
BEN = PersonRef("ben", "Ben Okafor", teams_id="29:ben-teams-id")
DEALS = MeasureLine(
    "deals-0",
    "Enterprise deals",
    MeasureKind.KEY_RESULT,
    Unit(UnitKind.COUNT, minimum=0),
    value="3",
    target="12",
)
PROMPT = CheckinPrompt("p-1", ANA, "2026-Q4", (DEALS,))
CONFIRMED = UpdateConfirmation(ANA, (Change("deals-0", "Enterprise deals", "3", "4"),))


def delivery(view, address: str = ANA_AAD, **fields) -> Delivery:
    return Delivery(
        outbox_id=fields.pop("outbox_id", 1),
        action_key="checkin:p-1",
        kind=type(view).__name__,
        platform="teams",
        recipient_key="ana",
        address=address,
        payload=encode_view(view),
        **fields,
    )


async def install(teams, name: str = "personal_install", **changes) -> None:
    assert (await teams.post(teams.activity(name, **changes))).status == 201


def posted_card(call, schema) -> dict:
    (card,) = cards_in(call.body)
    check_card(card, schema)
    return card


async def test_a_check_in_answered_by_card_replaces_the_prompt(teams, card_schema):
    teams.connector.email = ANA_EMAIL
    await install(teams)
    receipt = await teams.port.deliver(delivery(PROMPT, ANA_EMAIL.upper()))
    (prompt,) = teams.connector.sent()
    assert (prompt.conversation, receipt.channel) == ("a:1ana-personal-conversation",) * 2
    card = posted_card(prompt, card_schema)
    assert {"Input.Number", "Input.ChoiceSet"} <= {i["type"] for i in _items(card["body"])}

    edit = PromptEdit(receipt.platform_message_id, receipt.channel, CONFIRMED)
    teams.handler.answer = lambda _c: Outcome(reply=CONFIRMED, recorded=1, prompt_edit=edit)
    value = {"action": "checkin.update", "prompt": "p-1", "value.deals-0": "4"}
    await teams.post(
        teams.activity("card_submit", value=value, replyToId=receipt.platform_message_id)
    )
    (command,) = teams.handler.commands
    assert isinstance(command, SubmitValues) and command.inputs[0].text == "4"
    (update,) = teams.connector.sent("PUT")
    assert update.activity_id == receipt.platform_message_id
    posted_card(update, card_schema)
    assert len(teams.connector.sent()) == 1  # the prompt only: the chat did not pile up


async def test_a_check_in_answered_by_text_goes_to_the_reply_parser(teams, card_schema):
    await install(teams)
    await teams.port.deliver(delivery(PROMPT))
    await teams.post(teams.activity("personal_message", text="4 at risk - legal"))
    (command,) = teams.handler.commands
    assert isinstance(command, TextMessage) and command.text == "4 at risk - legal"


async def test_after_a_restart_the_wave_reaches_everyone_once(teams, card_schema):
    await install(teams)
    ben = {"id": "29:ben-teams-id", "aadObjectId": "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0"}
    await install(
        teams, **{"from": ben, "conversation": {"conversationType": "personal", "id": "a:1ben"}}
    )
    await teams.start()  # a new process: only the stored references survive
    for i, address in enumerate([ANA_AAD, "0B1C2D3E-4F50-6172-8394-A5B6C7D8E9F0"]):
        await teams.port.deliver(delivery(PROMPT, address, outbox_id=i))
    assert sorted(c.conversation for c in teams.connector.sent()) == [
        "a:1ana-personal-conversation",
        "a:1ben",
    ]


async def test_an_escalation_goes_to_the_team_channel_mentioning_the_silent_owner(
    teams, card_schema
):
    await install(teams, "team_install")
    silent = SilentOwner(BEN, (MeasureRef("deals-0", "Enterprise deals"),), days_silent=2)
    escalation = TeamEscalation("Sales", "2026-Q4", (silent,))
    receipt = await teams.port.deliver(delivery(escalation, CHANNEL))
    (post,) = teams.connector.sent()
    assert (post.conversation, receipt.channel) == (CHANNEL, CHANNEL)
    card = posted_card(post, card_schema)
    mentioned = [e["mentioned"]["id"] for e in card["msteams"]["entities"]]
    assert mentioned == ["29:ben-teams-id"]


async def test_a_reply_in_a_thread_goes_under_its_post(teams):
    await install(teams, "team_install")
    silent = SilentOwner(BEN, (), days_silent=None, never_updated=True)
    await teams.port.deliver(
        delivery(TeamEscalation("Sales", "2026-Q4", (silent,)), CHANNEL, thread_ref="1732")
    )
    assert teams.connector.sent()[0].conversation == f"{CHANNEL};messageid=1732"


async def test_nobody_to_write_to_without_an_install(teams):
    with pytest.raises(Undeliverable) as raised:
        await teams.port.deliver(delivery(PROMPT))
    assert raised.value.unreachable and "bot not installed" in raised.value.reason
    assert teams.connector.calls == []


async def test_rate_limits_are_survived(teams):
    await install(teams)
    teams.connector.fail_next(429, headers={"Retry-After": "3"})
    with pytest.raises(RetryLater) as raised:
        await teams.port.deliver(delivery(PROMPT))
    assert raised.value.retry_after == timedelta(seconds=3)
    receipt = await teams.port.deliver(delivery(PROMPT))
    assert receipt.platform_message_id and len(teams.connector.sent()) == 2


@pytest.mark.parametrize("status", [412, 500, 502, 503, 504])
async def test_transient_failures_are_retried(teams, status):
    await install(teams)
    teams.connector.fail_next(status)
    with pytest.raises(RetryLater):
        await teams.port.deliver(delivery(PROMPT))


@pytest.mark.parametrize(
    "body",
    [
        {"error": {"code": "MessageWritesBlocked", "message": "blocked"}},
        {"error": {"code": "Forbidden", "message": "blocked"}, "subCode": "MessageWritesBlocked"},
        {"error": {"code": "ConversationBlockedByUser", "message": "User blocked the bot"}},
        {"error": {"code": "BotNotInConversationRoster", "message": "not in roster"}},
        {"error": {"code": "ForbiddenOperationException", "message": "not installed"}},
    ],
    ids=["code", "sub-code", "blocked-by-user", "not-in-roster", "not-installed"],
)
async def test_a_blocked_or_removed_bot_marks_the_person_unreachable(teams, body):
    await install(teams)
    teams.connector.fail_next(403, body=body)
    with pytest.raises(Undeliverable) as raised:
        await teams.port.deliver(delivery(PROMPT))
    assert raised.value.unreachable
    assert (body.get("subCode") or body["error"]["code"]) in raised.value.reason


@pytest.mark.parametrize(
    "code", ["BotDisabledByAdmin", "NotEnoughPermissions", "InvalidBotApiHost", ""]
)
async def test_other_refusals_fail_the_message_but_not_the_person(teams, code):
    await install(teams)
    teams.connector.fail_next(403, code=code)
    with pytest.raises(Undeliverable) as raised:
        await teams.port.deliver(delivery(PROMPT))
    assert not raised.value.unreachable and "403" in raised.value.reason


async def test_a_retry_after_date_is_read_against_the_response_date(teams):
    await install(teams)
    headers = {
        "Retry-After": "Wed, 25 Nov 2026 09:00:40 GMT",
        "Date": "Wed, 25 Nov 2026 09:00:10 GMT",
    }
    teams.connector.fail_next(429, headers=headers)
    with pytest.raises(RetryLater) as raised:
        await teams.port.deliver(delivery(PROMPT))
    assert raised.value.retry_after == timedelta(seconds=30)


async def test_a_retry_after_date_without_a_response_date_is_read_against_our_clock(teams):
    teams.clock = ManualClock(datetime(2026, 11, 25, 9, 0, 0, tzinfo=UTC))
    await teams.start()
    await install(teams)
    # aiohttp always sends a Date; an empty one is what a response without it reads as.
    headers = {"Retry-After": "Wed, 25 Nov 2026 09:00:45 GMT", "Date": ""}
    teams.connector.fail_next(429, headers=headers)
    with pytest.raises(RetryLater) as raised:
        await teams.port.deliver(delivery(PROMPT))
    assert raised.value.retry_after == timedelta(seconds=45)


@pytest.mark.parametrize(
    "header", ["soon", "-5", "nan", "inf", "1e30", "Wed, 99 Nov 2026 09:00:45 GMT"]
)
async def test_an_unreadable_retry_after_falls_back_to_the_backoff(teams, header):
    await install(teams)
    teams.connector.fail_next(429, headers={"Retry-After": header})
    with pytest.raises(RetryLater) as raised:
        await teams.port.deliver(delivery(PROMPT))
    assert raised.value.retry_after is None


async def test_a_vanished_card_fails_the_edit_but_not_the_person(teams):
    await install(teams)
    teams.connector.fail_next(404)
    with pytest.raises(Undeliverable) as raised:
        await teams.port.deliver(delivery(CONFIRMED, replaces_ref="msg-9"))
    assert not raised.value.unreachable
    assert teams.connector.sent("PUT")[0].activity_id == "msg-9"


async def test_a_payload_that_no_longer_decodes_is_undeliverable(teams):
    await install(teams)
    broken = Delivery(1, "a", "Gone", "teams", "ana", ANA_AAD, {"kind": "Gone", "data": {}})
    with pytest.raises(Undeliverable, match="unknown view kind"):
        await teams.port.deliver(broken)


async def test_reconcile_cannot_look_back(teams):
    assert await teams.port.reconcile(delivery(PROMPT)) is None


def _items(body):
    for item in body:
        yield item
        yield from _items(item.get("items", []))


@pytest.mark.parametrize("n", [3, 60])
async def test_every_kind_of_message_goes_out_as_a_card(teams, n):
    """The `teams` fixture then validates each card against the schema and the size limit."""
    await install(teams)
    sent = views(n, person=ANA)
    for i, view in enumerate(sent):
        await teams.port.deliver(delivery(view, outbox_id=i))
    assert [len(cards_in(call.body)) for call in teams.connector.sent()] == [1] * len(sent)


async def test_a_digest_carries_its_first_red_kpis_trends_as_inline_images(teams, card_schema):
    await install(teams, "team_install")
    digest = next(v for v in views(5) if isinstance(v, Digest))
    digest = replace(digest, charts=digest.charts * 2)
    await teams.port.deliver(delivery(digest, CHANNEL))
    (post,) = teams.connector.sent()
    posted_card(post, card_schema)
    images = [a for a in post.body["attachments"] if a["contentType"] == "image/png"]
    assert len(digest.charts) > DIGEST_CHARTS and len(images) == DIGEST_CHARTS
    assert all(i["contentUrl"].startswith("data:image/png;base64,iVBOR") for i in images)
