"""Activities to commands: the words Teams users type and the cards they submit."""

import pytest
from botbuilder.schema import Activity
from teams_fakes import ANA, ANA_AAD, ANA_EMAIL, activity

from bot.teams.inbound import TeamsInputError, command_for
from cadence.commands import (
    Actor,
    ConfirmNoChange,
    MeasureInput,
    MetricCommand,
    SnoozePrompt,
    SubmitValues,
    TextMessage,
)
from cadence.updates import Confidence, Source
from cadence.views import ObjectiveGrade, QuarterClose
from messages.teams import render_teams

ACTOR = Actor(
    "teams", ANA_AAD, email=ANA_EMAIL, timezone="Europe/Berlin", aliases=("29:ana-teams-id",)
)


def command(name: str, email: str | None = "Ana@Example.com", **changes):
    return command_for(Activity().deserialize(activity(name, **changes)), email=email)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("metric churn", "churn"),
        ("/metric update deals-0 4 two more", "update deals-0 4 two more"),
        ("Metric", ""),
        ("mine", "mine"),
        ("health", "health"),
        ("help", "help"),
        ("update deals-0 4", "update deals-0 4"),
    ],
)
def test_command_words_become_metric_commands(text, words):
    assert command("personal_message", text=text) == MetricCommand(
        ACTOR, words, Source.TEAMS_TEXT, "teams:a:1ana-personal-conversation:1732600000001"
    )


@pytest.mark.parametrize("text", ["42", "mine is 4 on track", "no change", "deals: 3 on track"])
def test_other_text_is_a_reply_to_the_open_prompt(text):
    result = command("personal_message", text=text)
    assert isinstance(result, TextMessage) and result.text == text
    assert result.source is Source.TEAMS_TEXT and result.prompt_key is None


def test_in_a_channel_the_mention_is_dropped_and_all_text_is_a_command():
    result = command("channel_mention")
    assert isinstance(result, MetricCommand) and result.text == "silent"
    key = "teams:19:sales-general@thread.tacv2;messageid=1732600000003:1732600000003"
    assert result.idempotency_key == key


def test_actor_falls_back_to_the_teams_id_without_aad_or_email():
    body = activity("personal_message", **{"from": {"id": "29:guest"}})
    body.pop("localTimezone")
    result = command_for(Activity().deserialize(body), email=None)
    assert result.actor == Actor("teams", "29:guest")


def test_save_sends_filled_values_with_the_shared_comment_and_blockers():
    result = command("card_submit")
    assert result == SubmitValues(
        actor=ACTOR,
        prompt_key="p-1",
        inputs=(MeasureInput("deals-0", "4", Confidence.AT_RISK, None, "Waiting on legal"),),
        source=Source.TEAMS_CARD,
        idempotency_key="teams:a:1ana-personal-conversation:1732600000002",
        message_ref="1732599000000",  # the card's activity (replyToId): the one to edit
    )


def test_numbers_sent_as_json_numbers_are_read_too():
    result = command(
        "card_submit", value={"action": "checkin.update", "prompt": "p", "value.k": 4.5}
    )
    assert result.inputs == (MeasureInput("k", "4.5"),)


def test_no_change_and_snooze_need_only_the_prompt():
    no_change = command("card_submit", value={"action": "checkin.no_change", "prompt": "p-1"})
    snooze = command("card_submit", value={"action": "checkin.snooze", "prompt": "p-1"})
    card = "1732599000000"
    assert no_change == ConfirmNoChange(
        ACTOR, "p-1", Source.TEAMS_CARD, no_change.idempotency_key, message_ref=card
    )
    assert snooze == SnoozePrompt(ACTOR, "p-1", snooze.idempotency_key, message_ref=card)


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ({"action": "checkin.update", "prompt": "p-1", "value.k": " "}, "Nothing was filled in"),
        ({"action": "checkin.update", "prompt": "p-1", "value.k": ["4"]}, "not a number"),
        (
            {"action": "checkin.update", "prompt": "p-1", "value.k": "4", "confidence.k": "meh"},
            '"meh" is not a confidence for k',
        ),
        ({"action": "checkin.update", "prompt": "p-1", "value.k": "4", "comment": 3}, "comment"),
        ({"action": "delete.everything", "prompt": "p-1"}, "not one I know"),
        ({"action": "checkin.no_change"}, "which check-in"),
        ("free text", "can't read"),
    ],
)
def test_unreadable_cards_say_what_is_wrong(value, problem):
    with pytest.raises(TeamsInputError) as raised:
        command("card_submit", value=value)
    assert problem in raised.value.message and raised.value.fix


@pytest.mark.parametrize(("text", "problem"), [("   ", "empty"), ("x" * 4001, "longer than")])
def test_empty_or_huge_text_is_refused(text, problem):
    with pytest.raises(TeamsInputError, match=problem):
        command("personal_message", text=text)


def quarter_close_submit(env, action: str, typed: dict) -> dict:
    """What Teams sends for a quarter-close card as messages/ renders it: the pressed
    action's data merged with the inputs the owner filled in."""
    card = render_teams(QuarterClose("q-1", ANA, "2026-Q4", GRADED), env)
    inputs = {item["id"] for item in walk(card["body"]) if item.get("type") == "Input.Number"}
    assert inputs == {"grade.o-growth", "grade.o-retention"}
    submits = [a["data"] for a in walk(card["body"]) if a.get("type") == "Action.Submit"]
    (data,) = [d for d in submits if d["action"] == action]
    return data | typed


GRADED = (
    ObjectiveGrade("o-growth", "Grow enterprise revenue", 0.6, ()),
    ObjectiveGrade("o-retention", "Keep customers", None, ()),
)


def walk(elements):
    for element in elements:
        yield element
        yield from walk([*element.get("items", []), *element.get("actions", [])])


def test_quarter_close_grades_become_one_submit_with_the_shared_comment(env):
    value = quarter_close_submit(
        env,
        "quarter.save",
        {"grade.o-growth": "0.7", "grade.o-retention": 0.4, "comment": " Hiring was late "},
    )
    result = command("card_submit", value=value)
    assert result == SubmitValues(
        actor=ACTOR,
        prompt_key="q-1",
        inputs=(
            MeasureInput("grade.o-growth", "0.7", comment="Hiring was late"),
            MeasureInput("grade.o-retention", "0.4", comment="Hiring was late"),
        ),
        source=Source.TEAMS_CARD,
        idempotency_key=result.idempotency_key,
        message_ref="1732599000000",
    )


def test_quarter_close_grades_left_empty_are_skipped_and_none_at_all_is_refused(env):
    some = command(
        "card_submit",
        value=quarter_close_submit(
            env, "quarter.save", {"grade.o-growth": "0.5", "grade.o-retention": ""}
        ),
    )
    assert some.inputs == (MeasureInput("grade.o-growth", "0.5"),)
    with pytest.raises(TeamsInputError) as raised:
        command("card_submit", value=quarter_close_submit(env, "quarter.save", {}))
    assert "No grade was filled in" in raised.value.message and "0 to 1" in raised.value.fix


def test_quarter_close_snooze_snoozes_the_prompt(env):
    result = command("card_submit", value=quarter_close_submit(env, "quarter.snooze", {}))
    assert result == SnoozePrompt(ACTOR, "q-1", result.idempotency_key, message_ref="1732599000000")
