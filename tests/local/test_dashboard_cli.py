"""`cadence-bot dashboard`: the dashboard served alone, with its shareable link."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from typer.testing import CliRunner

from bot.cli import dashboard as command
from bot.cli.main import app


async def test_the_dashboard_alone_behind_its_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CADENCE_DATABASE_URL", f"sqlite:///{tmp_path / 'd.db'}")
    monkeypatch.setenv("CADENCE_DASHBOARD_TOKEN", "s3cret")
    served: dict[str, Any] = {}

    def run_app(application: web.Application, **options: Any) -> None:
        served.update(options, app=application)

    monkeypatch.setattr(command.web, "run_app", run_app)
    result = CliRunner().invoke(app, ["dashboard", "--port", "8099"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8099/dashboard?token=s3cret" in result.output
    assert served["host"] == "127.0.0.1" and served["port"] == 8099
    async with TestClient(TestServer(served["app"])) as client:
        assert (await client.get("/dashboard")).status == 401
        opened = await client.get("/dashboard?token=s3cret")
        assert opened.status == 200 and "No plan yet" in await opened.text()
        assert (await client.get("/")).status == 404, "the local workspace is not served"
