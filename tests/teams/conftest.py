import sys
from pathlib import Path

import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "rendering"))

from aiohttp.test_utils import TestServer  # noqa: E402
from fake_channel import Connector, signing_keys  # noqa: E402
from teams_fakes import cards_in, check_card  # noqa: E402
from teams_harness import Harness  # noqa: E402

from messages.environment import build_environment  # noqa: E402


@pytest.fixture(scope="session")
def env():
    return build_environment()


@pytest.fixture(scope="session")
def keys():
    with signing_keys() as served:
        yield served


@pytest.fixture
async def connector():
    fake = Connector()
    async with TestServer(fake.app(), host="127.0.0.1") as server:
        fake.url = str(server.make_url("/"))
        yield fake


@pytest.fixture
async def teams(keys, connector, env, card_schema):
    """A running bot; afterwards, every card it sent is checked against schema and size."""
    harness = Harness(keys=keys, connector=connector, env=env)
    await harness.start()
    yield harness
    await harness.client.close()
    for call in connector.calls:
        for card in cards_in(call.body or {}):
            check_card(card, card_schema)
