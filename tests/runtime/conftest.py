import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from databases import migrated


@pytest.fixture
def pg(tmp_path):
    """A migrated PostgreSQL schema, for what only PostgreSQL offers (row locks, advisory
    locks, several processes)."""
    with migrated("postgres", tmp_path) as engine:
        yield engine
