import sys
from pathlib import Path

import pytest

# Test helpers (databases.py) import by name. No test folder is named like a package of
# the project (a folder on the path would shadow it as a namespace package), and the
# repository root goes first all the same.
TESTS = Path(__file__).resolve().parent
sys.path[:0] = [str(TESTS.parent), str(TESTS)]

from databases import migrated  # noqa: E402 (needs the path above)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A migrated, empty database: every repository test runs on SQLite and PostgreSQL."""
    with migrated(request.param, tmp_path) as engine:
        yield engine
