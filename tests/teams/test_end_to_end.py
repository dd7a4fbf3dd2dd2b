"""Teams end to end, nothing stubbed in between: real activity JSON posted to /api/messages
(signed, app id set) -> the real CommandService -> the SQL store -> the real Runtime and
OutboxSender -> the mock Bot Connector on 127.0.0.1, which records every proactive
message, reply and card update. The plan is the example plan: Sofia Marsh owns the People
team's engagement key result and its attrition KPI; her plan entry names her by her Teams
user id, and the People team by its channel."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from databases import migrated
from teams_fakes import cards_in, check_card
from teams_harness import Harness
from teams_world import (
    NOW,
    PEOPLE_CHANNEL,
    RAVI,
    RAVI_CHAT,
    SOFIA,
    SOFIA_AAD,
    SOFIA_CHAT,
    World,
    action,
    asked,
    card_text,
    checkin,
    example_plan,
    prompts,
    updates,
    with_plan,
)

from bot.runtime.clock import ManualClock
from storage import chat_ref_repo, outbox_repo
from storage.database import transaction
from storage.plan_repo import save_plan
from storage.tables import OutboxRow, SnoozeRow
from storage.tables.zones import ReportedZoneRow


@pytest.fixture
async def world(keys, connector, env, card_schema, tmp_path):
    """The example plan in SQLite, the bot running on it; afterwards every card the bot
    sent or put in place is checked against the schema and the size limit."""
    with migrated("sqlite", tmp_path) as engine:
        with transaction(engine) as session:
            save_plan(session, example_plan(), now=NOW)
        connector.emails = {SOFIA["id"]: "sofia@example.com", RAVI["id"]: "ravi@example.com"}
        found = World(Harness(keys=keys, connector=connector, env=env), engine, ManualClock(NOW))
        await found.start()
        yield found
        await found.harness.client.close()
    for call in connector.calls:
        for card in cards_in(call.body or {}):
            check_card(card, card_schema)


async def test_the_install_flow_files_people_and_channels_in_the_database(world):
    await world.install_sofia()
    await world.install_people_team()
    ana = await world.post("installation_update")
    assert ana.status == 201
    with transaction(world.engine) as session:
        stored = chat_ref_repo.subjects(session=session, platform="teams")
    assert stored == {
        "29:1a2b3c-sofia",
        SOFIA_AAD,
        "sofia@example.com",  # conversationUpdate, personal
        PEOPLE_CHANNEL,  # conversationUpdate, team: its General channel
        "29:ana-teams-id",
        "6f3c1a52-3b9e-4c7a-9a0d-2f1e8b7c4d10",  # installationUpdate
    }
    assert world.connector.sent() == []  # installing sends nothing by itself


async def test_a_wave_after_a_restart_reaches_everyone_it_should_once(world):
    await world.install_sofia()
    await world.install_people_team()
    await world.start()  # a new process: only the database survives
    tick, sent = await world.wave()
    assert tick is not None and tick.planned >= 1 and sent.sent == tick.planned
    assert {c.conversation for c in world.connector.sent()} == {SOFIA_CHAT["id"]}
    assert len(prompts(world)) == len(world.connector.sent())
    await world.start()
    again_tick, again_sent = await world.wave()
    assert (again_tick.planned, again_sent.sent) == (0, 0)
    assert len(world.connector.sent()) == sent.sent


async def test_save_on_the_card_records_the_values_and_replaces_the_card(world):
    await world.install_sofia()
    await world.wave()
    message, card = checkin(world)
    value = action(card, "checkin.update") | {
        "value.engagement": 74,
        "confidence.engagement": "at_risk",
        "comment": "Survey closed early",
    }
    posts_before = len(world.connector.sent())
    for _retry in range(2):  # Teams re-sends an activity it got no answer for
        assert (await world.submit(value, id="save-1", reply_to=message)).status == 201
    assert updates(world) == [("engagement", 74.0, False, "teams_card", "sofia")]
    puts = world.connector.sent("PUT")
    assert puts and {(p.conversation, p.activity_id) for p in puts} == {(SOFIA_CHAT["id"], message)}
    assert "74" in card_text(puts[-1]) and "Input.Number" not in card_text(puts[-1])
    assert len(world.connector.sent()) == posts_before  # the chat did not pile up


async def test_no_change_on_the_card_reconfirms_and_replaces_the_card(world):
    world.clock.set(NOW - timedelta(days=7))
    await world.record("update engagement 72")  # last week's value, to confirm this week
    world.clock.set(NOW)
    await world.install_sofia()
    await world.wave()
    message, card = checkin(world)
    response = await world.submit(action(card, "checkin.no_change"), id="same-1", reply_to=message)
    assert response.status == 201
    assert updates(world) == [
        ("engagement", 72.0, False, "cli", "sofia"),
        ("engagement", 72.0, True, "teams_card", "sofia"),  # the last value, confirmed
    ]
    (put,) = world.connector.sent("PUT")
    assert (put.conversation, put.activity_id) == (SOFIA_CHAT["id"], message)


async def test_snooze_on_the_card_puts_the_check_in_off_until_tomorrow(world):
    await world.install_sofia()
    await world.wave()
    message, card = checkin(world)
    assert (
        await world.submit(action(card, "checkin.snooze"), id="z-1", reply_to=message)
    ).status == 201
    assert "Snoozed: I'll ask again tomorrow, Tuesday, at" in card_text(world.connector.calls[-1])
    (snooze,) = world.rows(SnoozeRow)
    assert (snooze.person_key, snooze.prompt_key) == (
        "sofia",
        action(card, "checkin.snooze")["prompt"],
    )
    assert updates(world) == []


async def test_a_text_reply_is_read_and_sofia_is_found_without_an_email_in_the_plan(world):
    with_plan(world, example_plan(email=None))  # the audit's case: only her Teams user id
    await world.install_sofia()
    await world.wave()
    # A reply answers the latest prompt: here her KPI review, which came after the check-in.
    response = await world.say("attrition: 9% steady", id="text-1")
    assert response.status == 201
    assert [(key, source, author) for key, _v, _n, source, author in updates(world)] == [
        ("attrition", "teams_text", "sofia")
    ]
    assert "can't find you" not in card_text(world.connector.calls[-1])
    await world.say("update attrition 8.5%", id="text-2")
    await world.say("metric attrition", id="text-3")
    answer = world.connector.calls[-1]
    kinds = [a["contentType"] for a in answer.body["attachments"]]
    assert kinds == ["application/vnd.microsoft.card.adaptive", "image/png"]
    assert answer.body["attachments"][1]["contentUrl"].startswith("data:image/png;base64,")
    # The install and three messages, one roster lookup: its answer is kept per user.
    assert world.connector.lookups == [SOFIA["id"]]


async def test_an_unauthenticated_request_is_refused_and_changes_nothing(world):
    await world.install_sofia()
    await world.wave()
    message, card = checkin(world)
    calls, refs = len(world.connector.calls), world.rows(chat_ref_repo.ChatRefRow)
    value = action(card, "checkin.update") | {"value.engagement": 99}
    for token in (None, "not-a-jwt"):
        response = await world.post(
            "card_submit",
            token=token,
            value=value,
            replyToId=message,
            **{"from": SOFIA, "conversation": SOFIA_CHAT},
        )
        assert response.status == 401
    assert updates(world) == [] and len(world.connector.calls) == calls
    assert world.rows(chat_ref_repo.ChatRefRow) == refs


async def test_someone_else_cannot_answer_sofias_check_in(world):
    await world.install_sofia()
    await world.wave()
    message, card = checkin(world)
    value = action(card, "checkin.update") | {"value.engagement": 99}
    assert (
        await world.submit(value, sender=RAVI, chat=RAVI_CHAT, id="ravi-1", reply_to=message)
    ).status == 201
    assert (
        await world.say("update engagement 99", sender=RAVI, chat=RAVI_CHAT, id="ravi-2")
    ).status == 201
    refusals = [c for c in world.connector.calls if c.conversation == RAVI_CHAT["id"]]
    assert len(refusals) == 2 and all("Sofia Marsh" in card_text(c) for c in refusals)
    assert updates(world) == [] and world.connector.sent("PUT") == []


async def test_throttling_and_outages_are_survived_with_nothing_lost_or_sent_twice(world):
    await world.install_sofia()
    await world.install_people_team()
    world.connector.fail_next(429, headers={"Retry-After": "3"})
    world.connector.fail_next(412)
    world.connector.fail_next(502)
    tick, first = await world.wave()
    assert tick.planned >= 2 and first.retried >= 1
    for _minute in range(10):
        world.clock.advance(timedelta(minutes=1))
        await world.runtime.run_send()
    rows = world.rows(OutboxRow)
    assert {row.state for row in rows} == {"sent"} and len(rows) == tick.planned
    posted = world.connector.sent()
    assert len(posted) == tick.planned + 3  # each failure cost one call, nothing else
    delivered = [json.dumps(cards_in(c.body)) for c in posted[3:]]
    assert len(set(delivered)) == len(delivered) == tick.planned


async def test_installing_after_the_first_refusal_gets_sofia_asked_the_next_monday(world):
    await world.wave()  # the app is not installed for Sofia yet
    with transaction(world.engine) as session:
        assert ("teams", "sofia") in outbox_repo.refusals(session=session)
    assert world.connector.sent() == []
    await world.install_sofia()
    with transaction(world.engine) as session:
        assert ("teams", "sofia") not in outbox_repo.refusals(session=session)
    world.clock.set(NOW + timedelta(days=7))
    _tick, sent = await world.wave()
    assert sent.sent >= 1 and any(
        "engagement" in card_text(c)
        for c in world.connector.sent()
        if c.conversation == SOFIA_CHAT["id"]
    )


async def test_sofias_teams_timezone_sets_when_she_is_asked_where_the_plan_sets_none(world):
    with_plan(world, example_plan(timezone=None))
    await world.install_sofia()
    await world.wave()  # this week's check-in, on UTC time: Teams has not said where she is
    response = await world.say("mine", id="tz-1", localTimezone="Asia/Kolkata")
    assert response.status == 201
    zones = [(z.person_key, z.platform, z.timezone) for z in world.rows(ReportedZoneRow)]
    assert zones == [("sofia", "teams", "Asia/Kolkata")]
    # The same process: its plan cache reads the reported zones again within the hour.
    # Next Monday 09:00 in Kolkata is 03:30 UTC, five and a half hours before UTC's.
    world.clock.set(datetime(2026, 11, 30, 3, 29, tzinfo=UTC))
    await world.wave()
    assert not any(key.startswith("checkin:sofia:2026-W49") for key in asked(world))
    world.clock.set(datetime(2026, 11, 30, 3, 31, tzinfo=UTC))
    await world.wave()
    assert any(key.startswith("checkin:sofia:2026-W49") for key in asked(world))
