"""Work that builds a great many objects at once, such as reading a large plan.

Python's cyclic garbage collector runs ever more often as objects pile up, and each full
pass walks every live object: on a 33,000-measure plan those passes were over half the time
of reading it. Such work makes no garbage cycles worth collecting meanwhile, so it runs
with the collector paused, which is resumed (and catches up) when the work ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the block, unless it was already off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
