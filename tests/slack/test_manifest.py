"""The app manifest in docs/slack.md subscribes to exactly what the app listens to."""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import yaml
from requests_slack import post

from bot.slack.surface import EVENTS_PATH

DOC = Path(__file__).resolve().parents[2] / "docs" / "slack.md"


def manifest() -> dict:
    (block,) = re.findall(r"```yaml\n(.*?)```", DOC.read_text(), flags=re.DOTALL)
    return yaml.safe_load(block)


def event(kind: str) -> tuple[str, str]:
    body = {
        "team_id": "T1",
        "api_app_id": "A1",
        "type": "event_callback",
        "event_id": f"Ev-{kind}",
        "event_time": 1700000400,
        "event": {
            "type": kind,
            "user": "U0ANA",
            "channel": "D0ANA",
            "channel_type": "im",
            "tab": "messages",
            "text": "",
            "ts": "1700000400.000100",
        },
    }
    return json.dumps(body), "application/json"


async def test_every_subscribed_event_has_a_listener(http):
    events = manifest()["settings"]["event_subscriptions"]["bot_events"]
    assert events
    for name in events:
        response = await post(http, event(name.split(".")[0]))
        assert response.status == 200, f"{name} is subscribed but nothing listens to it"
    assert (await post(http, event("reaction_added"))).status == 404


def test_the_command_and_interactivity_point_at_the_events_path():
    app = manifest()
    settings = app["settings"]
    (command,) = app["features"]["slash_commands"]
    assert command["command"] == "/metric"
    urls = [
        command["url"],
        settings["interactivity"]["request_url"],
        settings["event_subscriptions"]["request_url"],
    ]
    assert {urlparse(u).path for u in urls} == {EVENTS_PATH}
    assert settings["interactivity"]["is_enabled"] is True
    assert app["features"]["app_home"]["home_tab_enabled"] is True


def test_every_web_api_method_the_adapter_calls_has_its_scope():
    needs = {
        "chat.postMessage": "chat:write",
        "chat.update": "chat:write",
        "chat.postEphemeral": "chat:write",
        "conversations.open": "im:write",
        "conversations.history": "im:history",
        "conversations.replies": "im:history",
        "users.info": "users:read",
        "files.getUploadURLExternal": "files:write",
        "views.open": None,
        "views.publish": None,
    }
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    assert {"users:read.email", "commands", "channels:history", "groups:history"} <= scopes
    assert {s for s in needs.values() if s} <= scopes
