"""Two bot processes against one PostgreSQL schema through a simulated week: every
prompt, nudge, escalation and digest is planned once and sent once, exactly as a single
process would have, even when the leader dies between the platform's acknowledgement
and its commit."""

import json
import multiprocessing
from collections import Counter

import pytest
from replica import START, STEP, STEPS, read_logs, run, seed
from sqlmodel import select

from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.tables import ActionRow, OutboxRow

pytestmark = pytest.mark.postgres


def replicas(url, folder, **options):
    ctx = multiprocessing.get_context("spawn")
    barrier, crashed = ctx.Barrier(2, timeout=60), ctx.Event()
    processes = [
        ctx.Process(target=run, args=(url, i, barrier, crashed, str(folder)), kwargs=options)
        for i in (0, 1)
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=240)
    assert [p.exitcode for p in processes] == [0, 0]


def outcome(url, folder):
    engine = open_engine(url)
    with transaction(engine) as session:
        actions = {row.key: row for row in session.exec(select(ActionRow))}
        outbox = list(session.exec(select(OutboxRow)))
    engine.dispose()
    return actions, outbox, read_logs(folder)


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """The same week run by one process on SQLite: what two replicas must reproduce."""
    folder = tmp_path_factory.mktemp("single")
    url = f"sqlite:///{folder / 'cadence.db'}"
    engine = open_engine(url)
    upgrade(engine)
    engine.dispose()
    seed(url)
    replicas_alone(url, folder)
    return outcome(url, folder)


def replicas_alone(url, folder):
    ctx = multiprocessing.get_context("spawn")
    barrier, crashed = ctx.Barrier(1), ctx.Event()
    process = ctx.Process(target=run, args=(url, 0, barrier, crashed, str(folder)))
    process.start()
    process.join(timeout=240)
    assert process.exitcode == 0


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"gated": True}, id="leader-plans"),
        pytest.param({"gated": False}, id="both-plan-at-once"),
        pytest.param({"gated": True, "crash_at": 44}, id="leader-dies-mid-delivery"),
    ],
)
def test_two_replicas_plan_and_send_every_action_exactly_once(options, single, tmp_path):
    from databases import postgres_schema

    with postgres_schema() as url:
        engine = open_engine(url)
        upgrade(engine)
        engine.dispose()
        seed(url)
        replicas(url, tmp_path, **options)
        actions, outbox, log = outcome(url, tmp_path)

    expected_actions, _, expected_log = single
    assert {k: a.state for k, a in actions.items()} == {
        k: a.state for k, a in expected_actions.items()
    }
    kinds = Counter(a.kind for a in actions.values())
    assert {"checkin", "kpi_review", "nudge", "team_escalation", "digest"} <= set(kinds), kinds

    sent = Counter((entry["action"], entry["address"]) for entry in log)
    assert [k for k, n in sent.items() if n > 1] == [], "a message went out twice"
    to_team = {k: n for k, n in sent.items() if k[0].startswith("team_escalation")}
    assert to_team and {address for _, address in to_team} == {"team:t1"}
    assert len(to_team) == kinds["team_escalation"], "every team escalation went out, once"
    assert set(sent) == {(e["action"], e["address"]) for e in expected_log}
    end = START + STEPS * STEP
    due = [row for row in outbox if row.next_attempt_at < end - STEP and row.state != "cancelled"]
    assert {row.state for row in due} == {"sent"}
    assert {(row.action_key, row.address) for row in due} == set(sent)
    if "crash_at" in options:
        held = json.loads((tmp_path / "crash.json").read_text())
        by_id = {row.id: row for row in outbox}
        assert {by_id[i].state for i in held} == {"sent"}, "the heir finished the dead one's rows"
