"""Both databases the bot supports, for tests that must behave the same on each.

PostgreSQL tests use a private schema each, so parallel runs never see each other's rows.
Without a server they skip with the reason; under CI (the CI variable set) they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from storage.database import open_engine
from storage.migrate import upgrade

POSTGRES_URL = os.environ.get(
    "CADENCE_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_unavailable() -> str | None:
    """Why PostgreSQL tests cannot run here, or None when they can."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed (pip install -e '.[test]')"
    engine = open_engine(POSTGRES_URL)
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as error:
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {type(error).__name__}"
    finally:
        engine.dispose()
    return None


def require_postgres() -> None:
    reason = postgres_unavailable()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI must run the PostgreSQL tests, but {reason}")
    pytest.skip(reason)


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh empty schema; yields a URL whose connections use it."""
    require_postgres()
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = open_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'create schema "{schema}"'))
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'drop schema "{schema}" cascade'))
        admin.dispose()


@contextmanager
def migrated(kind: str, tmp_path: Path) -> Iterator[Engine]:
    """An engine on an empty database of the given kind, migrated to head."""
    if kind == "sqlite":
        engine = open_engine(f"sqlite:///{tmp_path / 'cadence.db'}")
        upgrade(engine)
        yield engine
        engine.dispose()
        return
    with postgres_schema() as url:
        engine = open_engine(url)
        upgrade(engine)
        yield engine
        engine.dispose()
