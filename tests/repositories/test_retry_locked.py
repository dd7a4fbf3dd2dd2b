"""A unit of work that met SQLite's "database is locked" runs again; other errors do not."""

import pytest
from sqlalchemy.exc import OperationalError

from storage.database import LOCKED_ATTEMPTS, retry_locked


def failing(message: str, times: int):
    calls = []

    def work() -> str:
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("UPDATE outbox", {}, Exception(message))
        return "done"

    return work, calls


def test_a_locked_database_is_tried_again_until_the_work_goes_through():
    work, calls = failing("database is locked", LOCKED_ATTEMPTS - 1)
    assert retry_locked(work) == "done" and len(calls) == LOCKED_ATTEMPTS


def test_a_lock_that_outlasts_every_attempt_is_raised():
    work, calls = failing("database is locked", LOCKED_ATTEMPTS)
    with pytest.raises(OperationalError, match="locked"):
        retry_locked(work)
    assert len(calls) == LOCKED_ATTEMPTS


def test_any_other_database_error_is_raised_at_once():
    work, calls = failing("no such table: outbox", 1)
    with pytest.raises(OperationalError, match="no such table"):
        retry_locked(work)
    assert len(calls) == 1
