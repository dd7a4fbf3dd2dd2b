"""One keep-alive HTTP session for every call the Slack surface makes.

slack_sdk's AsyncWebClient and AsyncWebhookClient open a new aiohttp session, so a new
connection, for every call unless they are given one: in a Monday wave that is a TCP
(and, against Slack, a TLS) handshake per message. The session is created on first use,
inside the running event loop it belongs to, and closed when the surface stops.
"""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.web.async_slack_response import AsyncSlackResponse
from slack_sdk.webhook.async_client import AsyncWebhookClient, WebhookResponse

# Connections kept open to Slack: more than the outbox sender and the listeners have
# calls in flight at once.
CONNECTIONS = 64
# slack_sdk's own default: a session-wide timeout, since a shared session's applies.
TIMEOUT_SECONDS = 30


class SharedSession:
    """The one aiohttp session of the surface, made lazily in the loop that uses it."""

    def __init__(self, *, connections: int = CONNECTIONS) -> None:
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def get(self) -> aiohttp.ClientSession:
        """The open session for the running loop (a new one if the loop changed)."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections),
                timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS),
            )
            self._loop = loop
        return self._session

    async def close(self) -> None:
        """Close the session, if one is open in this loop."""
        if self._session is not None and self._loop is asyncio.get_running_loop():
            await self._session.close()
        self._session = None
        self._loop = None


class KeepAliveWebClient(AsyncWebClient):
    """An AsyncWebClient whose every call goes through the shared session."""

    def __init__(self, *, shared: SharedSession, **options: Any) -> None:
        super().__init__(**options)
        self._shared = shared

    async def api_call(self, *args: Any, **kwargs: Any) -> AsyncSlackResponse:
        self.session = self._shared.get()
        return await super().api_call(*args, **kwargs)


def responder(shared: SharedSession, response_url: str) -> Any:
    """Bolt's `respond` for a response_url, over the shared session."""

    async def respond(**message: Any) -> WebhookResponse:
        client = AsyncWebhookClient(url=response_url, session=shared.get())
        return await client.send_dict(message)

    return respond
