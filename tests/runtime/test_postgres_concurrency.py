import asyncio
import random
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from runtime_fakes import NOW, RecordingPort, daily_checkins, person, seed, small_plan, twin
from sqlalchemy import text
from sqlmodel import Session

from bot.runtime.clock import ManualClock
from bot.runtime.leader import Leader, lock_key
from bot.runtime.sender import OutboxSender
from bot.runtime.tick import tick
from storage import outbox_claim, outbox_repo
from storage.database import open_engine, transaction
from storage.engine_state import switch_on

pytestmark = pytest.mark.postgres

START = NOW + timedelta(hours=1)
PEOPLE = [person(f"p{i:02d}") for i in range(30)]


def queued(pg):
    seed(pg, small_plan(*PEOPLE))
    clock = ManualClock(START)
    tick(pg, clock, platforms=["local"], decide=daily_checkins)
    return clock


def claim(session, worker, limit):
    return outbox_claim.claim(
        session=session,
        worker=worker,
        now=START,
        lease=timedelta(minutes=5),
        limit=limit,
        platforms=["local"],
    )


def test_a_claim_in_flight_is_skipped_not_waited_for_or_shared(pg):
    queued(pg)
    other = twin(pg)
    with Session(pg) as first, first.begin():
        mine = claim(first, "a", 10)
        with Session(other) as second, second.begin():
            theirs = claim(second, "b", 100)
    other.dispose()
    assert len(mine) == 10 and len(theirs) == 20
    assert not {r.id for r in mine} & {r.id for r in theirs}


async def test_two_senders_draining_at_once_deliver_every_row_exactly_once(pg):
    clock = queued(pg)
    port = RecordingPort()
    other = twin(pg)
    senders = [
        OutboxSender(engine, {"local": port}, clock, worker=name, batch=3, rng=random.Random(1))
        for engine, name in ((pg, "a"), (other, "b"))
    ]
    reports = await asyncio.gather(*(s.drain() for s in senders))
    other.dispose()
    assert sum(r.sent for r in reports) == 30
    assert all(r.sent for r in reports), "both senders took part"
    assert port.duplicates() == {}
    assert len({d.address for d in port.delivered}) == 30


def drop_leader_connection(engine) -> int:
    """Kill the backend holding this schema's leader lock, as a network cut would, and wait
    until it is gone: pg_terminate_backend alone only signals, and the lock outlives the
    call by as long as the backend takes to exit."""
    with engine.connect() as admin:
        key = lock_key(admin.execute(text("select current_schema()")).scalar_one())
        unsigned = key & 0xFFFF_FFFF_FFFF_FFFF
        killed = admin.execute(
            text(
                "select count(*) filter (where pg_terminate_backend(pid, 10000)) from pg_locks "
                "where locktype = 'advisory' and granted and objsubid = 1 "
                "and classid = :high and objid = :low"
            ),
            {"high": unsigned >> 32, "low": unsigned & 0xFFFF_FFFF},
        ).scalar_one()
        admin.commit()
    return killed


def test_only_one_replica_leads_until_its_connection_drops(pg):
    other = twin(pg)
    first, second = Leader(pg), Leader(other)
    assert first.check() is True
    assert second.check() is False
    assert first.check() is True, "re-checking keeps leadership"
    assert second.check() is False
    assert drop_leader_connection(pg) == 1
    assert second.check() is True
    assert first.check() is False, "the old leader notices it lost the lock"
    second.release()
    assert first.check() is True
    first.release()
    other.dispose()


def test_leaders_of_different_schemas_do_not_block_each_other(pg, tmp_path):
    from databases import migrated

    with migrated("postgres", tmp_path) as elsewhere:
        here, there = Leader(pg), Leader(elsewhere)
        assert here.check() and there.check()
        here.release()
        there.release()


def test_on_sqlite_the_only_process_leads(tmp_path):
    engine = open_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert Leader(engine).check() is True
    engine.dispose()


def test_two_replicas_ticking_at_the_same_moment_plan_each_action_once(pg):
    seed(pg, small_plan(*PEOPLE))
    with transaction(pg) as session:
        switch_on(session, NOW)  # a running deployment, past its very first tick
    other = twin(pg)
    clock = ManualClock(START)
    both_decided = threading.Barrier(2, timeout=10)

    def in_step(state, now):
        decisions = daily_checkins(state, now)
        both_decided.wait()  # both saw an empty state; both will try to insert
        return decisions

    with ThreadPoolExecutor(2) as pool:
        runs = [
            pool.submit(tick, engine, clock, platforms=["local"], decide=in_step)
            for engine in (pg, other)
        ]
        reports = [run.result() for run in runs]
    other.dispose()
    assert sorted(r.planned for r in reports) == [0, 30]
    with transaction(pg) as session:
        assert outbox_repo.counts(session=session) == {"pending": 30}
