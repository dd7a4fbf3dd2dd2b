import json
import sys
from pathlib import Path

import pytest

from messages.environment import build_environment

sys.path.insert(0, str(Path(__file__).parent))

SCHEMA = Path(__file__).resolve().parents[1] / "fixtures" / "schemas" / "adaptive-card-1.5.json"


@pytest.fixture(scope="session")
def env():
    return build_environment()


@pytest.fixture(scope="session")
def card_schema():
    if not SCHEMA.exists():
        pytest.skip(f"Adaptive Card schema not found at {SCHEMA.resolve()}")
    return json.loads(SCHEMA.read_text())
