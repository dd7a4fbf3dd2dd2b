"""Acknowledgements are written in groups: whatever arrives while a write runs goes into
the next one, and each caller learns its own item's fate. Nothing sleeps: the first
write is held at a gate until the others are waiting."""

import asyncio
import threading

import pytest

from bot.runtime.group_commit import GroupCommit


class GatedWrites:
    """A write that records every item but `refused`, the first one held until `open`."""

    def __init__(self, refused=(), failing=()) -> None:
        self.groups: list[list[int]] = []
        self.started, self.gate = threading.Event(), threading.Event()
        self.refused, self.failing = set(refused), set(failing)

    def __call__(self, items: list[int]) -> set[int]:
        self.groups.append(items)
        self.started.set()
        self.gate.wait(timeout=10)
        if self.failing & set(items):
            raise RuntimeError("the database went away")
        return set(items) - self.refused


async def first_write_running(book: GroupCommit[int], writes: GatedWrites) -> asyncio.Future:
    first = asyncio.ensure_future(book.record(1))
    await asyncio.to_thread(writes.started.wait, 10)
    return first


async def test_what_arrives_while_a_write_runs_is_written_together_next():
    writes = GatedWrites(refused={3})
    book = GroupCommit(writes)
    first = await first_write_running(book, writes)
    rest = [asyncio.ensure_future(book.record(i)) for i in (2, 3, 4)]
    await asyncio.sleep(0)
    writes.gate.set()
    assert await asyncio.gather(first, *rest) == [True, True, False, True]
    assert writes.groups == [[1], [2, 3, 4]]


async def test_a_failed_write_fails_each_of_its_callers_and_the_next_group_still_goes():
    writes = GatedWrites(failing={2})
    book = GroupCommit(writes, most=2)
    first = await first_write_running(book, writes)
    rest = [asyncio.ensure_future(book.record(i)) for i in (2, 3, 4)]
    await asyncio.sleep(0)
    writes.gate.set()
    assert await first is True
    for failed in rest[:2]:
        with pytest.raises(RuntimeError, match="went away"):
            await failed
    assert await rest[2] is True
    assert writes.groups == [[1], [2, 3], [4]]
