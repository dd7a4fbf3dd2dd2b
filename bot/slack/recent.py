"""Interactions this process has already taken on, so a retry or double click replies once.

The command service already records each idempotency key once; this keeps the adapter
from posting a second reply for it. A key is released when handling fails, so a retry
that is the only delivery that arrived still gets through.
"""

from __future__ import annotations

from collections import OrderedDict


class RecentKeys:
    """A bounded set of claimed keys, oldest forgotten first."""

    def __init__(self, capacity: int = 50_000) -> None:
        self._capacity = capacity
        self._keys: OrderedDict[str, None] = OrderedDict()

    def claim(self, key: str) -> bool:
        """True the first time a key is seen; False while it is claimed."""
        if key in self._keys:
            return False
        self._keys[key] = None
        if len(self._keys) > self._capacity:
            self._keys.popitem(last=False)
        return True

    def release(self, key: str) -> None:
        """Forget a key whose handling failed, so Slack's retry can do the work."""
        self._keys.pop(key, None)
