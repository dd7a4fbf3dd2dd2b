"""Slack's published limits on what the outbox sends, for the sender to pace to.

chat.postMessage allows about one message per second per channel and a workspace-wide
cap Slack only calls "several hundred a minute": 300 keeps clear of it, so a wave of
5,000 check-ins takes about 16 minutes instead of ending in a storm of 429s.
chat.update is Tier 3 (50+ a minute). Limits apply per app per workspace.
"""

from __future__ import annotations

from datetime import timedelta

from bot.ports import Call, RateLimit, Scope

POSTS = frozenset({Call.POST})
LIMITS = (
    RateLimit(1, timedelta(seconds=1), Scope.ADDRESS, POSTS),
    RateLimit(300, timedelta(minutes=1), Scope.PLATFORM, POSTS),
    RateLimit(50, timedelta(minutes=1), Scope.PLATFORM, frozenset({Call.UPDATE})),
)
