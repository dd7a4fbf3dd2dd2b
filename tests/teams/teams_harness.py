"""The Teams surface wired as in production, against the fake Bot Framework."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from fake_channel import APP_ID, ISSUER, Connector, SigningKeys, StaticCredentialsFactory
from jinja2 import Environment
from teams_fakes import RecordingHandler, activity

from bot.runtime.clock import Clock
from bot.settings import Settings
from bot.teams import MemoryConversationStore, TeamsSurface, build_teams
from bot.teams.auth import authentication_for


def settings(**values: Any) -> Settings:
    return Settings(**({"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "pw"} | values))


def surface_for(
    config: Settings,
    *,
    keys: SigningKeys,
    handler: RecordingHandler,
    store: MemoryConversationStore,
    env: Environment,
    local_channel: bool,
    clock: Clock | None = None,
) -> TeamsSurface:
    """build_teams with the channel's endpoints moved to 127.0.0.1 and a fixed outbound
    token, or (local_channel=False) exactly as production builds it."""
    if not local_channel:
        return build_teams(config, handler, store, env=env, clock=clock)
    endpoints = {
        "TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL": keys.url,
        "TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL": keys.url,
        "TO_BOT_FROM_CHANNEL_TOKEN_ISSUER": ISSUER,
        "TO_CHANNEL_FROM_BOT_OAUTH_SCOPE": "https://api.botframework.com",
        "TO_CHANNEL_FROM_BOT_LOGIN_URL": "http://127.0.0.1:9/never-called",
        "CALLER_ID": "urn:botframework:azure",
    }
    auth = authentication_for(config, endpoints=endpoints, credentials=StaticCredentialsFactory())
    return build_teams(config, handler, store, env=env, authentication=auth, clock=clock)


@dataclass
class Harness:
    """One running bot: post activities at it, watch the connector and the handler."""

    keys: SigningKeys
    connector: Connector
    env: Environment
    handler: RecordingHandler = field(default_factory=RecordingHandler)
    store: MemoryConversationStore = field(default_factory=MemoryConversationStore)
    clock: Clock | None = None
    client: TestClient | None = None
    surface: TeamsSurface | None = None

    async def start(self, config: Settings | None = None, *, local_channel: bool = True) -> None:
        """Start (or restart) the bot process; the store outlives a restart."""
        if self.client is not None:
            await self.client.close()
        self.surface = surface_for(
            config or settings(),
            keys=self.keys,
            handler=self.handler,
            store=self.store,
            env=self.env,
            local_channel=local_channel,
            clock=self.clock,
        )
        app = web.Application()
        self.surface.add_routes(app)
        self.client = TestClient(TestServer(app, host="127.0.0.1"))
        await self.client.start_server()

    def activity(self, name: str, **changes: Any) -> dict[str, Any]:
        """A fixture activity coming from this connector."""
        return activity(name, serviceUrl=self.connector.url, **changes)

    async def post(self, body: dict[str, Any], *, token: str | None = "signed", **claims: Any):
        """POST an activity; by default with a valid channel token for it."""
        headers = {}
        if token == "signed":
            token = self.keys.token(service_url=body["serviceUrl"], **claims)
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        assert self.client is not None
        return await self.client.post("/api/messages", json=body, headers=headers)

    @property
    def port(self):
        assert self.surface is not None
        return self.surface.port
