from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session

from cadence.engine.index import PlanIndex
from cadence.model import Kpi, Person, Plan, Team
from cadence.units import Unit
from cadence.updates import Confidence, Source, Update
from storage.database import transaction
from storage.history_cache import HistoryCache
from storage.history_repo import load_histories
from storage.plan_repo import save_plan
from storage.update_repo import authors_ever, record_update

NOW = datetime(2026, 12, 31, 20, tzinfo=UTC)  # already 2027-Q1 in Auckland
PLAN = Plan(
    people=(Person("ana", "Ana", timezone="Pacific/Auckland"), Person("bo", "Bo")),
    teams=(Team("ops", "Ops"),),
    kpis=tuple(Kpi(f"m{i}", f"M{i}", "ops", "ana", Unit(), 1.0, None) for i in range(3)),
)


def record(session, key, value, at, author="ana", **fields):
    update = Update(key, value, f"{at:%Y-%m}", at, author, Source.CLI, **fields)
    record_update(session, update, idempotency_key=None)


def fresh(db, index, now):
    with transaction(db) as session:
        return load_histories(session, index, now), frozenset(authors_ever(session))


def cached(db, cache, index, now):
    with transaction(db) as session:
        recent = cache.read(session, index, now)
    return recent.measures, recent.authors


def test_newer_updates_are_applied_as_a_full_read_would_summarise_them(db):
    index = PlanIndex(PLAN)
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)
        for days_ago, value in [(300, 1.0), (50, 2.0), (40, 2.0)]:
            record(session, "m0", value, NOW - timedelta(days=days_ago))
    cache = HistoryCache()
    assert cached(db, cache, index, NOW) == fresh(db, index, NOW)
    with transaction(db) as session:
        record(session, "m0", 2.0, NOW - timedelta(days=90), comment="backdated, same value")
        record(session, "m0", 3.0, NOW - timedelta(hours=1), confidence=Confidence.AT_RISK)
        record(session, "m1", 5.0, NOW - timedelta(days=200), author="bo")  # before the window
        record(session, "m2", 1.0, NOW - timedelta(hours=2))
    with transaction(db) as session:
        record(session, "m1", 5.0, NOW - timedelta(hours=6), author="bo")  # at the quarter edge
        for hours in range(14):
            record(session, "m2", float(hours % 3), NOW - timedelta(hours=1, minutes=hours))
    measures, authors = cached(db, cache, index, NOW)
    assert (measures, authors) == fresh(db, index, NOW)
    assert authors == {"ana", "bo"}
    assert "2027-Q1" in measures["m1"].scored_periods and len(measures["m2"].trend) == 12


def test_everything_is_read_again_when_the_quarter_turns_or_the_plan_changes(db):
    index = PlanIndex(PLAN)
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)
        record(session, "m0", 1.0, NOW - timedelta(days=100))
        record(session, "m1", 1.0, NOW - timedelta(hours=6))
    cache = HistoryCache()
    cached(db, cache, index, NOW)
    later = NOW + timedelta(days=95)
    measures, _ = cached(db, cache, index, later)
    assert measures == fresh(db, index, later)[0]
    assert measures["m0"].scored_periods == frozenset(), "out of the window by now"
    moved = replace(PLAN, people=(replace(PLAN.people[0], timezone="UTC"), PLAN.people[1]))
    moved_index = PlanIndex(moved)
    measures, _ = cached(db, cache, moved_index, NOW)
    assert measures == fresh(db, moved_index, NOW)[0]
    assert "2026-Q4" in measures["m1"].scored_periods, "in UTC it is still December"


def test_an_update_committed_after_a_newer_one_was_read_is_not_lost(db):
    if db.dialect.name != "postgresql":
        pytest.skip("SQLite commits one writer at a time, in id order")
    index = PlanIndex(PLAN)
    with transaction(db) as session:
        save_plan(session, PLAN, now=NOW)
        record(session, "m0", 1.0, NOW - timedelta(days=3))
    cache = HistoryCache()
    cached(db, cache, index, NOW)
    slow = Session(db)
    slow.begin()
    record(slow, "m0", 2.0, NOW - timedelta(days=2))  # takes the lower ids, commits last
    record(slow, "m1", 4.0, NOW - timedelta(days=2), author="bo")
    slow.flush()
    with transaction(db) as session:
        record(session, "m0", 3.0, NOW - timedelta(days=1))
    assert cached(db, cache, index, NOW) == fresh(db, index, NOW)
    slow.commit()
    slow.close()
    measures, authors = cached(db, cache, index, NOW)
    assert (measures, authors) == fresh(db, index, NOW)
    assert measures["m0"].trend == (1.0, 2.0, 3.0) and measures["m1"].last_value == 4.0
