from dataclasses import replace
from datetime import timedelta

from runtime_fakes import NOW, person, seed, small_plan, twin

from storage.database import transaction
from storage.plan_cache import PlanCache
from storage.plan_repo import save_plan


def cached(db, cache):
    with transaction(db) as session:
        return cache.plan(session)


def test_nothing_is_cached_before_an_import(db):
    assert cached(db, PlanCache()) is None


def test_the_plan_is_decoded_once_until_an_import_changes_it(db):
    seed(db, small_plan())
    cache = PlanCache()
    first = cached(db, cache)
    assert cached(db, cache) is first
    assert cache.index(first) is cache.index(first)
    with transaction(db) as session:
        save_plan(session, small_plan(), now=NOW + timedelta(days=1))  # unchanged
    assert cached(db, cache) is first
    grown = small_plan(person("ana"), person("bo"), person("cy"))
    with transaction(db) as session:
        save_plan(session, grown, now=NOW + timedelta(days=2))
    again = cached(db, cache)
    assert again is not first and [p.key for p in again.people] == ["ana", "bo", "cy"]
    assert cache.index(again).plan is again


def test_an_import_by_another_replica_is_seen(db):
    seed(db, small_plan())
    cache = PlanCache()
    cached(db, cache)
    other = twin(db)
    renamed = small_plan(replace(person("ana"), name="Ana Maria"), person("bo"))
    with transaction(other) as session:
        save_plan(session, renamed, now=NOW + timedelta(hours=1))
    other.dispose()
    assert cached(db, cache).people[0].name == "Ana Maria"


def test_an_index_for_a_plan_the_cache_does_not_hold_is_fresh(db):
    seed(db, small_plan())
    cache = PlanCache()
    cached(db, cache)
    stranger = small_plan(person("zed"))
    assert cache.index(stranger).plan is stranger
