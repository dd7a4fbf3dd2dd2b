"""Socket Mode: envelopes over the websocket reach the same Bolt listeners as HTTP."""

import json
from urllib.parse import parse_qsl

import pytest
from aiohttp import web
from mock_slack import APP_TOKEN, TOKEN
from requests_slack import dm_event, slash

from bot.settings import Settings
from bot.slack.surface import build_slack
from cadence.commands import MetricCommand, TextMessage


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
