"""When to try a failed delivery again: exponential backoff with jitter, so a platform
outage does not end in every replica retrying in lockstep, and never sooner than the
platform asked (Slack's Retry-After)."""

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
        exponential = min(self.cap, self.base * 2 ** max(0, attempts - 1))
        spread = exponential * (1 + self.jitter * (2 * rng.random() - 1))
        if retry_after is None:
            return spread
        # The platform's own wait is a floor; jitter only ever adds to it.
        return max(spread, retry_after * (1 + self.jitter * rng.random()))

    def exhausted(self, attempts: int) -> bool:
        return attempts >= self.max_attempts
