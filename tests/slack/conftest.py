"""Slack through Bolt's real pipeline: a signed request into the shared aiohttp app, a
recording fake of the command service, and the mock Web API on 127.0.0.1."""

import sys
from pathlib import Path

import pytest
from aiohttp.test_utils import TestClient, TestServer

sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1] / "rendering"))

from mock_slack import TOKEN, MockSlack
from requests_slack import SECRET
from slack_fakes import FakeService
from web_api_scan import FRAMEWORK_METHODS, methods_the_code_calls

from bot.settings import Settings
from bot.slack.surface import build_slack
from bot.web import build_web_app
from messages.environment import build_environment


@pytest.fixture(scope="session")
def env():
    return build_environment()


@pytest.fixture
async def slack():
    mock = MockSlack(
        users={
            "U0ANA": {"id": "U0ANA", "tz": "Europe/Lisbon", "profile": {"email": "ana@x.org"}},
            "U0BEN": {"id": "U0BEN", "tz": "Africa/Lagos", "profile": {"email": "ben@x.org"}},
        }
    )
    await mock.start()
    yield mock
    await mock.close()
    # The manifest test reads the methods from the code; a call it could not see (built by
    # name, say) would escape its scope check, so every call the mock saw must be known.
    api = {c.method for c in mock.calls} - {"upload", "response_url", "socket"}
    assert api - FRAMEWORK_METHODS <= methods_the_code_calls().keys()


@pytest.fixture
def service():
    return FakeService()


@pytest.fixture
def pauses():
    """What the adapter waited for, in seconds: recorded, never slept."""
    return []


@pytest.fixture
async def surface(slack, service, env, pauses):
    settings = Settings(
        SLACK_BOT_TOKEN=TOKEN, SLACK_SIGNING_SECRET=SECRET, SLACK_API_URL=slack.api_url
    )

    async def pause(seconds: float) -> None:
        pauses.append(seconds)

    surface = build_slack(settings, service, env=env, pause=pause)
    yield surface
    await surface.stop()


@pytest.fixture
async def http(surface):
    client = TestClient(TestServer(build_web_app([surface]), host="127.0.0.1", port=0))
    await client.start_server()
    yield client
    await client.close()
