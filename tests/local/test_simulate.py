"""`cadence-bot simulate`: weeks of the real engine and outbox with simulated owners."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, func
from sqlmodel import select
from typer.testing import CliRunner

from bot.cli.main import app
from bot.simulate.play import Simulation, SimulationError, Week
from cadence.views import Digest
from messages.environment import build_environment
from storage.database import open_engine, transaction
from storage.migrate import upgrade
from storage.plan_repo import save_plan
from storage.tables.local import LocalMessage
from storage.tables.updates import GradeRow, UpdateRow

START = datetime(2026, 11, 2, tzinfo=UTC)  # a Monday


def _fresh(path: Path, plan) -> Engine:
    engine = open_engine(f"sqlite:///{path}")
    upgrade(engine)
    with transaction(engine) as session:
        save_plan(session, plan, now=START)
    return engine


async def _play(engine: Engine, *, seed: int, weeks: int) -> tuple[list[Week], Simulation]:
    simulation = Simulation(engine=engine, env=build_environment(), start=START, seed=seed)
    played: list[Week] = []
    await simulation.play(weeks, played.append)
    return played, simulation


async def test_three_weeks_prompt_answer_escalate_and_digest(tmp_path: Path, plan) -> None:
    engine = _fresh(tmp_path / "a.db", plan)
    weeks, simulation = await _play(engine, seed=5, weeks=3)
    assert [w.number for w in weeks] == [1, 2, 3]
    assert [w.starts.date().isoformat() for w in weeks] == [
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
    ]
    assert all(w.prompts > 0 for w in weeks)
    assert sum(w.answers for w in weeks) > 0 and sum(w.escalations for w in weeks) > 0
    assert weeks[-1].figures.silent_owners > 0, "some simulated owners never answer"
    with transaction(engine) as session:
        recorded = session.exec(select(func.count()).select_from(UpdateRow)).one()
        sources = set(session.exec(select(UpdateRow.source)).all())
        local = session.exec(select(func.count()).select_from(LocalMessage)).one()
    assert recorded > 0 and sources == {"local"} and local > 0
    digests = simulation.final_digests()
    assert digests and all(isinstance(d, Digest) for d in digests)


async def test_the_same_seed_plays_the_same_weeks(tmp_path: Path, plan) -> None:
    first, _ = await _play(_fresh(tmp_path / "1.db", plan), seed=9, weeks=2)
    again, _ = await _play(_fresh(tmp_path / "2.db", plan), seed=9, weeks=2)
    assert [asdict(w) for w in first] == [asdict(w) for w in again]


async def test_a_database_with_a_history_is_refused(tmp_path: Path, plan) -> None:
    engine = _fresh(tmp_path / "h.db", plan)
    await _play(engine, seed=1, weeks=1)
    with pytest.raises(SimulationError, match="fresh one"):
        Simulation(engine=engine, env=build_environment(), start=START, seed=1)


def test_the_command_prints_each_week_and_the_final_digest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADENCE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    example = Path(__file__).resolve().parents[2] / "examples" / "plan.yaml"
    args = ["simulate", "--weeks", "1", "--seed", "2", "--start", "2026-11-02", "--plan", example]
    result = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "Simulating 1 week from Mon 02 Nov 2026 (seed 2)" in result.output
    row = next(line for line in result.output.splitlines() if line.strip().startswith("1  "))
    assert "2026-11-02" in row
    assert "Final digest for" in result.output and "Plan health" in result.output
    again = CliRunner().invoke(app, [str(a) for a in args], catch_exceptions=False)
    assert again.exit_code == 1 and "fresh one" in again.output


def _messages(engine: Engine) -> list[tuple[str, str, str]]:
    """Every message of the workspace as a person sees it, whatever order ids came in."""
    with transaction(engine) as session:
        rows = session.exec(select(LocalMessage)).all()
    return sorted((r.conversation, r.created_at.isoformat(), json.dumps(r.payload)) for r in rows)


async def test_hours_the_engine_calls_idle_are_skipped_without_changing_the_week(
    tmp_path: Path, plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast_db = _fresh(tmp_path / "fast.db", plan)
    fast, _ = await _play(fast_db, seed=3, weeks=1)
    monkeypatch.setattr(Simulation, "_tick_would_decide", lambda self, now: True)
    every_hour_db = _fresh(tmp_path / "hourly.db", plan)
    every_hour, _ = await _play(every_hour_db, seed=3, weeks=1)
    assert [asdict(w) for w in fast] == [asdict(w) for w in every_hour]
    assert _messages(fast_db) == _messages(every_hour_db)


async def test_a_run_across_a_quarter_end_closes_the_quarter_with_grades(
    tmp_path: Path, plan
) -> None:
    engine = _fresh(tmp_path / "q.db", plan)
    simulation = Simulation(
        engine=engine, env=build_environment(), start=datetime(2026, 9, 21, tzinfo=UTC), seed=1
    )
    weeks: list[Week] = []
    await simulation.play(2, weeks.append)
    with transaction(engine) as session:
        graded = session.exec(select(GradeRow.objective_key)).all()
    assert graded, "someone graded last quarter's objectives at its close"
    assert {o.period for o in plan.objectives if o.key in graded} == {"2026-Q3"}
    q3 = [o for o in plan.objectives if o.period == "2026-Q3"]
    assert weeks[-1].figures.objectives_graded == len(set(graded)) / len(q3)


async def test_the_same_seed_and_start_print_the_same_digests_in_the_same_order(
    tmp_path: Path, plan
) -> None:
    _, first = await _play(_fresh(tmp_path / "d1.db", plan), seed=4, weeks=1)
    _, again = await _play(_fresh(tmp_path / "d2.db", plan), seed=4, weeks=1)
    digests = first.final_digests()
    assert [d.team_name for d in digests] == sorted(d.team_name for d in digests)
    assert digests == again.final_digests()
