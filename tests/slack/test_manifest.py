"""The app manifest in docs/slack.md subscribes to exactly what the app listens to."""

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import yaml
from requests_slack import post
from web_api_scan import methods_the_code_calls

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


# The bot scopes each Web API method needs for the way the bot calls it (Slack's method
# reference). A method the code starts calling fails the test below until it is listed
# here and its scopes are in the manifest.
SCOPES = {
    "auth.test": (),
    "chat.postMessage": ("chat:write",),
    "chat.update": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "conversations.open": ("im:write",),
    # DMs (a prompt's metadata) and team channels (reconciling a lost acknowledgement).
    "conversations.history": ("im:history", "channels:history", "groups:history"),
    "conversations.replies": ("im:history", "channels:history", "groups:history"),
    "conversations.info": ("channels:read", "groups:read"),
    "conversations.join": ("channels:join",),
    "users.info": ("users:read",),
    "users.lookupByEmail": ("users:read.email",),
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    "files.info": ("files:read",),
    "views.open": (),
    "views.publish": (),
}


def test_every_web_api_method_the_code_calls_has_its_scopes_in_the_manifest():
    called = methods_the_code_calls()
    # The scan sees the calls this adapter is known for; if it saw none it would pass idly.
    assert {"chat.postMessage", "views.publish", "files.completeUploadExternal"} <= called.keys()
    unknown = {m: sorted(files) for m, files in called.items() if m not in SCOPES}
    assert unknown == {}, "add these methods' scopes to SCOPES and to the manifest"
    scopes = set(manifest()["oauth_config"]["scopes"]["bot"])
    missing = {m: sorted(set(SCOPES[m]) - scopes) for m in called if set(SCOPES[m]) - scopes}
    assert missing == {}, "the manifest lacks scopes these calls need"


def test_the_manifest_asks_for_no_scope_the_code_does_not_use():
    used = {s for m in methods_the_code_calls() for s in SCOPES[m]} | {"commands"}
    assert set(manifest()["oauth_config"]["scopes"]["bot"]) <= used
