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
    monkeypatch.setenv("CADENCE_DASHBOARD_TOKEN", "s3cr&t x")
    served: dict[str, Any] = {}

    def run_app(application: web.Application, **options: Any) -> None:
        served.update(options, app=application, address=options["sock"].getsockname())
        options["sock"].close()

    monkeypatch.setattr(command.web, "run_app", run_app)
    result = CliRunner().invoke(app, ["dashboard", "--port", "0"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    host, port = served["address"]
    assert host == "127.0.0.1"
    assert f"http://127.0.0.1:{port}/dashboard?token=s3cr%26t+x" in result.output, "URL-encoded"
    async with TestClient(TestServer(served["app"])) as client:
        assert (await client.get("/dashboard")).status == 401
        opened = await client.get("/dashboard", params={"token": "s3cr&t x"})
        assert opened.status == 200 and "No plan yet" in await opened.text()
        assert (await client.get("/")).status == 404, "the local workspace is not served"
