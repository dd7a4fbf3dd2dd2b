"""Slack Web API failures as the outbox sender understands them: retry later or give up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

from bot.ports import RetryLater, Undeliverable

# The recipient cannot be reached at all: the engine stops asking and escalates instead.
UNREACHABLE = frozenset(
    {
        "user_not_found",
        "users_not_found",
        "account_inactive",
        "user_disabled",
        "channel_not_found",
        "not_in_channel",
        "is_archived",
        "cannot_dm_bot",
        "messages_tab_disabled",
    }
)
TRANSIENT = frozenset(
    {"ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout"}
)


def delivery_failure(error: BaseException) -> RetryLater | Undeliverable:
    """The port's exception for a failed Web API call: 429/5xx/timeouts retry, the rest stop.
    Unless the request never left (no connection) or Slack refused it (rate limit), Slack
    may have posted before the answer was lost ("it's possible some aspect of the operation
    succeeded", say its internal_error and fatal_error), so the outcome is unknown."""
    if isinstance(error, aiohttp.ClientConnectorError):
        return RetryLater(f"network: {type(error).__name__}")
    if isinstance(error, TimeoutError | aiohttp.ClientError):
        return RetryLater(f"network: {type(error).__name__}", outcome_unknown=True)
    if not isinstance(error, SlackApiError):
        raise TypeError(f"not a Slack failure: {error!r}") from error
    status = getattr(error.response, "status_code", 200)
    data = error.response.data
    code = str(data.get("error", "")) if isinstance(data, dict) else ""
    if status == 429 or code == "ratelimited":
        return RetryLater("ratelimited", retry_after=retry_after(error.response.headers))
    if status >= 500 or code in TRANSIENT:
        return RetryLater(f"slack {status} {code}".strip(), outcome_unknown=True)
    return Undeliverable(code or f"http {status}", unreachable=code in UNREACHABLE)


def retry_after(headers: Any) -> timedelta | None:
    """Slack's Retry-After header in seconds, whatever shape the client kept headers in."""
    for name, value in dict(headers or {}).items():
        if name.lower() == "retry-after":
            first = value[0] if isinstance(value, list | tuple) else value
            return timedelta(seconds=int(first)) if str(first).isdigit() else None
    return None
