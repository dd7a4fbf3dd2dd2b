"""Interactions this process has already taken on, so a retry or double click replies once.

The command service already records each idempotency key once; this keeps the adapter
from posting a second reply for it. A duplicate that arrives while the first delivery is
still being handled waits for it rather than being dropped: if the first fails, the key is
released and the duplicate, which may be the only delivery that can still succeed, does
the work.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict


class RecentKeys:
    """A bounded set of claimed keys, oldest forgotten first: each is running (an event
    its duplicates wait on) or done."""

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._keys: OrderedDict[str, asyncio.Event | None] = OrderedDict()

    def claim(self, key: str) -> bool:
        """True the first time a key is seen; False while it is running or done."""
        if key in self._keys:
            return False
        self._keys[key] = asyncio.Event()
        if len(self._keys) > self._capacity:
            _, forgotten = self._keys.popitem(last=False)
            if forgotten is not None:
                forgotten.set()
        return True

    async def claim_or_wait(self, key: str) -> bool:
        """Claim the key, or wait while it runs elsewhere: True when this caller is to do
        the work (the first, or the next after a failure), False once it is done."""
        while key in self._keys:
            running = self._keys[key]
            if running is None:
                return False
            await running.wait()
        return self.claim(key)

    def finish(self, key: str) -> None:
        """The key's handling succeeded: its duplicates stop waiting and do nothing."""
        running = self._keys.get(key)
        if key in self._keys:
            self._keys[key] = None
        if running is not None:
            running.set()

    def release(self, key: str) -> None:
        """Forget a key whose handling failed, so a duplicate or Slack's retry does the work."""
        running = self._keys.pop(key, None)
        if running is not None:
            running.set()
