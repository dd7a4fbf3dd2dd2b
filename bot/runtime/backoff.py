"""When to try a failed delivery again: exponential backoff with jitter, so a platform
outage does not end in every replica retrying in lockstep; a rate limit waits exactly
as long as the platform asked (Retry-After), never the outage backoff."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """`max_attempts` deliveries at most; the n-th retry waits about base * 2**(n-1),
    capped, spread by ±jitter."""

    base: timedelta = timedelta(seconds=30)
    cap: timedelta = timedelta(hours=1)
    max_attempts: int = 8
    jitter: float = 0.2

    def delay(self, attempts: int, retry_after: timedelta | None, rng: random.Random) -> timedelta:
        """The wait after the `attempts`-th failed delivery."""
        if retry_after is not None:
            # A rate limit, not an outage: the platform says when; jitter only adds to it.
            return retry_after * (1 + self.jitter * rng.random())
        exponential = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        return exponential * (1 + self.jitter * (2 * rng.random() - 1))

    def exhausted(self, attempts: int) -> bool:
        return attempts >= self.max_attempts
