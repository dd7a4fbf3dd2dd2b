"""A whole check-in answered in Slack: by buttons, by the modal, and by text in the DM."""

import copy
import json

from requests_slack import button, dm_event, post, submission
from samples import ANA, MONDAY, kr
from slack_fakes import delivery, recorded, sent_prompt

from cadence.commands import ConfirmNoChange, SnoozePrompt, SubmitValues, TextMessage
from cadence.outcomes import Outcome, PromptEdit
from cadence.updates import Confidence, Source
from cadence.views import Change, ErrorReply, HelpAnswer, Nudge, UpdateConfirmation

CONFIRMED = UpdateConfirmation(ANA, (Change("deals-0", "Deals", "3", "3", no_change=True),))


def edits_prompt(receipt, *, recorded=2):
    """The service's answer: record, and turn the prompt into the confirmation."""
    edit = PromptEdit(receipt.platform_message_id, receipt.channel, CONFIRMED)
    return lambda command: Outcome(reply=CONFIRMED, recorded=recorded, prompt_edit=edit)


async def test_an_edit_waiting_in_the_outbox_is_not_made_here_and_the_answer_says_it_now(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    edit = PromptEdit(receipt.platform_message_id, receipt.channel, CONFIRMED, queued=True)
    service.answer = lambda command: Outcome(reply=CONFIRMED, recorded=2, prompt_edit=edit)
    click = button(
        "checkin.no_change",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/1"),
    )
    assert (await post(http, click)).status == 200
    await slack.wait_for(lambda: slack.responses)
    (reply,) = slack.responses
    assert reply["response_type"] == "ephemeral" and "recorded" in reply["text"]
    assert slack.called("chat.update") == [], "the outbox sends the edit, paced"


async def test_no_change_button_records_once_and_edits_the_prompt_in_place(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    service.answer = edits_prompt(receipt)
    click = button(
        "checkin.no_change",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/1"),
    )
    response = await post(http, click)
    assert response.status == 200
    await slack.wait_for(lambda: slack.called("chat.update"))
    (command,) = service.commands
    assert isinstance(command, ConfirmNoChange)
    assert (command.prompt_key, command.source) == ("p-1", Source.SLACK_BUTTON)
    assert command.actor.user_id == "U0ANA" and command.actor.email == "ana@x.org"
    (update,) = slack.called("chat.update")
    assert update["ts"] == receipt.platform_message_id
    assert "recorded" in update["text"]
    assert slack.responses == []  # the edited prompt already says it; no second message
    assert slack.violations == []


async def test_a_double_click_records_once_and_replies_once(http, slack, service, surface):
    receipt, message = await sent_prompt(surface, slack)
    service.answer = edits_prompt(receipt)
    for n, trigger in enumerate(("t-1", "t-2")):
        click = button(
            "checkin.no_change",
            message=message,
            channel=receipt.channel,
            action_ts=f"1700000100.00000{n}",
            trigger=trigger,
            response_url=slack.url("/respond/1"),
        )
        assert (await post(http, click)).status == 200
    await slack.wait_for(lambda: slack.called("chat.update"))
    service.answer = recorded
    await post(http, dm_event("deals: 4", event_id="EvAfter"))
    await slack.wait_for(lambda: len(slack.called("chat.postMessage")) == 2)
    presses = [c for c in service.commands if isinstance(c, ConfirmNoChange)]
    assert len(presses) == 1
    assert service.recorded == 2 + 1
    assert len(slack.called("chat.update")) == 1


async def test_snooze_button_snoozes_the_prompt_and_answers_privately(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    service.answer = lambda c: Outcome(
        ErrorReply("snooze.used", "Already snoozed once.", "Answer today.")
    )
    click = button(
        "checkin.snooze",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/9"),
    )
    await post(http, click)
    await slack.wait_for(lambda: slack.responses)
    (command,) = service.commands
    assert isinstance(command, SnoozePrompt) and command.prompt_key == "p-1"
    (reply,) = slack.responses
    assert reply["response_type"] == "ephemeral" and reply["replace_original"] is False
    assert "Already snoozed once." in reply["text"]


async def test_another_person_clicking_acts_as_themselves_and_is_refused_privately(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    refused = ErrorReply("update.forbidden", "Only Ana Souza can answer for Deals.", "Ask Ana.")
    service.answer = lambda c: Outcome(refused)
    click = button(
        "checkin.no_change",
        message=message,
        channel=receipt.channel,
        user="U0BEN",
        response_url=slack.url("/respond/2"),
    )
    await post(http, click)
    await slack.wait_for(lambda: slack.responses)
    assert service.commands[0].actor.user_id == "U0BEN"
    assert slack.responses[0]["response_type"] == "ephemeral"
    assert "Only Ana Souza" in slack.responses[0]["text"]
    assert slack.called("chat.update") == []


async def open_modal(http, slack, receipt, message):
    click = button(
        "checkin.update",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/3"),
    )
    assert (await post(http, click)).status == 200
    await slack.wait_for(lambda: slack.called("views.open"))
    return slack.called("views.open")[0]


async def test_update_opens_the_modal_from_the_prompt_the_message_carries(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    call = await open_modal(http, slack, receipt, message)
    modal = call["view"]
    assert call["trigger_id"] == "t-1"
    meta = json.loads(modal["private_metadata"])
    assert meta == {
        "prompt": "p-1",
        "measures": ["deals-0", "deals-1"],
        "channel": receipt.channel,
        "ts": receipt.platform_message_id,
    }
    assert slack.violations == []
    # Opening the form only asks whether Ana may answer; it records nothing.
    assert [type(c).__name__ for c in service.commands] == ["OpenForm"]
    assert service.recorded == 0


async def test_a_modal_submission_records_the_values_and_edits_the_prompt(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    modal = (await open_modal(http, slack, receipt, message))["view"]
    service.answer = edits_prompt(receipt, recorded=1)
    typed = {
        "value.0": {"value": {"type": "plain_text_input", "value": " 4 "}},
        "confidence.0": {
            "confidence": {"type": "static_select", "selected_option": {"value": "at_risk"}}
        },
        "value.1": {"value": {"type": "plain_text_input", "value": None}},
        "blockers": {"blockers": {"type": "plain_text_input", "value": "legal review"}},
    }
    response = await post(http, submission(modal, typed))
    assert response.status == 200
    assert await response.text() == ""  # an empty ack closes the modal
    await slack.wait_for(lambda: slack.called("chat.update"))
    (command,) = service.answers()
    assert isinstance(command, SubmitValues) and command.source is Source.SLACK_MODAL
    (answer,) = command.inputs
    assert (answer.measure_key, answer.text, answer.confidence, answer.blockers) == (
        "deals-0",
        "4",
        Confidence.AT_RISK,
        "legal review",
    )
    assert slack.called("chat.update")[0]["ts"] == receipt.platform_message_id


async def test_a_rejected_value_keeps_the_modal_open_on_that_field(http, slack, service, surface):
    receipt, message = await sent_prompt(surface, slack)
    modal = (await open_modal(http, slack, receipt, message))["view"]
    service.answer = lambda c: Outcome(
        ErrorReply("update.value", "deals-1: '4 apples' is not a count.", "Type a whole number.")
    )
    typed = {"value.1": {"value": {"type": "plain_text_input", "value": "4 apples"}}}
    response = await post(http, submission(modal, typed))
    assert response.status == 200
    body = await response.json()
    assert body == {
        "response_action": "errors",
        "errors": {"value.1": "deals-1: '4 apples' is not a count. Type a whole number."},
    }
    assert service.recorded == 0
    assert slack.called("chat.update") == [] and slack.called("chat.postMessage")[1:] == []


async def test_a_corrected_resubmission_is_a_new_answer(http, slack, service, surface):
    receipt, message = await sent_prompt(surface, slack)
    modal = (await open_modal(http, slack, receipt, message))["view"]
    service.answer = lambda c: Outcome(ErrorReply("update.value", "Not a count.", "Type a number."))
    bad = {"value.0": {"value": {"type": "plain_text_input", "value": "four-ish"}}}
    await post(http, submission(modal, bad))
    service.answer = edits_prompt(receipt, recorded=1)
    good = {"value.0": {"value": {"type": "plain_text_input", "value": "4"}}}
    await post(http, submission(modal, good))
    await post(http, submission(modal, good))  # a double submit of the same form
    await slack.wait_for(lambda: slack.called("chat.update"))
    keys = [c.idempotency_key for c in service.answers()]
    assert len(keys) == 2 and keys[0] != keys[1]
    assert service.recorded == 1


async def test_text_in_the_prompt_thread_answers_that_prompt(http, slack, service, surface):
    receipt, _ = await sent_prompt(surface, slack)
    await post(http, dm_event("deals-0: 4 on track", thread_ts=receipt.platform_message_id))
    await slack.wait_for(lambda: len(slack.called("chat.postMessage")) == 2)
    (command,) = service.commands
    assert isinstance(command, TextMessage)
    assert (command.text, command.prompt_key, command.source) == (
        "deals-0: 4 on track",
        "p-1",
        Source.SLACK_TEXT,
    )
    reply = slack.called("chat.postMessage")[1]
    assert reply["channel"] == "D0ANA" and reply["thread_ts"] == receipt.platform_message_id


async def test_a_retried_event_records_once_and_replies_once(http, slack, service):
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    await post(http, dm_event("deals: 4", event_id="EvRetry"))
    await post(http, dm_event("deals: 4", event_id="EvRetry"), headers=retry)
    await post(http, dm_event("deals: 5", event_id="EvNext"))
    await slack.wait_for(lambda: len(slack.called("chat.postMessage")) == 2)
    assert [c.text for c in service.commands] == ["deals: 4", "deals: 5"]
    assert service.recorded == 2


async def test_a_retry_is_handled_when_the_first_delivery_never_arrived(http, slack, service):
    retry = {"X-Slack-Retry-Num": "2", "X-Slack-Retry-Reason": "http_error"}
    await post(http, dm_event("deals: 4", event_id="EvLost"), headers=retry)
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    assert [c.idempotency_key for c in service.commands] == ["slack:event:EvLost"]
    assert service.recorded == 1


async def test_a_replayed_request_inside_the_window_records_nothing_twice(http, slack, service):
    body = dm_event("deals: 4", event_id="EvReplay")
    for _ in range(3):
        assert (await post(http, body, age=60)).status == 200
    await post(http, dm_event("deals: 5", event_id="EvNext2"))
    await slack.wait_for(lambda: len(slack.called("chat.postMessage")) == 2)
    assert service.recorded == 2


async def test_edits_bot_posts_and_joins_in_the_dm_are_not_answers(http, slack, service):
    ignored = [
        dm_event("deals: 9", event_id="E1", subtype="message_changed"),
        dm_event("deals: 9", event_id="E2", bot_id="BBOT"),
        dm_event("deals: 9", event_id="E3", channel_type="channel", channel="C0SALES"),
    ]
    for body in ignored:
        assert (await post(http, body)).status == 200
    await post(http, dm_event("deals: 4", event_id="E4"))
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    assert [c.idempotency_key for c in service.commands] == ["slack:event:E4"]


async def test_update_on_a_message_without_its_prompt_opens_the_services_form(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    slack.history[receipt.channel][0].pop("metadata")
    call = await open_modal(http, slack, receipt, message)
    assert json.loads(call["view"]["private_metadata"])["prompt"] == "p-1"
    assert slack.violations == []


async def test_update_without_a_prompt_anywhere_says_so(http, slack, service, surface):
    receipt, message = await sent_prompt(surface, slack)
    slack.history[receipt.channel][0].pop("metadata")
    service.answer = lambda c: Outcome(HelpAnswer())
    click = button(
        "checkin.update",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/4"),
    )
    await post(http, click)
    await slack.wait_for(lambda: slack.called("chat.postEphemeral"))
    assert slack.called("views.open") == []
    assert "can't open the form" in slack.called("chat.postEphemeral")[0]["text"]
    assert kr(0).key not in str(service.commands)


async def test_a_retry_after_a_failed_attempt_is_handled(http, slack, service):
    attempts = []

    def flaky(command):
        attempts.append(command)
        if len(attempts) == 1:
            raise RuntimeError("database is down")
        return recorded(command)

    service.answer = flaky
    body = dm_event("deals: 4", event_id="EvFlaky")
    await post(http, body)
    await service.wait_for(lambda: service.finished == 1)
    await post(http, body, headers={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_error"})
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    assert service.recorded == 1
    assert {c.idempotency_key for c in service.commands} == {"slack:event:EvFlaky"}


async def test_update_on_a_nudge_in_the_thread_opens_the_form_for_whats_still_open(
    http, slack, surface
):
    prompt, _ = await sent_prompt(surface, slack)
    nudge = Nudge("p-1", ANA, "2026-Q4", MONDAY, (kr(1),))
    row = delivery(nudge, outbox_id=8, thread_ref=prompt.platform_message_id)
    receipt = await surface.port.deliver(row)
    message = copy.deepcopy(slack.history[receipt.channel][-1])
    assert message["thread_ts"] == prompt.platform_message_id
    modal = (await open_modal(http, slack, receipt, message))["view"]
    assert modal["title"]["text"] == "Still open"
    assert json.loads(modal["private_metadata"])["measures"] == ["deals-1"]
    assert slack.called("conversations.replies")


async def test_when_the_prompt_cannot_be_edited_the_confirmation_is_sent_instead(
    http, slack, service, surface
):
    receipt, message = await sent_prompt(surface, slack)
    service.answer = edits_prompt(receipt)
    slack.fail("chat.update", "cant_update_message")
    click = button(
        "checkin.no_change",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/5"),
    )
    await post(http, click)
    await slack.wait_for(lambda: slack.responses)
    assert service.recorded == 2
    (reply,) = slack.responses
    assert "recorded" in reply["text"] and "can't confirm" not in reply["text"]
