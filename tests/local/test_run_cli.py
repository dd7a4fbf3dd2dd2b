"""`cadence-bot run` itself: what it loads, what it prints, and what it serves."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from typer.testing import CliRunner

from bot.cli import run as command
from bot.cli.main import app
from storage.database import open_engine, transaction
from storage.plan_repo import load_plan


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """What `run` hands to aiohttp, instead of serving forever."""
    handed: dict[str, Any] = {}

    def run_app(application: web.Application, **options: Any) -> None:
        handed.update(options, app=application, port=options["sock"].getsockname()[1])
        options["sock"].close()

    monkeypatch.setattr(command.web, "run_app", run_app)
    return handed


@pytest.fixture
def elsewhere(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory that is not the repository, and an empty database."""
    directory = tmp_path / "elsewhere"
    directory.mkdir()
    monkeypatch.chdir(directory)
    monkeypatch.setenv("CADENCE_DATABASE_URL", f"sqlite:///{tmp_path / 'run.db'}")
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "MICROSOFT_APP_ID", "CADENCE_PLAN"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def test_run_on_an_empty_database_anywhere_loads_the_example_plan(
    elsewhere: Path, served: dict[str, Any]
) -> None:
    result = CliRunner().invoke(app, ["run", "--port", "0"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "No plan loaded yet" not in result.output
    assert "Loaded the example plan (examples/plan.yaml)" in result.output
    address = f"http://127.0.0.1:{served['port']}"
    assert f"Local mode: open {address} and pick a person" in result.output
    assert "WARNING" not in result.output
    engine = open_engine(f"sqlite:///{elsewhere / 'run.db'}")
    with transaction(engine) as session:
        plan = load_plan(session)
    engine.dispose()
    assert plan is not None and any(p.name == "Dan Whitaker" for p in plan.people)
    routes = {r.resource.canonical for r in served["app"].router.routes() if r.resource}
    assert {"/", "/dashboard", "/local/api/directory"} <= routes


def test_run_again_keeps_the_stored_plan(elsewhere: Path, served: dict[str, Any]) -> None:
    CliRunner().invoke(app, ["run", "--port", "0"], catch_exceptions=False)
    again = CliRunner().invoke(app, ["run", "--port", "0"], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    assert "Loaded the example plan" not in again.output


def test_a_taken_port_is_one_clear_line_and_nothing_starts(
    elsewhere: Path, served: dict[str, Any]
) -> None:
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["run", "--port", str(port)])
    assert result.exit_code == 1
    assert f"port {port} on 127.0.0.1 is taken" in result.output
    assert f"--port {port + 1}" in result.output and "Traceback" not in result.output
    assert served == {}, "nothing was served"
    assert not (elsewhere / "run.db").exists(), "nothing was started or written"


def test_an_exposed_host_in_local_mode_warns_that_anyone_can_act_as_anyone(
    elsewhere: Path, served: dict[str, Any]
) -> None:
    result = CliRunner().invoke(app, ["run", "--host", "0.0.0.0", "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "WARNING: local mode has no sign-in" in result.output
    assert "act as any person of the plan, admins included" in result.output


def test_run_prints_the_dashboards_token_link(
    elsewhere: Path, served: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADENCE_DASHBOARD_TOKEN", "s3cr&t x")
    result = CliRunner().invoke(app, ["run", "--port", "0"], catch_exceptions=False)
    link = f"http://127.0.0.1:{served['port']}/dashboard?token=s3cr%26t+x"
    assert f"dashboard at {link}" in result.output
