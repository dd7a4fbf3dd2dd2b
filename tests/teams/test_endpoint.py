"""Real activity JSON posted to /api/messages: botbuilder validates the channel's JWT,
the bot answers through the (mock) Bot Connector, and refused requests change nothing."""

import logging

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_channel import OUTBOUND_TOKEN, new_key
from teams_fakes import ANA_AAD, ANA_EMAIL, cards_in, check_card
from teams_harness import settings

from bot.teams import MemoryConversationStore, build_teams
from bot.teams.endpoint import DEV_WARNING
from cadence.commands import MetricCommand, SubmitValues
from cadence.outcomes import Outcome
from cadence.views import ErrorReply


async def test_a_signed_message_is_answered_through_the_connector(teams, card_schema):
    teams.connector.email = "Ana@Example.com"
    response = await teams.post(teams.activity("personal_message"))
    assert response.status == 201
    (command,) = teams.handler.commands
    assert isinstance(command, MetricCommand) and command.text == "mine"
    assert (command.actor.user_id, command.actor.email) == (ANA_AAD, ANA_EMAIL)
    assert command.actor.timezone == "Europe/Berlin"
    (reply,) = teams.connector.sent()
    assert reply.conversation == "a:1ana-personal-conversation"
    assert reply.activity_id == "1732600000001"
    assert reply.authorization == f"Bearer {OUTBOUND_TOKEN}"
    for card in cards_in(reply.body):
        check_card(card, card_schema)
    assert set(teams.store.references) == {"29:ana-teams-id", ANA_AAD, ANA_EMAIL}


def _nothing_happened(teams) -> None:
    assert teams.handler.commands == []
    assert teams.connector.calls == []
    assert teams.store.references == {}


@pytest.mark.parametrize(
    ("token", "claims"),
    [
        (None, {}),
        ("not-a-jwt", {}),
        ("signed", {"aud": "some-other-bot"}),
        ("signed", {"serviceurl": "https://evil.example.com/"}),
        ("signed", {"iss": "https://sts.windows.net/attacker/"}),
        ("signed", {"exp": 1_000_000_000, "nbf": 999_999_000}),
    ],
    ids=["unsigned", "garbage", "other-app", "other-service-url", "other-issuer", "expired"],
)
async def test_requests_without_valid_credentials_are_refused(teams, token, claims):
    response = await teams.post(teams.activity("card_submit"), token=token, **claims)
    assert response.status == 401
    _nothing_happened(teams)


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer ", "Basic dXNlcjpwdw==", "a b c"])
async def test_headers_without_a_bearer_token_are_refused(teams, header):
    response = await teams.client.post(
        "/api/messages", json=teams.activity("card_submit"), headers={"Authorization": header}
    )
    assert response.status == 401
    _nothing_happened(teams)


async def test_production_authentication_refuses_an_unsigned_request(teams):
    await teams.start(settings(), local_channel=False)
    response = await teams.post(teams.activity("personal_message"), token=None)
    assert response.status == 401
    _nothing_happened(teams)


async def test_a_token_signed_with_another_key_is_refused(teams):
    body = teams.activity("card_submit")
    forged = teams.keys.token(service_url=body["serviceUrl"], key=new_key())
    response = await teams.post(body, token=forged)
    assert response.status == 401
    _nothing_happened(teams)


async def test_a_token_whose_signing_key_the_channel_never_published_is_refused(teams):
    body = teams.activity("card_submit")
    forged = teams.keys.token(service_url=body["serviceUrl"], kid="someone-elses-key")
    response = await teams.post(body, token=forged)
    assert response.status == 401
    _nothing_happened(teams)


async def test_a_token_not_endorsed_for_the_activitys_channel_is_refused(teams):
    response = await teams.post(teams.activity("card_submit", channelId="webchat"))
    assert response.status == 401
    _nothing_happened(teams)


class BrokenAuthentication:
    async def authenticate_request(self, activity, auth_header):
        raise TypeError("a bug of ours, not a bad token")


async def test_a_fault_of_ours_is_a_server_error_not_a_refusal(teams, caplog):
    teams.surface = build_teams(
        settings(), teams.handler, teams.store, env=teams.env, authentication=BrokenAuthentication()
    )
    app = web.Application()
    teams.surface.add_routes(app)
    await teams.client.close()
    teams.client = TestClient(TestServer(app, host="127.0.0.1"))
    await teams.client.start_server()
    with caplog.at_level(logging.ERROR):
        response = await teams.post(teams.activity("personal_message"))
    assert response.status == 500
    assert "a bug of ours" in caplog.text
    _nothing_happened(teams)


async def test_without_an_app_id_everything_is_refused(teams):
    config = settings(MICROSOFT_APP_ID=None, MICROSOFT_APP_PASSWORD=None)
    await teams.start(config, local_channel=False)
    response = await teams.post(teams.activity("personal_message"), token=None)
    assert response.status == 401
    assert "MICROSOFT_APP_ID" in (await response.json())["error"]
    _nothing_happened(teams)


async def test_the_development_switch_lets_anonymous_requests_in_loudly(teams, caplog):
    with caplog.at_level(logging.WARNING, logger="bot.teams"):
        config = settings(MICROSOFT_APP_ID=None, CADENCE_TEAMS_DEV=True)
        await teams.start(config, local_channel=False)
        response = await teams.post(teams.activity("personal_message"), token=None)
    assert response.status == 201
    assert len(teams.handler.commands) == 1
    assert caplog.text.count(DEV_WARNING) == 2  # at start and on the request


async def test_a_retried_activity_carries_the_same_idempotency_key(teams):
    body = teams.activity("card_submit")
    for _attempt in range(2):
        assert (await teams.post(body)).status == 201
    first, second = teams.handler.commands
    assert isinstance(first, SubmitValues) and first == second


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b'{"type": "message"}', "application/json", 400),
        (b"text=mine", "application/x-www-form-urlencoded", 415),
    ],
)
async def test_malformed_requests_are_rejected(teams, body, content_type, status):
    response = await teams.client.post(
        "/api/messages", data=body, headers={"Content-Type": content_type}
    )
    assert response.status == status
    _nothing_happened(teams)


async def test_a_non_owner_is_told_why_and_the_card_stays(teams):
    refusal = ErrorReply(
        "update.forbidden",
        "Only Ana Souza, their delegate or a plan admin can update Enterprise deals.",
        "Ask the owner or a plan admin to record it.",
    )
    teams.handler.answer = lambda _c: Outcome(reply=refusal)
    await teams.post(teams.activity("card_submit"))
    (reply,) = teams.connector.sent()
    assert "Only Ana Souza" in str(cards_in(reply.body))
    assert teams.connector.sent("PUT") == []


class BrokenStore(MemoryConversationStore):
    async def put_all(self, keys, reference):
        raise ConnectionError("database is down")


async def test_an_install_that_cannot_be_stored_fails_so_teams_retries(teams):
    teams.store = BrokenStore()
    await teams.start()
    response = await teams.post(teams.activity("personal_install"))
    assert response.status == 500
    assert teams.connector.sent() == []
