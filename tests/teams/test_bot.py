"""Conversation logic through botbuilder's TestAdapter: commands out, cards back."""

import base64
import logging
from datetime import date

import pytest
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity
from teams_fakes import ANA, ANA_AAD, ANA_EMAIL, RecordingHandler, activity, cards_in, check_card

from bot.teams.bot import CadenceTeamsBot
from bot.teams.cards import IMAGE_BYTES
from bot.teams.references import MemoryConversationStore, reference_from
from cadence.commands import MetricCommand
from cadence.model import MeasureKind
from cadence.outcomes import Outcome, PromptEdit
from cadence.units import Unit, UnitKind
from cadence.views import (
    Change,
    MeasureLine,
    MetricAnswer,
    MineAnswer,
    Status,
    TrendChart,
    UpdateConfirmation,
)
from messages.charts import chart_png

CONFIRMED = UpdateConfirmation(ANA, (Change("deals-0", "Enterprise deals", "3", "4"),))
MINE = MineAnswer(
    ANA,
    (
        MeasureLine(
            "deals-0",
            "Enterprise deals",
            MeasureKind.KEY_RESULT,
            Unit(UnitKind.COUNT),
            value="3",
            target="12",
            status=Status.ON_TRACK,
            last_updated=date(2026, 11, 23),
        ),
    ),
)


async def email_from_roster(_turn_context):
    return ANA_EMAIL


def turn(name: str, handler: RecordingHandler, env, **changes):
    """A bot and a TestAdapter whose conversation is the fixture's, and the activity."""
    incoming = Activity().deserialize(activity(name, **changes))
    store = MemoryConversationStore()
    bot = CadenceTeamsBot(handler=handler, store=store, env=env, roster=email_from_roster)
    return TestAdapter(template_or_conversation=incoming), bot, store, incoming


def sent_cards(adapter: TestAdapter, schema) -> list[dict]:
    cards = [card for reply in adapter.activity_buffer for card in cards_in(reply.serialize())]
    for card in cards:
        check_card(card, schema)
    return cards


async def test_a_command_is_answered_with_its_card(env, card_schema):
    handler = RecordingHandler(lambda _c: Outcome(reply=MINE))
    adapter, bot, _store, incoming = turn("personal_message", handler, env)
    await adapter.process_activity(incoming, bot.on_turn)
    (command,) = handler.commands
    assert isinstance(command, MetricCommand) and command.text == "mine"
    assert (command.actor.user_id, command.actor.email) == (ANA_AAD, ANA_EMAIL)
    (card,) = sent_cards(adapter, card_schema)
    assert "Enterprise deals" in str(card["body"])


async def test_a_card_answer_replaces_the_prompt_card_instead_of_piling_up(env, card_schema):
    edit = PromptEdit("1732599000000", "a:1ana-personal-conversation", CONFIRMED)
    handler = RecordingHandler(lambda _c: Outcome(reply=CONFIRMED, recorded=1, prompt_edit=edit))
    adapter, bot, _store, incoming = turn("card_submit", handler, env)
    await adapter.process_activity(incoming, bot.on_turn)
    (updated,) = adapter.updated_activities
    assert updated.id == "1732599000000"
    check_card(updated.attachments[0].content, card_schema)
    assert adapter.activity_buffer == []


async def test_a_reply_other_than_the_edit_is_sent_as_well(env, card_schema):
    edit = PromptEdit("1732599000000", None, CONFIRMED)
    handler = RecordingHandler(lambda _c: Outcome(reply=MINE, prompt_edit=edit))
    adapter, bot, _store, incoming = turn("card_submit", handler, env)
    await adapter.process_activity(incoming, bot.on_turn)
    assert len(adapter.updated_activities) == 1
    assert len(sent_cards(adapter, card_schema)) == 1


async def test_an_unreadable_card_is_answered_and_nothing_is_recorded(env, card_schema):
    handler = RecordingHandler()
    value = {"action": "checkin.update", "prompt": "p-1", "value.deals-0": ""}
    adapter, bot, _store, incoming = turn("card_submit", handler, env, value=value)
    await adapter.process_activity(incoming, bot.on_turn)
    assert handler.commands == []
    (card,) = sent_cards(adapter, card_schema)
    assert "Nothing was filled in" in str(card["body"])


async def test_a_failing_command_gets_a_clear_answer_and_a_log_line(env, card_schema, caplog):
    def explode(_command):
        raise RuntimeError("database is down")

    adapter, bot, _store, incoming = turn("personal_message", RecordingHandler(explode), env)
    with caplog.at_level(logging.ERROR, logger="bot.teams.bot"):
        await adapter.process_activity(incoming, bot.on_turn)
    (card,) = sent_cards(adapter, card_schema)
    assert "went wrong on my side" in str(card["body"])
    assert "a:1ana-personal-conversation" in caplog.text and "database is down" in caplog.text


async def test_installing_for_a_person_files_them_under_every_id(env):
    adapter, bot, store, incoming = turn("personal_install", RecordingHandler(), env)
    await adapter.process_activity(incoming, bot.on_turn)
    assert set(store.references) == {"29:ana-teams-id", ANA_AAD, ANA_EMAIL}
    reference = reference_from(store.references[ANA_EMAIL])
    assert reference.conversation.id == "a:1ana-personal-conversation"
    assert reference.activity_id is None and reference.bot.id.startswith("28:")


async def test_installing_in_a_team_files_its_general_channel(env):
    adapter, bot, store, incoming = turn("team_install", RecordingHandler(), env)
    await adapter.process_activity(incoming, bot.on_turn)
    assert set(store.references) == {"19:sales-general@thread.tacv2"}


