"""Opening the database: SQLite tuned for a single bot process, PostgreSQL by URL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import orjson
from sqlalchemy import Engine, event
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, create_engine

SQLITE_BUSY_TIMEOUT_MS = 5000
# How often a unit of work runs before SQLite's "database is locked" is let through.
LOCKED_ATTEMPTS = 3
T = TypeVar("T")


def open_engine(url: str, **options: Any) -> Engine:
    """An engine for the URL; SQLite gets WAL, a busy timeout and enforced foreign keys.
    JSON columns go through orjson: a tick writes thousands of payloads at once and the
    sender reads each back, and the standard library's encoder was a fifth of a tick."""
    options = {"json_serializer": json_text, "json_deserializer": orjson.loads, **options}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **options)
        event.listen(engine, "connect", _tune_sqlite)
        event.listen(engine, "begin", _begin_immediate)
        return engine
    return create_engine(url, pool_pre_ping=True, **options)


def json_text(value: Any) -> str:
    """A value as the JSON columns store it."""
    return orjson.dumps(value).decode()


def _tune_sqlite(connection: Any, _record: Any) -> None:
    connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, see below
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _begin_immediate(connection: Any) -> None:
    """Take SQLite's write lock when a transaction starts, not at its first write: a
    transaction that read first and then writes could otherwise fail with "database is
    locked" at once instead of waiting out the busy timeout (WAL readers are unaffected)."""
    connection.exec_driver_sql("BEGIN IMMEDIATE")


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed when the block ends, rolled back on any error."""
    with Session(engine, expire_on_commit=False) as session, session.begin():
        yield session


def retry_locked(work: Callable[[], T], *, attempts: int = LOCKED_ATTEMPTS) -> T:
    """Run a unit of work, and again when SQLite gave up waiting for its write lock
    ("database is locked" after the busy timeout, under a burst of writers): the
    transaction was rolled back whole, so running it again writes nothing twice."""
    for _ in range(attempts - 1):
        try:
            return work()
        except OperationalError as error:
            if "database is locked" not in str(error.orig):
                raise
    return work()
