from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.exc import IntegrityError

from cadence.model import Kpi, Person, Plan, Team
from cadence.units import Unit
from cadence.updates import Confidence, Source, Update
from storage.database import transaction
from storage.plan_repo import save_plan
from storage.update_repo import (
    authors_ever,
    history,
    latest_updates,
    record_update,
    updates_between,
)

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)
PLAN = Plan(
    people=(Person("ana", "Ana"),),
    teams=(Team("ops", "Ops"),),
    kpis=tuple(Kpi(f"m{i}", f"M{i}", "ops", "ana", Unit(), 1.0, None) for i in range(3)),
)


@pytest.fixture
def planned(db):
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)
    return db


def update(measure: str, value: float, at: datetime, **extra) -> Update:
    return Update(measure, value, "2026-11", at, "ana", Source.CLI, **extra)


def test_a_repeated_idempotency_key_records_once_and_returns_the_first(planned):
    with transaction(planned) as session:
        first = record_update(session, update("m0", 1.0, NOW), idempotency_key="slack:E1")
        again = record_update(session, update("m0", 2.0, NOW), idempotency_key="slack:E1")
    assert not first.duplicate and again.duplicate
    assert again.update == first.update
    with transaction(planned) as session:
        assert [u.value for u in history(session, "m0")] == [1.0]


def test_every_field_survives_storage(planned):
    written = update(
        "m1", 4.5, NOW, confidence=Confidence.AT_RISK, comment="c", blockers="b",
        raw_text="4.5 at risk", no_change=False,
    )  # fmt: skip
    with transaction(planned) as session:
        stored = record_update(session, written, idempotency_key=None).update
    assert stored.id is not None
    assert replace(stored, id=None) == written
    assert (stored.confidence, stored.comment, stored.blockers, stored.raw_text) == (
        Confidence.AT_RISK, "c", "b", "4.5 at risk",
    )  # fmt: skip
    assert stored.recorded_at == NOW and stored.recorded_at.tzinfo is not None


def test_latest_is_the_newest_write_and_a_correction_supersedes(planned):
    with transaction(planned) as session:
        old = record_update(session, update("m0", 1.0, NOW), idempotency_key=None).update
        record_update(session, update("m1", 7.0, NOW), idempotency_key=None)
        fix = update("m0", 2.0, NOW + timedelta(minutes=5), supersedes=old.id)
        record_update(session, fix, idempotency_key=None)
    with transaction(planned) as session:
        latest = latest_updates(session)
        assert {k: u.value for k, u in latest.items()} == {"m0": 2.0, "m1": 7.0}
        assert latest["m0"].supersedes == old.id
        assert list(latest_updates(session, ["m1", "m2"])) == ["m1"]
        assert [u.value for u in history(session, "m0")] == [2.0, 1.0]


def test_updates_between_is_half_open(planned):
    with transaction(planned) as session:
        for hours in (0, 1, 2):
            record_update(
                session, update("m2", hours, NOW + timedelta(hours=hours)), idempotency_key=None
            )
    with transaction(planned) as session:
        found = updates_between(session, NOW, NOW + timedelta(hours=2))
        assert [u.value for u in found] == [0.0, 1.0]
        assert authors_ever(session) == {"ana"}


def test_an_update_for_an_unknown_measure_is_refused(planned):
    with pytest.raises(IntegrityError), transaction(planned) as session:
        record_update(session, update("nope", 1.0, NOW), idempotency_key=None)


def test_naive_datetimes_are_refused(planned):
    with pytest.raises(Exception, match="naive datetime"), transaction(planned) as session:
        record_update(session, update("m0", 1.0, NOW.replace(tzinfo=None)), idempotency_key=None)
