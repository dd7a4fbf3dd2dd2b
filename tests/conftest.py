import sys
from pathlib import Path

import pytest

# Test helpers (databases.py) import by name; the repository root goes first so that the
# real `messages` package always wins over the tests/messages folder of the same name.
TESTS = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

from databases import migrated  # noqa: E402 (needs the path above)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A migrated, empty database: every repository test runs on SQLite and PostgreSQL."""
    with migrated(request.param, tmp_path) as engine:
        yield engine
