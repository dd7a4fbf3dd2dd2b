"""A Bot Framework on 127.0.0.1: signing keys the channel publishes, and a Bot Connector
that records every reply, card update and proactive message the bot makes."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote

import jwt
from aiohttp import web
from botframework.connector.auth import AppCredentials, ServiceClientCredentialsFactory
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

APP_ID = "a1b2c3d4-0000-4000-8000-00000000b07a"
ISSUER = "https://api.botframework.com"
KID = "cadence-test-key"
OUTBOUND_TOKEN = "token-the-bot-sends"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class SigningKeys:
    """The channel's OpenID metadata and JWKS, served from a thread.

    botbuilder fetches keys with blocking `requests`, so they cannot be served from the
    event loop the bot runs on.
    """

    key: rsa.RSAPrivateKey
    url: str
    server: ThreadingHTTPServer

    def token(
        self,
        *,
        service_url: str,
        key: rsa.RSAPrivateKey | None = None,
        kid: str = KID,
        **claims,
    ) -> str:
        """A channel token as Teams' Bot Connector signs it; claims override the defaults."""
        now = int(time.time())
        body = {
            "iss": ISSUER,
            "aud": APP_ID,
            "serviceurl": service_url,
            "nbf": now - 5,
            "exp": now + 3600,
        } | claims
        return jwt.encode(body, key or self.key, algorithm="RS256", headers={"kid": kid})


@contextmanager
def signing_keys() -> Iterator[SigningKeys]:
    key = new_key()
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key())) | {
        "kid": KID,
        "use": "sig",
        "endorsements": ["msteams"],
    }

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            base = f"http://127.0.0.1:{self.server.server_port}"
            documents = {"/openid": {"jwks_uri": f"{base}/keys"}, "/keys": {"keys": [jwk]}}
            body = json.dumps(documents.get(self.path, {})).encode()
            self.send_response(200 if self.path in documents else 404)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SigningKeys(key, f"http://127.0.0.1:{server.server_port}/openid", server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Call:
    method: str
    conversation: str
    activity_id: str | None
    body: Any
    authorization: str | None


@dataclass
class Connector:
    """The Bot Connector REST API (v3 conversations), recording what the bot asks of it;
    the roster answers `emails` by member id, else `email`, and notes each lookup."""

    url: str = ""
    calls: list[Call] = field(default_factory=list)
    failures: list[tuple[int, dict[str, str], dict[str, Any]]] = field(default_factory=list)
    email: str | None = None
    emails: dict[str, str] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)
    _next_id: int = 0

    def fail_next(
        self,
        status: int,
        *,
        code: str = "",
        headers: dict | None = None,
        body: dict[str, Any] | None = None,
    ) -> None:
        """The next send or update is answered with this error (Teams' error body with
        `code`, or exactly `body`)."""
        error = body or {"error": {"code": code or "Failure", "message": "scripted"}}
        self.failures.append((status, headers or {}, error))

    def sent(self, method: str = "POST") -> list[Call]:
        return [c for c in self.calls if c.method == method]

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_route("*", "/v3/conversations/{conversation}/{what}", self._route)
        app.router.add_route("*", "/v3/conversations/{conversation}/{what}/{item}", self._route)
        return app

    async def _route(self, request: web.Request) -> web.Response:
        conversation = unquote(request.match_info["conversation"])
        what, item = request.match_info["what"], request.match_info.get("item")
        if what == "members" and request.method == "GET":
            member = unquote(item or "")
            self.lookups.append(member)
            email = self.emails.get(member, self.email)
            return web.json_response({"id": member, "name": "Ana Souza", "email": email})
        body = await request.json() if request.can_read_body else None
        self.calls.append(
            Call(request.method, conversation, item, body, request.headers.get("Authorization"))
        )
        if self.failures:
            status, headers, error = self.failures.pop(0)
            return web.json_response(error, status=status, headers=headers)
        if request.method == "PUT":
            return web.json_response({"id": item})
        self._next_id += 1
        return web.json_response({"id": f"msg-{self._next_id}"})


class StaticCredentials(AppCredentials):
    """Outbound credentials with a fixed token, so no test asks Azure AD for one."""

    def get_access_token(self, force_refresh: bool = False) -> str:
        return OUTBOUND_TOKEN


class StaticCredentialsFactory(ServiceClientCredentialsFactory):
    """Our one app id, never anonymous, with StaticCredentials."""

    async def is_valid_app_id(self, app_id: str) -> bool:
        return app_id == APP_ID

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> AppCredentials:
        return StaticCredentials(app_id, oauth_scope=oauth_scope)
