import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from databases import migrated


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db(request, tmp_path):
    """A migrated, empty database: every repository test runs on SQLite and PostgreSQL."""
    with migrated(request.param, tmp_path) as engine:
        yield engine
