import sys
from pathlib import Path

import pytest

from messages.environment import build_environment

sys.path.insert(0, str(Path(__file__).parent))


@pytest.fixture(scope="session")
def env():
    return build_environment()
