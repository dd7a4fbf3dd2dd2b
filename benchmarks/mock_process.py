"""The mock Slack Web API of tests/slack, run in a process of its own for the benchmarks.

In the benchmark's own process the mock's request handling and Block Kit checks compete
with the bot for one event loop and one GIL, so the bot's figures would include the
mock's work. Here the very same MockSlack, with the same clock-based limits and the same
checks, answers on 127.0.0.1 from a child process; the benchmark asks it over a pipe for
what it recorded (message history, 429s, violations, calls per method).
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import time
from collections import Counter
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "slack"))

from mock_slack import MockSlack

# (method, count, per in unscaled seconds, per channel): Slack's limits the mock enforces.
PACES = (
    ("chat.postMessage", 1, 1.0, True),
    ("chat.postMessage", 300, 60.0, False),
    ("chat.update", 50, 60.0, False),
    ("conversations.open", 50, 60.0, False),
)


def _serve(conn: Connection, users: dict[str, dict[str, Any]], scale: float) -> None:
    asyncio.run(_serve_async(conn, users, scale))


async def _serve_async(conn: Connection, users: dict[str, dict[str, Any]], scale: float) -> None:
    slack = MockSlack(users=users)
    await slack.start()
    for method, count, per, per_channel in PACES:
        slack.pace(method, count=count, per=per / scale, per_channel=per_channel)
    conn.send(slack.url("/"))
    loop = asyncio.get_running_loop()
    while True:
        request = await loop.run_in_executor(None, conn.recv)
        if request == "stop":
            break
        conn.send(_answer(slack, request))
    await slack.close()
    conn.send("stopped")


def _answer(slack: MockSlack, request: str) -> Any:
    if request == "history":
        return dict(slack.history)
    return {
        "throttled": dict(slack.throttled),
        "violations": slack.violations[:10],
        "calls": dict(Counter(c.method for c in slack.calls)),
        "cpu": time.process_time(),
    }


class RemoteSlack:
    """A MockSlack in a child process: its URLs, and what it recorded, on request."""

    def __init__(self, users: dict[str, dict[str, Any]], scale: float) -> None:
        context = multiprocessing.get_context("spawn")
        self._conn, child = context.Pipe()
        self._process = context.Process(
            target=_serve, args=(child, users, scale), name="mock-slack", daemon=True
        )
        self._base = ""

    async def start(self) -> None:
        self._process.start()
        self._base = await asyncio.to_thread(self._conn.recv)

    @property
    def api_url(self) -> str:
        return self.url("/api/")

    def url(self, path: str) -> str:
        return self._base.rstrip("/") + path

    async def history(self) -> dict[str, list[dict[str, Any]]]:
        """Every channel's messages as the mock holds them now."""
        return await self._ask("history")

    async def stats(self) -> dict[str, Any]:
        """429s per method, the first Block Kit violations, calls per method, CPU seconds."""
        return await self._ask("stats")

    async def close(self) -> None:
        await self._ask("stop")
        await asyncio.to_thread(self._process.join, 10)

    async def _ask(self, request: str) -> Any:
        def exchange() -> Any:
            self._conn.send(request)
            return self._conn.recv()

        return await asyncio.to_thread(exchange)
