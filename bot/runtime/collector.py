"""The cyclic garbage collector held off while a tick runs.

A tick builds hundreds of thousands of small objects (groups, lines, views, rows) next to
a plan and its histories that stay for the life of the process. Every few thousand new
objects Python's collector runs, and its older generations walk that whole long-lived
heap again: about a fifth of a steady tick on the 33,000-measure plan, for no garbage
(a tick's objects hold no cycles; reference counting frees them). Paused for the tick,
the collector runs once afterwards, off the path of the tick's transaction.

The pause is process-wide, so the asyncio loop serving chat events goes uncollected for
the tick's second or so; that only delays freeing the rare cycle it creates.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block; nested pauses keep it off until the
    outermost one ends, and a collector someone else disabled stays disabled."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
