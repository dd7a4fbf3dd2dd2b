"""Which replica plans: the one holding a PostgreSQL session-level advisory lock.

The lock lives as long as the database session that took it, so it is held on a
dedicated connection kept out of the pool. If the process dies or its connection drops,
PostgreSQL releases the lock and the next replica to ask takes over; no lock file, no
expiry to tune. The key is derived from the schema name, so deployments (and test
schemas) sharing one database elect their leaders independently. On SQLite there is one
process, and it leads.
"""

from __future__ import annotations

import hashlib
import logging

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

log = logging.getLogger(__name__)

NAMESPACE = "cadence-bot leader"


def lock_key(schema: str) -> int:
    """A signed 64-bit advisory lock key for the schema."""
    digest = hashlib.sha256(f"{NAMESPACE}:{schema}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class Leader:
    """Leadership for this process; call check() before each tick and release() on stop."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None

    @property
    def held(self) -> bool:
        return self._engine.dialect.name != "postgresql" or self._connection is not None

    def check(self) -> bool:
        """True while this process leads: keeps the lock if its connection is alive, or
        tries to take it (without waiting) if no one holds it."""
        if self._engine.dialect.name != "postgresql":
            return True
        if self._connection is not None:
            try:
                self._connection.execute(text("select 1"))
                return True
            except DBAPIError:
                log.warning("leader connection lost; leadership is given up")
                self._drop()
        return self._acquire()

    def release(self) -> None:
        """Give leadership up so another replica takes it at its next check."""
        if self._connection is None:
            return
        try:
            schema = self._connection.execute(text("select current_schema()")).scalar_one()
            self._connection.execute(
                text("select pg_advisory_unlock(:key)"), {"key": lock_key(schema)}
            )
        except DBAPIError:
            log.warning("leader connection was already gone at release")
        self._drop()

    def _acquire(self) -> bool:
        connection = self._engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        try:
            schema = connection.execute(text("select current_schema()")).scalar_one()
            got = connection.execute(
                text("select pg_try_advisory_lock(:key)"), {"key": lock_key(schema)}
            ).scalar_one()
        except DBAPIError:
            log.warning("could not ask for leadership; the database is unreachable")
            connection.invalidate()
            connection.close()
            return False
        if not got:
            connection.close()
            return False
        log.info("this process is now the leader")
        self._connection = connection
        return True

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            # Never hand a connection that may still hold the lock back to the pool.
            connection.invalidate()
            connection.close()
