import pytest
from typer.testing import CliRunner

from bot.cli.main import app


@pytest.fixture
def cli(tmp_path, monkeypatch):
    """Run `cadence-bot ...` in-process against a fresh SQLite file; returns the result."""
    monkeypatch.setenv("CADENCE_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return run