async def test_a_channel_message_files_the_channel_not_the_thread(env, card_schema):
    handler = RecordingHandler()
    adapter, bot, store, incoming = turn("channel_mention", handler, env)
    await adapter.process_activity(incoming, bot.on_turn)
    stored = store.references["19:sales-general@thread.tacv2"]
    assert stored["conversation"]["id"] == "19:sales-general@thread.tacv2"
    assert handler.commands[0].text == "silent"
    assert len(sent_cards(adapter, card_schema)) == 1


@pytest.mark.parametrize("scope", ["groupChat"])
async def test_group_chats_are_not_filed(env, scope):
    conversation = {"conversationType": scope, "id": "19:group@thread.v2"}
    adapter, bot, store, incoming = turn(
        "personal_message", RecordingHandler(), env, conversation=conversation
    )
    await adapter.process_activity(incoming, bot.on_turn)
    assert store.references == {}


async def test_uninstalling_does_not_file_the_dead_conversation(env):
    body = activity("personal_install")
    body["membersRemoved"] = body.pop("membersAdded")
    incoming = Activity().deserialize(body)
    store = MemoryConversationStore()
    bot = CadenceTeamsBot(
        handler=RecordingHandler(), store=store, env=env, roster=email_from_roster
    )
    await TestAdapter(template_or_conversation=incoming).process_activity(incoming, bot.on_turn)
    assert store.references == {}


class CountingRoster:
    """The roster lookup, answering from a script and counting how often Teams is asked."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.asked = 0

    async def __call__(self, _turn_context):
        self.asked += 1
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


async def run(bot, name: str, **changes):
    incoming = Activity().deserialize(activity(name, **changes))
    await TestAdapter(template_or_conversation=incoming).process_activity(incoming, bot.on_turn)


async def test_teams_is_asked_for_a_senders_email_once_not_on_every_message(env):
    handler, store, roster = (
        RecordingHandler(),
        MemoryConversationStore(),
        CountingRoster(ANA_EMAIL),
    )
    bot = CadenceTeamsBot(handler=handler, store=store, env=env, roster=roster)
    await run(bot, "personal_message")
    await run(bot, "card_submit")
    await run(bot, "personal_message", id="another", text="health")
    assert roster.asked == 1
    assert [c.actor.email for c in handler.commands] == [ANA_EMAIL] * 3
    assert ANA_EMAIL in store.references


async def test_a_roster_without_an_email_is_remembered_too(env):
    handler, store, roster = RecordingHandler(), MemoryConversationStore(), CountingRoster("")
    bot = CadenceTeamsBot(handler=handler, store=store, env=env, roster=roster)
    await run(bot, "personal_message")
    await run(bot, "card_submit")
    assert roster.asked == 1 and [c.actor.email for c in handler.commands] == [None, None]


async def test_a_roster_that_did_not_answer_is_asked_again(env):
    handler, store, roster = (
        RecordingHandler(),
        MemoryConversationStore(),
        CountingRoster(None, ANA_EMAIL),
    )
    bot = CadenceTeamsBot(handler=handler, store=store, env=env, roster=roster)
    await run(bot, "personal_message")
    await run(bot, "card_submit")
    await run(bot, "personal_message", id="another")
    assert roster.asked == 2
    assert [c.actor.email for c in handler.commands] == [None, ANA_EMAIL, ANA_EMAIL]


async def test_an_install_asks_again_in_case_the_email_changed(env):
    store = MemoryConversationStore()
    roster = CountingRoster("ana@old.example.com", ANA_EMAIL)
    bot = CadenceTeamsBot(handler=RecordingHandler(), store=store, env=env, roster=roster)
    await run(bot, "personal_message")
    await run(bot, "personal_install")
    assert roster.asked == 2 and store.emails["29:ana-teams-id"] == ANA_EMAIL
    assert ANA_EMAIL in store.references


METRIC = MetricAnswer(MINE.measures[0], ANA)
PNG = chart_png(
    TrendChart(
        key="deals-0",
        title="Enterprise deals",
        unit=Unit(),
        values=(3, 4, 6),
        days=(date(2026, 10, 5), date(2026, 10, 19), date(2026, 11, 2)),
        target=12,
    )
)


async def test_a_metric_answer_shows_its_trend_chart_as_an_inline_image(env, card_schema):
    handler = RecordingHandler(lambda _c: Outcome(reply=METRIC, chart_png=PNG))
    adapter, bot, _store, incoming = turn("personal_message", handler, env, text="metric deals-0")
    await adapter.process_activity(incoming, bot.on_turn)
    (reply,) = adapter.activity_buffer
    card, image = reply.attachments
    check_card(card.content, card_schema)
    assert image.content_type == "image/png"
    scheme, data = image.content_url.split(",", 1)
    assert scheme == "data:image/png;base64" and base64.b64decode(data) == PNG


async def test_a_chart_too_large_for_teams_is_left_off_and_the_answer_still_goes(env, caplog):
    huge = b"\x89PNG" + bytes(IMAGE_BYTES)
    handler = RecordingHandler(lambda _c: Outcome(reply=METRIC, chart_png=huge))
    adapter, bot, _store, incoming = turn("personal_message", handler, env, text="metric deals-0")
    with caplog.at_level(logging.WARNING, logger="bot.teams.cards"):
        await adapter.process_activity(incoming, bot.on_turn)
    (reply,) = adapter.activity_buffer
    assert [a.content_type for a in reply.attachments] == [
        "application/vnd.microsoft.card.adaptive"
    ]
    assert "over Teams' 1 MB" in caplog.text
