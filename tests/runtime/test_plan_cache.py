from dataclasses import replace
from datetime import timedelta

from runtime_fakes import NOW, person, seed, small_plan, twin

from cadence.engine.context import Context
from cadence.engine.groups import prompt_groups
from cadence.engine.state import EngineState
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


def test_a_re_imported_plan_is_grouped_afresh(db):
    seed(db, small_plan())
    cache = PlanCache()
    first = cached(db, cache)
    monday = NOW + timedelta(hours=2)  # 10:00 UTC, inside everyone's working hours

    def asked(plan):
        ctx = Context(EngineState(plan=plan, active_since=NOW), monday, cache.index(plan))
        return {(g.owner.key, g.period.key) for g in prompt_groups(ctx)}

    assert asked(first) == {("ana", "2026-W48"), ("bo", "2026-W48"), ("ana", "2026-W47"),
                            ("bo", "2026-W47")}  # fmt: skip
    with transaction(db) as session:
        save_plan(session, small_plan(person("ana"), person("cy")), now=NOW + timedelta(hours=1))
    assert {owner for owner, _week in asked(cached(db, cache))} == {"ana", "cy"}
