"""Socket Mode: envelopes over the websocket reach the same Bolt listeners as HTTP."""

import json
from urllib.parse import parse_qsl

import pytest
from aiohttp import web
from mock_slack import APP_TOKEN, TOKEN
from requests_slack import button, dm_event, slash, submission
from samples import ANA
from slack_fakes import sent_prompt

from bot.settings import Settings
from bot.slack.surface import build_slack
from cadence.commands import ConfirmNoChange, MetricCommand, SubmitValues, TextMessage
from cadence.outcomes import Outcome, PromptEdit
from cadence.views import Change, ErrorReply, UpdateConfirmation

CONFIRMED = UpdateConfirmation(ANA, (Change("deals-0", "Deals", "3", "3", no_change=True),))


@pytest.fixture
async def socket_surface(slack, service, env):
    # No signing secret: Socket Mode needs only the bot token and the app-level token.
    settings = Settings(
        SLACK_BOT_TOKEN=TOKEN, SLACK_APP_TOKEN=APP_TOKEN, SLACK_API_URL=slack.api_url
    )
    assert settings.slack_enabled
    surface = build_slack(settings, service, env=env)
    assert surface.socket_mode
    await surface.start_socket_mode()
    yield surface
    await surface.stop()


async def test_a_slash_command_envelope_is_acked_and_answered(socket_surface, slack, service):
    body, _ = slash("help", response_url=slack.url("/respond/1"))
    await slack.send_envelope(
        {
            "envelope_id": "env-1",
            "type": "slash_commands",
            "payload": dict(parse_qsl(body)),
            "accepts_response_payload": True,
        }
    )
    await slack.wait_for(lambda: slack.socket_acks and slack.responses)
    assert slack.socket_acks[0]["envelope_id"] == "env-1"
    assert isinstance(service.commands[0], MetricCommand)
    assert slack.responses[0]["response_type"] == "ephemeral"


async def test_a_dm_event_envelope_reaches_the_command_service(socket_surface, slack, service):
    body, _ = dm_event("deals: 4", event_id="EvSocket")
    envelope = {"envelope_id": "env-2", "type": "events_api", "payload": json.loads(body)}
    await slack.send_envelope(envelope)
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    assert [a["envelope_id"] for a in slack.socket_acks] == ["env-2"]
    (command,) = service.commands
    assert isinstance(command, TextMessage)
    assert command.idempotency_key == "slack:event:EvSocket"


def test_socket_mode_without_a_signing_secret_serves_no_http_route(socket_surface):
    with pytest.raises(RuntimeError, match="SLACK_SIGNING_SECRET"):
        socket_surface.add_routes(web.Application())


async def test_http_mode_without_an_app_token_cannot_start_socket_mode(surface):
    assert not surface.socket_mode
    with pytest.raises(RuntimeError, match="SLACK_APP_TOKEN"):
        await surface.start_socket_mode()


def payload_of(form_body: str) -> dict:
    """An interaction's payload: HTTP sends it as a form field, Socket Mode as JSON."""
    return json.loads(dict(parse_qsl(form_body))["payload"])


async def test_a_button_envelope_records_once_and_edits_the_prompt(socket_surface, slack, service):
    receipt, message = await sent_prompt(socket_surface, slack)
    edit = PromptEdit(receipt.platform_message_id, receipt.channel, CONFIRMED)
    service.answer = lambda c: Outcome(CONFIRMED, recorded=1, prompt_edit=edit)
    body, _ = button(
        "checkin.no_change",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/1"),
    )
    for n in (1, 2):  # a redelivered envelope is the same click
        await slack.send_envelope(
            {"envelope_id": f"env-b{n}", "type": "interactive", "payload": payload_of(body)}
        )
    await slack.wait_for(lambda: slack.called("chat.update") and len(slack.socket_acks) == 2)
    (command,) = service.answers()
    assert isinstance(command, ConfirmNoChange) and command.actor.user_id == "U0ANA"
    assert service.recorded == 1
    assert slack.called("chat.update")[0]["ts"] == receipt.platform_message_id
    assert {a["envelope_id"] for a in slack.socket_acks} == {"env-b1", "env-b2"}
    assert slack.violations == []


async def test_update_and_a_rejected_submission_over_socket_mode_keep_the_modal_open(
    socket_surface, slack, service, env
):
    receipt, message = await sent_prompt(socket_surface, slack)
    body, _ = button(
        "checkin.update",
        message=message,
        channel=receipt.channel,
        response_url=slack.url("/respond/1"),
    )
    await slack.send_envelope(
        {"envelope_id": "env-u", "type": "interactive", "payload": payload_of(body)}
    )
    await slack.wait_for(lambda: slack.called("views.open"))
    modal = slack.called("views.open")[0]["view"]
    service.answer = lambda c: Outcome(
        ErrorReply("update.value", "deals-0: 'lots' is not a count.", "Type a whole number.")
    )
    typed = {"value.0": {"value": {"type": "plain_text_input", "value": "lots"}}}
    submitted, _ = submission(modal, typed)
    await slack.send_envelope(
        {
            "envelope_id": "env-s",
            "type": "interactive",
            "payload": payload_of(submitted),
            "accepts_response_payload": True,
        }
    )
    await slack.wait_for(lambda: any(a["envelope_id"] == "env-s" for a in slack.socket_acks))
    (ack,) = [a for a in slack.socket_acks if a["envelope_id"] == "env-s"]
    assert ack["payload"] == {
        "response_action": "errors",
        "errors": {"value.0": "deals-0: 'lots' is not a count. Type a whole number."},
    }
    assert isinstance(service.answers()[-1], SubmitValues) and service.recorded == 0
