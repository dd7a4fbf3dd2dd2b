"""The Slack surface the lead wires in: one AsyncApp, served over HTTP or Socket Mode.

HTTP mode mounts /slack/events (events, interactivity and the slash command) on the
shared aiohttp app; Socket Mode connects out with the app-level token, so no public URL
is needed. Both feed the same Bolt listeners, with Bolt's signature verification on HTTP.
"""

from __future__ import annotations

import asyncio

from aiohttp import web
from jinja2 import Environment
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)

from bot.service_api import CommandHandler
from bot.settings import Settings
from bot.slack.actors import ActorDirectory
from bot.slack.charts import Pause
from bot.slack.forms import CheckinForms
from bot.slack.home import HomeTab
from bot.slack.http import KeepAliveWebClient, SharedSession
from bot.slack.listeners import SlackListeners
from bot.slack.port import DmChannelStore, SlackPort
from bot.slack.recent import RecentKeys
from bot.slack.replies import OutcomeSender
from bot.slack.workspace import SlackWorkspace

EVENTS_PATH = "/slack/events"


class SlackSurface:
    """The Slack app: `.port` for the outbox, `.workspace` for lookups, and HTTP routes or a
    Socket Mode connection for what people send."""

    def __init__(
        self,
        *,
        app: AsyncApp,
        port: SlackPort,
        workspace: SlackWorkspace,
        app_token: str | None,
        session: SharedSession,
        verifies: bool = True,
    ) -> None:
        self.app = app
        self.port = port
        self.workspace = workspace
        self._app_token = app_token
        self._verifies = verifies
        self._session = session
        self._socket: AsyncSocketModeHandler | None = None

    @property
    def socket_mode(self) -> bool:
        """Socket Mode when SLACK_APP_TOKEN is set, HTTP mode otherwise."""
        return self._app_token is not None

    def add_routes(self, app: web.Application) -> None:
        """Serve Slack's requests at /slack/events on the shared aiohttp app (HTTP mode,
        which only runs with a signing secret to verify every request by)."""
        if not self._verifies:
            raise RuntimeError("HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests")
        app.router.add_post(EVENTS_PATH, self._dispatch)

    async def _dispatch(self, request: web.Request) -> web.Response:
        response = await self.app.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def start_socket_mode(self) -> None:
        """Open the Socket Mode connection and return; it reconnects on its own until stop()."""
        if self._app_token is None:
            raise RuntimeError("Socket Mode needs SLACK_APP_TOKEN (an xapp- app-level token)")
        self._socket = AsyncSocketModeHandler(self.app, self._app_token)
        await self._socket.connect_async()

    async def stop(self) -> None:
        """Close the Socket Mode connection, if one is open, and the kept-alive connections."""
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        await self._session.close()


def build_slack(
    settings: Settings,
    handler: CommandHandler,
    *,
    env: Environment,
    dm_store: DmChannelStore | None = None,
    pause: Pause = asyncio.sleep,
) -> SlackSurface:
    """The Slack surface from settings; raises ValueError without a bot token, or without
    either the signing secret (HTTP mode) or an app token (Socket Mode).
    `dm_store` keeps opened DM channels across restarts; `pause` is how the adapter waits
    for Slack to finish an upload (tests pass one that only records)."""
    secret, app_token = settings.slack_signing_secret, settings.slack_app_token
    if settings.slack_bot_token is None or (secret is None and app_token is None):
        raise ValueError(
            "Slack needs SLACK_BOT_TOKEN, and SLACK_SIGNING_SECRET (HTTP mode) or "
            "SLACK_APP_TOKEN (Socket Mode)"
        )
    token = settings.slack_bot_token.get_secret_value()
    # Replies to a person wait out a 429 or a blip here; the outbox's client fails fast,
    # because the sender paces and retries deliveries itself (RetryLater has Retry-After).
    session = SharedSession()
    interactive = KeepAliveWebClient(
        shared=session,
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )
    outbox = KeepAliveWebClient(
        shared=session, token=token, base_url=settings.slack_api_url, retry_handlers=[]
    )
    # Matching thousands of owners runs into users.lookupByEmail's Tier 3 limit; this
    # client waits out every Retry-After instead of giving up on a person.
    directory_client = KeepAliveWebClient(
        shared=session,
        token=token,
        base_url=settings.slack_api_url,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=100),
            AsyncServerErrorRetryHandler(max_retry_count=2),
        ],
    )
    port = SlackPort(outbox, env, dm_store=dm_store)
    sender = OutcomeSender(interactive, env, port, pause=pause, session=session)
    directory = ActorDirectory(interactive)
    recent = RecentKeys()
    home = HomeTab(client=interactive, handler=handler, env=env)
    forms = CheckinForms(
        client=interactive,
        env=env,
        handler=handler,
        directory=directory,
        sender=sender,
        recent=recent,
        home=home,
    )
    listeners = SlackListeners(
        handler=handler,
        directory=directory,
        sender=sender,
        forms=forms,
        recent=recent,
        home=home,
    )
    # Socket Mode envelopes come over the app token's own connection and are not signed;
    # without a secret no HTTP route is served (add_routes refuses), so none is needed.
    app = AsyncApp(
        client=interactive,
        signing_secret=secret.get_secret_value() if secret else "",
        name="cadence-bot",
    )
    listeners.attach(app)
    return SlackSurface(
        app=app,
        port=port,
        workspace=SlackWorkspace(directory_client),
        app_token=app_token.get_secret_value() if app_token else None,
        session=session,
        verifies=secret is not None,
    )
