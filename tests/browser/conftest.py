"""Chromium for the browser tests: Debian's package, never a downloaded browser."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
async def browser() -> AsyncIterator[object]:
    """A headless Debian Chromium driven by Playwright."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium"
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests, but {reason}")
        pytest.skip(reason)
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
def artifacts(request: pytest.FixtureRequest) -> Path:
    """Where screenshots go (gitignored), kept after the run for CI to upload."""
    ARTIFACTS.mkdir(exist_ok=True)
    request.config.stash[_SHOTS_TAKEN] = True
    return ARTIFACTS


_SHOTS_TAKEN = pytest.StashKey[bool]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say where the screenshots are, so a person or a CI step can pick them up."""
    if terminalreporter.config.stash.get(_SHOTS_TAKEN, False):
        shots = sorted(ARTIFACTS.glob("*.png"))
        terminalreporter.write_line(f"browser screenshots ({len(shots)}): {ARTIFACTS}")
