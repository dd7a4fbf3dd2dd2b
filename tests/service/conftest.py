from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.runtime.clock import ManualClock
from bot.service import CommandService
from cadence.planfile import load_plan
from storage.database import transaction
from storage.plan_repo import save_plan
from storage.tables.runtime import ActionRow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
# Tuesday 24 November 2026, 10:00 UTC: inside everyone's ISO week 48.
NOW = datetime(2026, 11, 24, 10, tzinfo=UTC)


@pytest.fixture
def clock():
    return ManualClock(NOW)


@pytest.fixture
def plan():
    loaded = load_plan(EXAMPLE).plan
    assert loaded is not None
    return loaded


@pytest.fixture
def service(db, plan, clock):
    with transaction(db) as session:
        save_plan(session, plan, now=NOW)
    return CommandService(engine=db, clock=clock)


@pytest.fixture
def prompt(db, service):
    """A sent weekly check-in asking Priya about `acv`; returns a function making more."""

    def make(key="p-acv", recipient="priya", measures=("acv",), kind="checkin", period="2026-W48"):
        with transaction(db) as session:
            session.add(
                ActionRow(
                    key=key, kind=kind, recipient_kind="person", recipient_key=recipient,
                    subject=recipient, period=period, measure_keys=list(measures), state="sent",
                    due_at=NOW, created_at=NOW, sent_at=NOW,
                )
            )  # fmt: skip
        return key

    return make
