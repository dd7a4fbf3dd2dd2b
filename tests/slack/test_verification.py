"""Bolt's signature check on /slack/events: anything not signed by Slack, now, is refused."""

import json

import pytest
from requests_slack import dm_event, post, signed, slash


@pytest.mark.parametrize(
    ("label", "age", "secret"),
    [("forged", 0, "not-the-secret"), ("stale", 6 * 60, None)],
)
async def test_forged_or_stale_requests_get_401_and_change_nothing(
    http, slack, service, label, age, secret
):
    body = slash("update deals-0 4", response_url=slack.url("/respond/1"))
    kwargs = {"age": age} | ({"secret": secret} if secret else {})
    response = await post(http, body, **kwargs)
    assert response.status == 401, label
    assert service.commands == []
    assert slack.calls == []


async def test_a_missing_signature_gets_401(http, slack, service):
    body, content_type = dm_event("deals: 4")
    response = await http.post("/slack/events", data=body, headers={"Content-Type": content_type})
    assert response.status == 401
    assert service.commands == [] and slack.calls == []


async def test_a_body_changed_after_signing_gets_401(http, service):
    body, content_type = dm_event("deals: 4")
    headers = {"Content-Type": content_type, **signed(body)}
    response = await http.post(
        "/slack/events", data=body.replace("deals: 4", "deals: 40"), headers=headers
    )
    assert response.status == 401
    assert service.commands == []


async def test_inside_the_window_a_signed_request_is_accepted(http, slack, service):
    response = await post(http, dm_event("deals: 4"), age=4 * 60)
    assert response.status == 200
    await slack.wait_for(lambda: slack.called("chat.postMessage"))
    assert len(service.commands) == 1


async def test_the_request_url_challenge_is_answered_when_signed(http):
    challenge = json.dumps(
        {"token": "t", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmd", "type": "url_verification"}
    )
    response = await post(http, (challenge, "application/json"))
    assert response.status == 200
    assert (await response.json())["challenge"].startswith("3eZbrw1a")
    forged = await post(http, (challenge, "application/json"), secret="wrong")
    assert forged.status == 401
