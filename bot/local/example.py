"""The example plan, shipped inside the package: the repository keeps it at
examples/plan.yaml and bot/local/example_plan.yaml links to it, so a wheel carries the
file itself and `run` (local mode) and `simulate` find it from any directory."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

EXAMPLE = "example_plan.yaml"


@contextmanager
def example_plan() -> Iterator[Path]:
    """A path to the example plan for as long as the block runs."""
    with resources.as_file(resources.files("bot.local") / EXAMPLE) as path:
        yield path
