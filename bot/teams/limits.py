"""Teams' published bot limits, for the outbox sender to pace to.

Per bot per conversation ("thread": a 1:1 chat, group chat or channel), sending and
updating alike: 7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in an hour. Per app per tenant:
50 requests a second. A proactive message is one Bot Connector request.
"""

from __future__ import annotations

from datetime import timedelta

from bot.ports import RateLimit, Scope

LIMITS = (
    RateLimit(7, timedelta(seconds=1), Scope.ADDRESS),
    RateLimit(8, timedelta(seconds=2), Scope.ADDRESS),
    RateLimit(60, timedelta(seconds=30), Scope.ADDRESS),
    RateLimit(1800, timedelta(hours=1), Scope.ADDRESS),
    RateLimit(50, timedelta(seconds=1), Scope.PLATFORM),
)
