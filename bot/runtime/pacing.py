"""Pacing: deliveries wait their turn under the platform's rate limits instead of being
answered with 429s, so a Monday wave of thousands of check-ins goes out at the rate the
platform allows.

Each limit is a sliding window (at most `count` calls in any `per`), kept as the times of
the latest calls: exact, where a token bucket of the same rate would let up to twice the
count through in one window. Admission checks and counts in one synchronous step, so the
sender's concurrent deliveries never overshoot a window together. A call is counted from
its admission, and once it is over (settle) at the moment the platform answered: the
platform counted it when it arrived, which is no later, so however long a call spent
on its way (rendering queued behind others, a busy event loop, a slow connection), the
call a window later cannot arrive inside the platform's window. Counting from admission
alone let bunched calls overshoot. Time comes from the injected clock; the sender does
the waiting.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime

from bot.ports import Delivery, RateLimit, Scope, call_of
from bot.runtime.clock import Clock

# Windows of conversations that went quiet are dropped every this many admissions, so a
# wave to 5,000 people does not leave 5,000 windows behind.
_SWEEP_EVERY = 1000


class Window:
    """The calls one limit counted in its latest `per`: those still on their way, and the
    times the platform answered the others."""

    def __init__(self, limit: RateLimit) -> None:
        self.limit = limit
        self._times: deque[datetime] = deque()
        self._open = 0
        # Deliveries asleep until this window has a place for them.
        self.waiting = 0

    def ready_at(self, now: datetime, *, behind: int = 0) -> datetime:
        """The earliest instant from `now` on at which one more call stays inside, once
        `behind` calls admitted before it have taken their places too."""
        self._forget(now)
        # Places in the window, oldest first: answered calls, then calls on their way,
        # then calls still to come; a place frees one `per` after the call in it.
        place = len(self._times) + self._open - self.limit.count + behind
        periods = 0
        while place >= len(self._times) + self._open:
            place -= self.limit.count  # a call still to come frees a place a `per` later
            periods += 1
        if place < 0:
            start = now
        elif place < len(self._times):
            start = self._times[place] + self.limit.per
        else:
            start = now + self.limit.per  # on its way: it frees no sooner than `per` from now
        return start + periods * self.limit.per

    def count(self) -> None:
        self._open += 1

    def settle(self, now: datetime) -> None:
        self._open -= 1
        self._times.append(now)

    def idle(self, now: datetime) -> bool:
        self._forget(now)
        return not self._times and not self._open and not self.waiting

    def _forget(self, now: datetime) -> None:
        while self._times and self._times[0] <= now - self.limit.per:
            self._times.popleft()


class Pacer:
    """Admits one platform's deliveries at the pace its declared limits allow."""

    def __init__(self, limits: Sequence[RateLimit], clock: Clock) -> None:
        self._limits = tuple(limits)
        self._clock = clock
        self._windows: dict[tuple[int, str], Window] = {}
        self._held_until: datetime | None = None
        self._admitted = 0

    def admit(self, delivery: Delivery) -> datetime | None:
        """Count the delivery and return None when it may be sent now; otherwise count
        nothing and return when to try again: after the deliveries already waiting have
        had their turns, so that a place freeing wakes one of them, not all."""
        now = self._clock.now()
        windows = self._windows_for(delivery)
        ready = max((w.ready_at(now) for w in windows), default=now)
        if self._held_until is not None:
            ready = max(ready, self._held_until)
        if ready > now:
            behind = max((w.ready_at(now, behind=w.waiting) for w in windows), default=now)
            return max(ready, behind)
        for window in windows:
            window.count()
        self._tidy(now)
        return None

    @contextmanager
    def waiting(self, delivery: Delivery) -> Iterator[None]:
        """While a delivery sleeps until the moment admit gave it, the deliveries asking
        after it are given later moments."""
        windows = self._windows_for(delivery)
        for window in windows:
            window.waiting += 1
        try:
            yield
        finally:
            for window in windows:
                window.waiting -= 1

    def settle(self, delivery: Delivery) -> None:
        """An admitted delivery's call is over (answered, failed, or never made): from now
        on its windows count it at this moment."""
        now = self._clock.now()
        for window in self._windows_for(delivery):
            window.settle(now)

    def hold(self, until: datetime) -> None:
        """Send nothing before `until`: the platform said to wait (Retry-After)."""
        if self._held_until is None or until > self._held_until:
            self._held_until = until

    def _windows_for(self, delivery: Delivery) -> list[Window]:
        call = call_of(delivery)
        windows = []
        for index, limit in enumerate(self._limits):
            if call not in limit.calls:
                continue
            scope = delivery.address if limit.scope is Scope.ADDRESS else ""
            window = self._windows.get((index, scope))
            if window is None:
                window = self._windows[(index, scope)] = Window(limit)
            windows.append(window)
        return windows

    def _tidy(self, now: datetime) -> None:
        self._admitted += 1
        if self._admitted % _SWEEP_EVERY:
            return
        for key in [k for k, w in self._windows.items() if w.idle(now)]:
            del self._windows[key]
