"""Requests as Slack sends them: realistic payloads, signed with the app's signing secret."""

from __future__ import annotations

import json
import time
from typing import Any
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def signed(body: str, *, age: int = 0, secret: str = SECRET) -> dict[str, str]:
    """Slack's X-Slack-Signature headers for a body sent `age` seconds ago."""
    timestamp = str(int(time.time()) - age)
    signature = SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body)
    return {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}


def form(fields: dict[str, str]) -> tuple[str, str]:
    return urlencode(fields), "application/x-www-form-urlencoded"


def slash(
    text: str,
    *,
    user: str = "U0ANA",
    trigger: str = "13345224609.738474920.8088930838d88f008e0",
    response_url: str,
) -> tuple[str, str]:
    """The /metric slash command as form data."""
    return form(
        {
            "token": "legacy-verification-token",
            "team_id": "T1",
            "team_domain": "acme",
            "channel_id": "C0SALES",
            "channel_name": "sales",
            "user_id": user,
            "user_name": "ana",
            "command": "/metric",
            "text": text,
            "api_app_id": "A1",
            "is_enterprise_install": "false",
            "response_url": response_url,
            "trigger_id": trigger,
        }
    )


def interaction(payload: dict[str, Any]) -> tuple[str, str]:
    """An interactivity request: the payload JSON in a `payload` form field."""
    return form({"payload": json.dumps(payload)})


def button(
    action_id: str,
    *,
    message: dict[str, Any],
    channel: str,
    user: str = "U0ANA",
    action_ts: str = "1700000100.000001",
    trigger: str = "t-1",
    response_url: str,
) -> tuple[str, str]:
    """A block_actions payload for one of a prompt's buttons."""
    value = next(
        e["value"]
        for b in message["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )
    return interaction(
        {
            "type": "block_actions",
            "team": {"id": "T1", "domain": "acme"},
            "user": {"id": user, "username": "ana", "team_id": "T1"},
            "api_app_id": "A1",
            "token": "legacy-verification-token",
            "container": {
                "type": "message",
                "message_ts": message["ts"],
                "channel_id": channel,
                "is_ephemeral": False,
            },
            "trigger_id": trigger,
            "channel": {"id": channel, "name": "directmessage"},
            "message": {k: v for k, v in message.items() if k != "metadata"}
            | {"type": "message", "user": "UBOT", "bot_id": "BBOT"},
            "response_url": response_url,
            "actions": [
                {
                    "action_id": action_id,
                    "block_id": "b1",
                    "text": {"type": "plain_text", "text": "x"},
                    "value": value,
                    "type": "button",
                    "action_ts": action_ts,
                }
            ],
        }
    )


def submission(
    modal: dict[str, Any],
    values: dict[str, dict[str, Any]],
    *,
    user: str = "U0ANA",
    view_id: str = "V1",
) -> tuple[str, str]:
    """A view_submission of a modal the adapter opened, with what the person typed."""
    return interaction(
        {
            "type": "view_submission",
            "team": {"id": "T1", "domain": "acme"},
            "user": {"id": user, "username": "ana", "team_id": "T1"},
            "api_app_id": "A1",
            "token": "legacy-verification-token",
            "trigger_id": "t-submit",
            "view": {
                **modal,
                "id": view_id,
                "hash": "1700000200.abcd",
                "state": {"values": values},
                "team_id": "T1",
                "app_id": "A1",
                "bot_id": "BBOT",
            },
            "response_urls": [],
        }
    )


def dm_event(
    text: str,
    *,
    event_id: str = "Ev01",
    user: str = "U0ANA",
    channel: str = "D0ANA",
    ts: str = "1700000300.000100",
    **extra: Any,
) -> tuple[str, str]:
    """An event_callback for a message in the bot's DM."""
    event = {
        "type": "message",
        "channel": channel,
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
        **extra,
    }
    body = {
        "token": "legacy-verification-token",
        "team_id": "T1",
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": int(ts.split(".")[0]),
        "authorizations": [{"team_id": "T1", "user_id": "UBOT", "is_bot": True}],
    }
    return json.dumps(body), "application/json"


async def post(
    http,
    body_and_type: tuple[str, str],
    *,
    age: int = 0,
    secret: str = SECRET,
    headers: dict[str, str] | None = None,
):
    """POST to /slack/events the way Slack does, signed unless told otherwise."""
    body, content_type = body_and_type
    sent = {"Content-Type": content_type, **signed(body, age=age, secret=secret), **(headers or {})}
    return await http.post("/slack/events", data=body.encode(), headers=sent)


def home_event(*, event_id: str = "EvHome", user: str = "U0ANA", tab: str = "home"):
    """app_home_opened, as sent when a person opens the app's Home tab."""
    event = {
        "type": "app_home_opened",
        "user": user,
        "channel": "D0ANA",
        "tab": tab,
        "event_ts": "1700000400.000100",
    }
    body = {
        "team_id": "T1",
        "api_app_id": "A1",
        "event": event,
        "type": "event_callback",
        "event_id": event_id,
        "event_time": 1700000400,
    }
    return json.dumps(body), "application/json"
