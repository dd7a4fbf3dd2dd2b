"""Group commit: many small writes, each waiting for its own answer, made in one transaction.

A paced wave acknowledges about a hundred messages a second, and a transaction per
acknowledgement was a large share of the sender's CPU (statement building, BEGIN and
COMMIT, a worker thread's hand-off). Here a write starts as soon as one is asked for,
and whatever is asked for while it runs goes into the next one: nothing waits on a timer,
an idle sender still writes each row at once, and a busy one writes in groups.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Collection, Hashable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class GroupCommit(Generic[T]):
    """Writes items in groups of up to `most` through `write` (run in a worker thread),
    which returns the items it recorded; each caller learns whether its own one was."""

    def __init__(self, write: Callable[[list[T]], Collection[T]], *, most: int = 200) -> None:
        self._write = write
        self._most = most
        self._waiting: list[tuple[T, asyncio.Future[bool]]] = []
        self._writing: asyncio.Task[None] | None = None

    async def record(self, item: T) -> bool:
        """Whether the write that took `item` recorded it; raises what that write raised."""
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._writing is None or self._writing.done():
            self._writing = asyncio.ensure_future(self._write_all())
        return await future

    async def _write_all(self) -> None:
        while self._waiting:
            group, self._waiting = self._waiting[: self._most], self._waiting[self._most :]
            try:
                recorded = await asyncio.to_thread(self._write, [item for item, _ in group])
            except Exception as error:
                _settle(group, error=error)
            else:
                _settle(group, recorded=recorded)
            finally:
                # Cancelled mid-write (the loop is closing): nobody is left waiting forever.
                for _, future in group:
                    future.cancel()


def _settle(
    group: list[tuple[T, asyncio.Future[bool]]],
    *,
    recorded: Collection[T] = (),
    error: Exception | None = None,
) -> None:
    for item, future in group:
        if future.done():
            continue  # its caller gave up waiting
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(item in recorded)
